import type { Feature, RoomInfo, Services } from "../chat/types.ts";
import { ledgerStats, type TownshipStats } from "../survey/stats.ts";
import { isAck } from "./acks.ts";
import { syncCalendar } from "./calendar.ts";
import { setUnknownYearLogger } from "./cn-calendar.ts";
import { confirmDialog, passiveAck, reminderCommands } from "./commands.ts";
import { buildDigest } from "./digest.ts";
import type { DeliveryEnv } from "./messages.ts";
import { ReminderScheduler } from "./scheduler.ts";

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
}

/** What delivering at `now` needs, each part loaded at most once per pass. */
export function deliveryEnv(services: Services, now: Date): DeliveryEnv {
  const { db, config } = services;
  return {
    now,
    boundRooms: once(async () => (await db.room.findMany({ where: { township: { not: null } }, orderBy: { id: "asc" } })).map((r): RoomInfo => ({ id: r.id, topic: r.topic, township: r.township }))),
    leaders: once(async () => (await db.member.findMany({ where: { role: "leader" }, orderBy: { id: "asc" }, select: { id: true } })).map((m) => m.id)),
    stats: once(async () => new Map((await ledgerStats(db, { townships: config.TOWNSHIPS, now })).map((s): [string, TownshipStats] => [s.township, s]))),
    digest: once(() => buildDigest(services, now)),
  };
}

/**
 * Reminders, the policy calendar and leader digests: the commands 提醒, 提醒列表,
 * 删除提醒, 简报, 收到, 联席会议, 政策日历; a passive hook for a plain 收到 in rooms;
 * and the timed work (start-up catch-up, ticks, nextDue for the virtual clock).
 */
export function remindersFeature(services: Services): Feature {
  setUnknownYearLogger((year) => services.log.warn({ year }, `${year}年的法定节假日和调休安排尚未收录（chinese-days），该年工作日暂按周一至周五计算`));
  const scheduler = new ReminderScheduler(services, (now) => deliveryEnv(services, now));
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    name: "reminders",
    commands: reminderCommands(),
    dialogs: [confirmDialog],
    passive: passiveAck,
    async fallback(ctx) {
      if (ctx.isPrivate || !isAck(ctx.text)) return false;
      return passiveAck(ctx);
    },
    start: (s) =>
      serial(async () => {
        const now = s.clock.now();
        await syncCalendar(s, now);
        await scheduler.recover(now);
        await scheduler.tick(now);
      }),
    tick: (now) => serial(async () => void (await scheduler.tick(now))),
    nextDue: () => serial(() => scheduler.nextDue()),
  };
}
