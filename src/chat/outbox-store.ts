import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";
import type { OutgoingMessage } from "./types.ts";

/**
 * Persists outgoing messages before anything is sent, in one statement however many there
 * are (the rows travel as one JSON parameter). A message whose dedupeKey is already in the
 * outbox is ignored, so a replayed step or a second process cannot send twice.
 * Returns how many rows were added.
 */
export async function enqueue(db: Db, msgs: OutgoingMessage | OutgoingMessage[], now: Date): Promise<number> {
  const list = Array.isArray(msgs) ? msgs : [msgs];
  if (!list.length) return 0;
  const rows = JSON.stringify(
    list.map((m) => ({ k: m.dedupeKey ?? null, r: m.roomId, t: m.roomId ? null : m.toId, x: m.text, m: JSON.stringify(m.mentions ?? []), fp: m.file?.path ?? null, fn: m.file?.name ?? null, c: m.channel ?? null, rt: m.replyTo ?? null })),
  );
  const at = sqlDate(now);
  return db.$executeRaw`INSERT OR IGNORE INTO "OutboxMessage"
    ("dedupeKey", "roomId", "toId", "text", "mentions", "filePath", "fileName", "channel", "replyTo", "status", "attempts", "notBefore", "createdAt")
    SELECT j.value ->> 'k', j.value ->> 'r', j.value ->> 't', j.value ->> 'x', j.value ->> 'm', j.value ->> 'fp', j.value ->> 'fn', j.value ->> 'c', j.value ->> 'rt', 'pending', 0, ${at}, ${at}
    FROM json_each(${rows}) AS j WHERE true`;
}
