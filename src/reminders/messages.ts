import { formatShanghai, shanghaiDate, shanghaiParts } from "../clock.ts";
import type { OutgoingFile, OutgoingMessage, RoomInfo } from "../chat/types.ts";
import type { TownshipStats } from "../survey/stats.ts";
import { describeInstant, describeLead } from "./parse-time.ts";
import type { Fire } from "./schedule.ts";
import type { CalendarInfo, ReminderSpec } from "./spec.ts";

/** The line that asks a room to acknowledge. */
export const ACK_HINT = "收到请回复“收到”（不用 @我，会自动记录，不另回复）";
/** Sent with the digest's chart, as its own message so a failed file never repeats the digest. */
export const CHART_CAPTION = "附：各乡镇进度图";
/** Prefix of every reminder message's outbox dedupeKey: rem|<occurrence key>|room:<id> or |to:<id>. */
export const DEDUPE_PREFIX = "rem|";

/** The outbox dedupeKey of an occurrence sent to a room or a person. */
export function dedupeKeyFor(occurrenceKey: string, target: { roomId: string } | { toId: string }): string {
  return `${DEDUPE_PREFIX}${occurrenceKey}|${"roomId" in target ? `room:${target.roomId}` : `to:${target.toId}`}`;
}

/** The occurrence key inside a reminder message's dedupeKey, or null for other messages. */
export function occurrenceFromDedupeKey(dedupeKey: string | null): string | null {
  if (!dedupeKey?.startsWith(DEDUPE_PREFIX)) return null;
  return dedupeKey.slice(DEDUPE_PREFIX.length).split("|")[0] ?? null;
}

/** A reminder occurrence being delivered. */
export interface DueFire {
  reminder: { id: number; content: string; roomId: string | null; toId: string | null; leadMinutes: number };
  spec: ReminderSpec;
  fire: Fire;
  key: string;
  late: boolean;
}

/** What delivery needs to know beyond the reminder (loaded lazily, once per pass). */
export interface DeliveryEnv {
  now: Date;
  boundRooms(): Promise<RoomInfo[]>;
  leaders(): Promise<string[]>;
  stats(): Promise<Map<string, TownshipStats>>;
  digest(): Promise<{ text: string; file?: OutgoingFile }>;
}

const DAY_MS = 86_400_000;

/** The deadline (MM-DD, end of that day's working time irrelevant: the date) on or after `from`. */
export function deadlineOnOrAfter(mmdd: string, from: Date): Date {
  const [m, d] = mmdd.split("-").map(Number);
  const p = shanghaiParts(from);
  const thisYear = shanghaiDate(p.year, m, d);
  const today = shanghaiDate(p.year, p.month, p.day);
  return thisYear.getTime() >= today.getTime() ? thisYear : shanghaiDate(p.year + 1, m, d);
}

