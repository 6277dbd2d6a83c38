import fs from "node:fs";
import path from "node:path";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory["connect"]>>;
type SqlQuery = Parameters<SqlDriverAdapter["queryRaw"]>[0];
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;

/** What the sender of a message that could not be stored is told. */
export const STORAGE_NOTE = "暂时无法保存，请稍后再试。";

/** The database file was removed or replaced while the bot was running: every later write is refused. */
export class DbFileLost extends Error {
  constructor(readonly file: string, readonly why: "removed" | "replaced") {
    super(`database file ${why} while running: ${file} (writes stopped; restart the bot once the file is back)`);
    this.name = "DbFileLost";
  }
}

/**
 * Why a database operation failed when the cause is the storage itself (disk full, read-only,
 * I/O error, the file gone or replaced), or null for any other error. Looks through Prisma's
 * error code, message and causes.
 */
export function storageFailure(err: unknown): string | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    const text = `${code} ${(e as Error).message ?? e}`;
    if (e instanceof DbFileLost || /database file (removed|replaced) while running/.test(text)) return e instanceof DbFileLost ? e.message : text.trim();
    if (/SQLITE_FULL|ENOSPC|database or disk is full/i.test(text)) return "disk full (SQLITE_FULL)";
    if (/SQLITE_READONLY|EROFS|readonly database/i.test(text)) return "database is read-only (SQLITE_READONLY)";
    if (/SQLITE_IOERR|disk I\/O error|EIO\b/i.test(text)) return "disk I/O error (SQLITE_IOERR)";
    if (/SQLITE_CANTOPEN|unable to open database|SQLITE_NOTADB|SQLITE_CORRUPT/i.test(text)) return `database file unusable (${code || "SQLITE_CANTOPEN"})`;
  }
  return null;
}

/**
 * Watches the database file the bot opened: when it is deleted (or its folder is) or another
 * file takes its place, SQLite would go on writing to the old, unlinked file and everything
 * "saved" would be gone after a restart. The guard notices before each write and refuses it.
 */
export class DbFileGuard {
  private readonly identity: string | null;
  private lost: DbFileLost | null = null;

  constructor(readonly file: string) {
    this.identity = file === ":memory:" ? null : identityOf(path.resolve(file));
  }

  /** Throws DbFileLost when the file is no longer the one opened (once lost, always lost). */
  check(): void {
    if (this.lost) throw this.lost;
    if (this.identity === null) return;
    const now = identityOf(path.resolve(this.file));
    if (now === this.identity) return;
    this.lost = new DbFileLost(this.file, now === null ? "removed" : "replaced");
    throw this.lost;
  }
}

function identityOf(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

const READ = /^\s*SELECT\b/i;

/** Wraps a driver adapter factory so that every statement other than a SELECT first passes `guard.check()`. */
export function guardWrites(factory: SqlDriverAdapterFactory, guard: DbFileGuard): SqlDriverAdapterFactory {
  const wrap = <T extends SqlDriverAdapter | Transaction>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "queryRaw" || prop === "executeRaw") {
          return (q: SqlQuery) => {
            if (!READ.test(q.sql)) guard.check();
            return (value as (q: SqlQuery) => unknown).call(t, q);
          };
        }
        if (prop === "executeScript") {
          return (script: string) => {
            guard.check();
            return (value as (s: string) => unknown).call(t, script);
          };
        }
        if (prop === "startTransaction") {
          return async (...args: unknown[]) => wrap(await (value as (...a: unknown[]) => Promise<Transaction>).apply(t, args));
        }
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
  };
}
