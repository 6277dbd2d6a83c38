import { execFileSync } from "node:child_process";
import fs from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { openDb } from "../src/db/client.ts";
import { tempDbFile } from "./helpers/context.ts";

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY type, name`).all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, " ")}`);
}

describe("database", () => {
  it("the committed migrations produce exactly the schema in schema.prisma", () => {
    const migrated = tempDbFile();
    migrate(migrated);
    const fresh = tempDbFile();
    const sql = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: `file:${tempDbFile()}` },
    });
    const db = new Database(fresh);
    db.exec(sql);
    db.close();
    expect(schemaOf(migrated)).toEqual(schemaOf(fresh));
    expect(schemaOf(migrated).length).toBeGreaterThan(10);
  }, 60_000);

  it("creates, migrates once, and is recognised by the Prisma CLI as up to date", () => {
    const file = tempDbFile();
    const names = fs.readdirSync(MIGRATIONS_DIR).filter((n) => !n.endsWith(".toml")).sort();
    expect(migrate(file).applied).toEqual(names);
    expect(migrate(file).applied).toEqual([]);
    const status = execFileSync("npx", ["prisma", "migrate", "status"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: ["ignore", "pipe", "pipe"] });
    expect(status).toContain("Database schema is up to date");
  }, 60_000);

  it("opens in WAL mode with a busy timeout", async () => {
    const file = tempDbFile();
    const db = await openDb(file);
    const mode = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const timeout = await db.$queryRawUnsafe<{ timeout: number }[]>("PRAGMA busy_timeout");
    await db.$disconnect();
    expect(mode[0].journal_mode).toBe("wal");
    expect(Number(Object.values(timeout[0])[0])).toBeGreaterThanOrEqual(5000);
  });
});
