import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";
import type { OutgoingMessage } from "./types.ts";

/**
 * Persists outgoing messages before anything is sent, in one statement however many there
 * are (the rows travel as one JSON parameter). A message whose dedupeKey is already in the
 * outbox is ignored, so a replayed step or a second process cannot send twice. Answers to
 * people (`answer`) are sent before bulk pushes. Returns how many rows were added.
 */
export async function enqueue(db: Db, msgs: OutgoingMessage | OutgoingMessage[], now: Date, opts: { answer?: boolean } = {}): Promise<number> {
  const list = Array.isArray(msgs) ? msgs : [msgs];
  if (!list.length) return 0;
  const rows = JSON.stringify(
    list.map((m) => ({ k: m.dedupeKey ?? null, r: m.roomId, t: m.roomId ? null : m.toId, x: m.text, m: JSON.stringify(m.mentions ?? []), fp: m.file?.path ?? null, fn: m.file?.name ?? null, ft: m.file?.temporary ? 1 : 0, c: m.channel ?? null, rt: m.replyTo ?? null })),
  );
  const at = sqlDate(now);
  const priority = opts.answer ? 0 : 1;
  return db.$executeRaw`INSERT OR IGNORE INTO "OutboxMessage"
    ("dedupeKey", "roomId", "toId", "text", "mentions", "filePath", "fileName", "fileTemp", "channel", "replyTo", "status", "attempts", "notBefore", "createdAt", "priority")
    SELECT j.value ->> 'k', j.value ->> 'r', j.value ->> 't', j.value ->> 'x', j.value ->> 'm', j.value ->> 'fp', j.value ->> 'fn', j.value ->> 'ft', j.value ->> 'c', j.value ->> 'rt', 'pending', 0, ${at}, ${at}, ${priority}
    FROM json_each(${rows}) AS j WHERE true`;
}

/** The conversation a message goes to: its room, or the private chat with `toId`. */
export function conversationOf(m: { roomId: string | null; toId: string | null }): string {
  return m.roomId ? `r:${m.roomId}` : `p:${m.toId}`;
}
