import type { Db } from "../db/client.ts";
import type { OutgoingMessage, Services } from "../chat/types.ts";

/** Rows per multi-row statement (well under SQLite's bound-parameter limit). */
const CHUNK = 300;
/** Below this many messages, enqueue one by one through services.send. */
const BULK_THRESHOLD = 20;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
 * One INSERT OR IGNORE … RETURNING per chunk, so the claim is atomic per row.
 */
export async function claimOccurrences(db: Db, rows: OccurrenceRow[], now: Date): Promise<Set<string>> {
  const won = new Set<string>();
  for (const part of chunks(rows)) {
    const values = part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ");
    const params = part.flatMap((r) => [r.key, r.reminderId, r.dueAt, now, r.status, r.late ? 1 : 0]);
    const inserted = await db.$queryRawUnsafe<{ key: string }[]>(
      `INSERT OR IGNORE INTO "ReminderOccurrence" ("key", "reminderId", "dueAt", "claimedAt", "status", "late") VALUES ${values} RETURNING "key"`,
      ...params,
    );
    for (const r of inserted) won.add(r.key);
  }
  return won;
}

/** Sets the status of occurrences (claimed → sent). */
export async function setOccurrenceStatus(db: Db, keys: string[], status: string): Promise<void> {
  for (const part of chunks(keys, 500)) {
    await db.$executeRawUnsafe(`UPDATE "ReminderOccurrence" SET "status" = ? WHERE "key" IN (${part.map(() => "?").join(", ")})`, status, ...part);
  }
}

/** Moves reminders on: new nextAt, or inactive when nothing is left. Grouped by value. */
export async function advanceReminders(db: Db, updates: Array<{ id: number; nextAt: Date | null }>): Promise<void> {
  const groups = new Map<number | null, number[]>();
  for (const u of updates) {
    const k = u.nextAt ? u.nextAt.getTime() : null;
    groups.set(k, [...(groups.get(k) ?? []), u.id]);
  }
  for (const [t, ids] of groups) {
    for (const part of chunks(ids, 500)) {
      const list = part.map(() => "?").join(", ");
      if (t === null) await db.$executeRawUnsafe(`UPDATE "Reminder" SET "nextAt" = NULL, "active" = 0 WHERE "id" IN (${list})`, ...part);
      else await db.$executeRawUnsafe(`UPDATE "Reminder" SET "nextAt" = ? WHERE "id" IN (${list})`, new Date(t), ...part);
    }
  }
}

/**
 * Queues many messages, each with a dedupeKey (a key already in the outbox is ignored).
 * Small batches go through services.send; large ones are written with multi-row
 * INSERT OR IGNORE (same columns and defaults as the outbox's enqueue) and the last
 * message goes through services.send so the running sender is woken.
 */
export async function enqueueMany(services: Services, db: Db, msgs: OutgoingMessage[], now: Date): Promise<void> {
  if (msgs.length <= BULK_THRESHOLD) {
    for (const m of msgs) await services.send(m);
    return;
  }
  const head = msgs.slice(0, -1);
  await db.$transaction(
    async (tx) => {
      for (const part of chunks(head)) {
        const values = part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
        const params = part.flatMap((m) => [m.dedupeKey ?? null, m.roomId, m.roomId ? null : m.toId, m.text, JSON.stringify(m.mentions ?? []), m.file?.path ?? null, m.file?.name ?? null, now, now]);
        await tx.$executeRawUnsafe(
          `INSERT OR IGNORE INTO "OutboxMessage" ("dedupeKey", "roomId", "toId", "text", "mentions", "filePath", "fileName", "notBefore", "createdAt") VALUES ${values}`,
          ...params,
        );
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  await services.send(msgs[msgs.length - 1]);
}
