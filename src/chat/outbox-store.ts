import type { Db } from "../db/client.ts";
import type { OutgoingMessage } from "./types.ts";

/**
 * Persists an outgoing message before anything is sent. A message with a dedupeKey
 * already in the outbox is ignored (returns false), so a replayed step cannot send twice.
 */
export async function enqueue(db: Db, msg: OutgoingMessage, now: Date): Promise<boolean> {
  const data = {
    dedupeKey: msg.dedupeKey ?? null,
    roomId: msg.roomId,
    toId: msg.roomId ? null : msg.toId,
    text: msg.text,
    mentions: JSON.stringify(msg.mentions ?? []),
    filePath: msg.file?.path ?? null,
    fileName: msg.file?.name ?? null,
    notBefore: now,
    createdAt: now,
  };
  if (!msg.dedupeKey) {
    await db.outboxMessage.create({ data });
    return true;
  }
  const existing = await db.outboxMessage.findUnique({ where: { dedupeKey: msg.dedupeKey }, select: { id: true } });
  if (existing) return false;
  try {
    await db.outboxMessage.create({ data });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}
