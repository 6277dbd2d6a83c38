/**
 * Storing and cancelling reminders, shared by the chat commands (提醒, 删除提醒) and the
 * web console: the same limits and storage whoever asks.
 */
import type { Db } from "../db/client.ts";
import type { ParsedReminder } from "./parse-time.ts";
import { nextDueAt, nextFire, type Fire } from "./schedule.ts";
import { serialiseSpec, type ReminderSpec } from "./spec.ts";

/** Active reminders one room or one person may hold. */
export const MAX_ACTIVE = 50;

/** A reminder stored: its number, next occurrence and first fire (a heads-up may come first). */
export interface StoredReminder {
  id: number;
  due: Date;
  next: Fire | null;
}

/**
 * Stores a reminder understood for sure, for a room or a person. Refuses, with the Chinese
 * explanation, a time already past or a full list.
 */
export async function storeReminder(
  db: Db,
  r: Pick<ParsedReminder, "schedule" | "content" | "leadMinutes" | "label">,
  target: { roomId: string | null; toId: string | null; createdBy: string },
  now: Date,
): Promise<{ ok: true; reminder: StoredReminder } | { ok: false; error: string }> {
  const { schedule, content, leadMinutes, label } = r;
  const { roomId, toId } = target;
  const due = nextDueAt(schedule, new Date(now.getTime() + 1));
  if (!due) return { ok: false, error: `${label} 已经过去了，这条提醒没有设置。请换一个将来的时间重新发送。` };
  const count = await db.reminder.count({ where: { active: true, origin: "user", ...(roomId ? { roomId } : { toId }) } });
  if (count >= MAX_ACTIVE) return { ok: false, error: `${roomId ? "本群" : "您"}已有 ${count} 条提醒，已达上限。请先用“删除提醒 编号”删除不需要的提醒。` };
  const spec: ReminderSpec = { schedule, audience: [roomId ? "room" : "person"], action: "text", label };
  const next = nextFire(schedule, leadMinutes, new Date(now.getTime() + 1));
  const row = await db.reminder.create({
    data: { origin: "user", roomId, toId, createdBy: target.createdBy, content, spec: serialiseSpec(spec), leadMinutes, nextAt: next?.at ?? null, active: Boolean(next), createdAt: now },
  });
  return { ok: true, reminder: { id: row.id, due, next } };
}

/** Stops a reminder (it stays listed with --all). */
export async function cancelReminder(db: Db, id: number): Promise<void> {
  await db.reminder.update({ where: { id }, data: { active: false, nextAt: null } });
}
