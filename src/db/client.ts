import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { migrate } from "./migrate.ts";
import { DbFileGuard, guardWrites } from "./storage.ts";

export type Db = PrismaClient;

/**
 * Opens (creating and migrating when needed) the SQLite database at `file`,
 * in WAL mode with a busy timeout, and returns a Prisma client over it. Writes stop (with
 * DbFileLost) once the file is removed or replaced under the running process.
 */
export async function openDb(file: string): Promise<Db> {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  migrate(file);
  const adapter = guardWrites(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }), new DbFileGuard(file));
  const db = new PrismaClient({ adapter });
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // WAL + NORMAL: durable across process crashes (what the outbox and scheduler rely on); fsync at checkpoints only.
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}
