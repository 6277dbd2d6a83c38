import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";

/** An occurrence to record: claimed for sending, or skipped (too old, superseded). */
export interface OccurrenceRow {
  key: string;
  reminderId: number;
  dueAt: Date;
  status: "claimed" | "skipped";
  late: boolean;
}

/**
 * Inserts the occurrences; a key that already exists (another scheduler, an earlier
 * run) is left alone. Returns the keys this call inserted: only those may be sent.
 * One INSERT OR IGNORE … RETURNING statement (rows passed as one JSON parameter), atomic.
 */
export async function claimOccurrences(db: Db, rows: OccurrenceRow[], now: Date): Promise<Set<string>> {
  const won = new Set<string>();
  if (!rows.length) return won;
  const data = JSON.stringify(rows.map((r) => ({ k: r.key, r: r.reminderId, d: sqlDate(r.dueAt), s: r.status, l: r.late ? 1 : 0 })));
  const inserted = await db.$queryRawUnsafe<{ key: string }[]>(
    `INSERT OR IGNORE INTO "ReminderOccurrence" ("key", "reminderId", "dueAt", "claimedAt", "status", "late")
     SELECT j.value ->> 'k', j.value ->> 'r', j.value ->> 'd', ?, j.value ->> 's', j.value ->> 'l' FROM json_each(?) AS j WHERE true
     RETURNING "key"`,
    sqlDate(now),
    data,
  );
  for (const r of inserted) won.add(r.key);
  return won;
}

/** Sets the status of occurrences (claimed → sent). */
export async function setOccurrenceStatus(db: Db, keys: string[], status: string): Promise<void> {
  if (!keys.length) return;
  await db.$executeRawUnsafe(`UPDATE "ReminderOccurrence" SET "status" = ? WHERE "key" IN (SELECT value FROM json_each(?))`, status, JSON.stringify(keys));
}

/** Moves reminders on: new nextAt, or inactive when nothing is left (one statement). */
export async function advanceReminders(db: Db, updates: Array<{ id: number; nextAt: Date | null }>): Promise<void> {
  if (!updates.length) return;
  const data = JSON.stringify(updates.map((u) => ({ i: u.id, n: u.nextAt ? sqlDate(u.nextAt) : null })));
  await db.$executeRawUnsafe(
    `UPDATE "Reminder" SET "nextAt" = j.value ->> 'n', "active" = (j.value ->> 'n') IS NOT NULL
     FROM json_each(?) AS j WHERE "Reminder"."id" = j.value ->> 'i'`,
    data,
  );
}
