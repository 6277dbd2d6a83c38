import type { Db } from "../db/client.ts";
import type { OutgoingMessage, Services } from "../chat/types.ts";

/** Below this many messages, enqueue one by one through services.send. */
const BULK_THRESHOLD = 20;

/** DateTime as Prisma's SQLite adapter stores it (text, compared as text). */
export function sqliteDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

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
  const data = JSON.stringify(rows.map((r) => ({ k: r.key, r: r.reminderId, d: sqliteDate(r.dueAt), s: r.status, l: r.late ? 1 : 0 })));
  const inserted = await db.$queryRawUnsafe<{ key: string }[]>(
    `INSERT OR IGNORE INTO "ReminderOccurrence" ("key", "reminderId", "dueAt", "claimedAt", "status", "late")
     SELECT j.value ->> 'k', j.value ->> 'r', j.value ->> 'd', ?, j.value ->> 's', j.value ->> 'l' FROM json_each(?) AS j WHERE true
     RETURNING "key"`,
    sqliteDate(now),
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
  const data = JSON.stringify(updates.map((u) => ({ i: u.id, n: u.nextAt ? sqliteDate(u.nextAt) : null })));
  await db.$executeRawUnsafe(
    `UPDATE "Reminder" SET "nextAt" = j.value ->> 'n', "active" = (j.value ->> 'n') IS NOT NULL
     FROM json_each(?) AS j WHERE "Reminder"."id" = j.value ->> 'i'`,
    data,
  );
}

/**
 * Queues many messages, each with a dedupeKey (a key already in the outbox is ignored).
 * Small batches go through services.send; large ones are written with one
 * INSERT OR IGNORE … SELECT FROM json_each (same columns and defaults as the outbox's enqueue) and the last
 * message goes through services.send so the running sender is woken.
 */
export async function enqueueMany(services: Services, db: Db, msgs: OutgoingMessage[], now: Date): Promise<void> {
  if (msgs.length <= BULK_THRESHOLD) {
    for (const m of msgs) await services.send(m);
    return;
  }
  const head = msgs.slice(0, -1);
  const data = JSON.stringify(
    head.map((m) => ({ k: m.dedupeKey ?? null, r: m.roomId, t: m.roomId ? null : m.toId, x: m.text, m: JSON.stringify(m.mentions ?? []), fp: m.file?.path ?? null, fn: m.file?.name ?? null })),
  );
  const at = sqliteDate(now);
  await db.$executeRawUnsafe(
    `INSERT OR IGNORE INTO "OutboxMessage" ("dedupeKey", "roomId", "toId", "text", "mentions", "filePath", "fileName", "notBefore", "createdAt")
     SELECT j.value ->> 'k', j.value ->> 'r', j.value ->> 't', j.value ->> 'x', j.value ->> 'm', j.value ->> 'fp', j.value ->> 'fn', ?, ? FROM json_each(?) AS j WHERE true`,
    at,
    at,
    data,
  );
  await services.send(msgs[msgs.length - 1]);
}
