import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";
import type { OutgoingMessage } from "./types.ts";

/**
 * Persists an outgoing message before anything is sent. A message with a dedupeKey
 * already in the outbox is ignored (returns false), so a replayed step cannot send twice.
 * One raw INSERT: this is on the path of every reply.
 */
export async function enqueue(db: Db, msg: OutgoingMessage, now: Date): Promise<boolean> {
  const at = sqlDate(now);
  const inserted = await db.$executeRaw`INSERT OR IGNORE INTO "OutboxMessage"
    ("dedupeKey", "roomId", "toId", "text", "mentions", "filePath", "fileName", "status", "attempts", "notBefore", "createdAt")
    VALUES (${msg.dedupeKey ?? null}, ${msg.roomId}, ${msg.roomId ? null : msg.toId}, ${msg.text}, ${JSON.stringify(msg.mentions ?? [])},
            ${msg.file?.path ?? null}, ${msg.file?.name ?? null}, 'pending', 0, ${at}, ${at})`;
  return inserted === 1;
}