/** Whole days from the date of `from` to the date of `to` (Asia/Shanghai). */
export function daysBetween(from: Date, to: Date): number {
  const a = shanghaiParts(from);
  const b = shanghaiParts(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** Fills {name} placeholders; unknown names are left as they are. */
export function fillTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
}

const EMPTY_STATS = (township: string): TownshipStats => ({ township, reported: 0, targetsLeft: 0, focusLeft: 0, established: 0, reportedThisWeek: 0 });

function latePrefix(df: DueFire): string {
  return df.late ? `【补发】原定 ${formatShanghai(df.fire.at)}，因系统中断延后发送\n` : "";
}

/** The text of a user's reminder (or its heads-up). */
export function userReminderText(df: DueFire, now: Date, inRoom: boolean): string {
  const body = df.fire.lead
    ? `⏰ 预告：${describeInstant(df.fire.due, now)}（提前${describeLead(df.reminder.leadMinutes)}提醒）\n${df.reminder.content}`
    : `⏰ 提醒：${df.reminder.content}`;
  return `${latePrefix(df)}${body}${inRoom ? `\n${ACK_HINT}` : ""}`;
}

/** A calendar text's placeholders at one occurrence: {year}, and {deadline} {daysLeft} when it counts down to a deadline. */
export function calendarVars(cal: CalendarInfo, due: Date): Record<string, string | number> {
  if (!cal.deadline) return { year: shanghaiParts(due).year };
  const deadline = deadlineOnOrAfter(cal.deadline, due);
  const dp = shanghaiParts(deadline);
  return { year: dp.year, deadline: `${dp.month}月${dp.day}日`, daysLeft: daysBetween(due, deadline) };
}

/** The text of a policy-calendar entry for one room (deadline notices carry that township's numbers). */
export function calendarText(df: DueFire, township: string | null, stats: TownshipStats | null, inRoom: boolean): string {
  const cal = df.spec.calendar!;
  const vars: Record<string, string | number> = { ...calendarVars(cal, df.fire.due), township: township ?? "本乡镇" };
  let progress = "";
  if (stats && cal.progress) {
    Object.assign(vars, stats);
    progress =
      cal.progress === "survey"
        ? `\n${stats.township}进度：已填报 ${stats.reported} 家（本周新增 ${stats.reportedThisWeek} 家），已建会 ${stats.established} 家，25人以上未建会 ${stats.targetsLeft} 家（其中100人以上 ${stats.focusLeft} 家）。`
        : `\n${stats.township}还有 ${stats.targetsLeft} 家25人以上未建会单位待组建，其中100人以上 ${stats.focusLeft} 家需集中攻坚；已建会 ${stats.established} 家。`;
  }
  const head = df.fire.lead ? `⏰ 预告（${describeInstant(df.fire.due, df.fire.at)}）` : "";
  const quote = cal.quote ? `“${cal.quote}”` : "";
  return `${latePrefix(df)}【政策日历】${cal.title}${head ? `\n${head}` : ""}\n${fillTemplate(df.reminder.content, vars)}${progress}\n依据：《实施意见》${cal.clause}${quote}${inRoom ? `\n${ACK_HINT}` : ""}`;
}

/** The outbox messages one due fire produces, each with its dedupeKey. */
export async function messagesFor(df: DueFire, env: DeliveryEnv): Promise<OutgoingMessage[]> {
  const out: OutgoingMessage[] = [];
  const { spec, reminder } = df;
  if (spec.action === "digest") {
    const digest = await env.digest();
    for (const id of await env.leaders()) {
      out.push({ roomId: null, toId: id, text: digest.text, dedupeKey: dedupeKeyFor(df.key, { toId: id }) });
      if (digest.file) out.push({ roomId: null, toId: id, text: CHART_CAPTION, file: digest.file, dedupeKey: `${dedupeKeyFor(df.key, { toId: id })}|chart` });
    }
    return out;
  }
  const statsFor = async (township: string | null) => (township && spec.calendar?.progress ? ((await env.stats()).get(township) ?? EMPTY_STATS(township)) : null);
  const textFor = async (room: RoomInfo | null) =>
    spec.calendar ? calendarText(df, room?.township ?? null, await statsFor(room?.township ?? null), Boolean(room)) : userReminderText(df, env.now, Boolean(room));
  for (const audience of spec.audience) {
    if (audience === "room" && reminder.roomId) {
      const room = (await env.boundRooms()).find((r) => r.id === reminder.roomId) ?? { id: reminder.roomId, topic: "", township: null };
      out.push({ roomId: reminder.roomId, toId: null, text: await textFor(room), dedupeKey: dedupeKeyFor(df.key, { roomId: reminder.roomId }) });
    } else if (audience === "person" && reminder.toId) {
      out.push({ roomId: null, toId: reminder.toId, text: await textFor(null), dedupeKey: dedupeKeyFor(df.key, { toId: reminder.toId }) });
    } else if (audience === "bound-rooms") {
      for (const room of await env.boundRooms()) {
        if (!room.township) continue;
        out.push({ roomId: room.id, toId: null, text: await textFor(room), dedupeKey: dedupeKeyFor(df.key, { roomId: room.id }) });
      }
    } else if (audience === "leaders") {
      for (const id of await env.leaders()) out.push({ roomId: null, toId: id, text: await textFor(null), dedupeKey: dedupeKeyFor(df.key, { toId: id }) });
    }
  }
  return out;
}
