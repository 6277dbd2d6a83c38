import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { projectPath } from "../paths.ts";

/** The committed migrations (prisma/migrations), applied in name order. */
export const MIGRATIONS_DIR = projectPath("prisma", "migrations");

export interface MigrateResult {
  applied: string[];
  pending: string[];
}

/**
 * Applies the committed Prisma migrations that the database lacks, recording them
 * in `_prisma_migrations` exactly as `prisma migrate deploy` does, so the Prisma
 * CLI and this function agree. Runs in-process (no schema engine), fast at start-up.
 * Each migration runs on its own, not wrapped in a transaction (SQLite ignores
 * foreign_keys=OFF inside one, which would make table rebuilds cascade).
 */
export function migrate(file: string, opts: { dryRun?: boolean } = {}): MigrateResult {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const done = new Set(
      (sqlite.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    const names = fs
      .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, "migration.sql")))
      .map((d) => d.name)
      .sort();
    const pending = names.filter((n) => !done.has(n));
    if (opts.dryRun) return { applied: [], pending };
    const applied: string[] = [];
    for (const name of pending) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      const id = crypto.randomUUID();
      const startedAt = Date.now();
      sqlite.exec(sql);
      sqlite
        .prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
        .run(id, checksum, Date.now(), name, startedAt);
      applied.push(name);
    }
    return { applied, pending: [] };
  } finally {
    sqlite.close();
  }
}
