import type { Db } from "../db/client.ts";
import { DEDUPE_PREFIX, occurrenceFromDedupeKey } from "./messages.ts";

/** “收到”, “收到了”, “好的，收到！”, “已收到”. */
export const ACK_RE = /^(?:好的?[，,\s]*)?(?:已)?收到(?:了|啦|啊)?[!！。.~～\s]*$/;

/** True when the text is an acknowledgement. */
export function isAck(text: string): boolean {
  return ACK_RE.test(text.trim());
}

/**
 * Records a member's 收到 against the latest reminder posted in the room.
 * "none" when the room has had no reminder; "already" when they had acknowledged it.
 */
export async function recordAck(db: Db, roomId: string, userId: string, now: Date): Promise<"recorded" | "already" | "none"> {
  const last = await db.outboxMessage.findFirst({
    where: { roomId, dedupeKey: { startsWith: DEDUPE_PREFIX }, createdAt: { lte: now } },
    orderBy: { id: "desc" },
    select: { dedupeKey: true },
  });
  const key = occurrenceFromDedupeKey(last?.dedupeKey ?? null);
  if (!key) return "none";
  try {
    await db.reminderAck.create({ data: { occurrenceKey: key, roomId, userId, at: now } });
    return "recorded";
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return "already";
    throw err;
  }
}

/** A reminder posted in a room, and who answered 收到 there. */
export interface RoomPosting {
  occurrenceKey: string;
  roomId: string;
  postedAt: Date;
  text: string;
  acks: { userId: string; at: Date }[];
}

/** Reminders posted in rooms since `since` (newest first, at most `limit`), each with its 收到. */
export async function roomPostings(db: Db, opts: { since: Date; limit?: number }): Promise<RoomPosting[]> {
  const posts = await db.outboxMessage.findMany({
    where: { roomId: { not: null }, dedupeKey: { startsWith: DEDUPE_PREFIX }, createdAt: { gte: opts.since } },
    orderBy: { id: "desc" },
    take: opts.limit ?? 100,
    select: { roomId: true, dedupeKey: true, createdAt: true, text: true },
  });
  const keys = [...new Set(posts.map((p) => occurrenceFromDedupeKey(p.dedupeKey)).filter((k): k is string => Boolean(k)))];
  const acks = await db.reminderAck.findMany({ where: { occurrenceKey: { in: keys } }, orderBy: { at: "asc" } });
  return posts.flatMap((p) => {
    const key = occurrenceFromDedupeKey(p.dedupeKey);
    if (!key || !p.roomId || p.dedupeKey?.endsWith("|chart")) return [];
    const here = acks.filter((a) => a.occurrenceKey === key && a.roomId === p.roomId).map((a) => ({ userId: a.userId, at: a.at }));
    return [{ occurrenceKey: key, roomId: p.roomId, postedAt: p.createdAt, text: p.text, acks: here }];
  });
}
