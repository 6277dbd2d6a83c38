import { createRequire } from "node:module";

type Chrono = typeof import("chrono-node");
let chronoModule: Chrono | null = null;
/** chrono-node, loaded on the first time expression (it is large and start-up should not wait for it). */
function chrono(): Chrono {
  chronoModule ??= createRequire(import.meta.url)("chrono-node") as Chrono;
  return chronoModule;
}
import { formatShanghai, shanghaiDate, shanghaiParts } from "../clock.ts";
import { toHalfWidth } from "../chat/text.ts";
import { NUM_CHARS, parseNumber } from "./numerals.ts";
import { nextDueAt, type Schedule } from "./schedule.ts";

/** A reminder command's arguments, understood. */
export interface ParsedReminder {
  schedule: Schedule;
  content: string;
  /** Heads-up before each occurrence (提前N天 / 提前N小时), in minutes; 0 for none. */
  leadMinutes: number;
  /** What was understood, in Chinese: “每周一 09:00” or “11月27日（周五）14:30”. */
  label: string;
  /** The first occurrence. */
  next: Date;
}

/** A schedule understood from the start of a text, with what follows it. */
export interface ParsedSchedule {
  schedule: Schedule;
  label: string;
  next: Date;
  rest: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Examples shown whenever a time is not understood. */
export const TIME_EXAMPLES = [
  "提醒 明天下午3点 开会",
  "提醒 9月25日下午3点 报送台账 提前1天",
  "提醒 下周一 交材料（不写时间默认 09:00）",
  "提醒 3天后 回访企业",
  "提醒 每周一 09:00 报送周报",
  "提醒 每个工作日 17:30 打卡",
  "提醒 每月5号 15:00 召开例会 提前1天",
  "提醒 每年9月1日 启动摸底排查",
];

const WEEKDAY_NAMES = ["日", "一", "二", "三", "四", "五", "六"];
const N = `[${NUM_CHARS}]`;
const pad = (n: number) => String(n).padStart(2, "0");
const DEFAULT_HOUR = 9;
/** A month-day without a year that is more than this far in the past means next year. */
const ROLL_TO_NEXT_YEAR_MS = 60 * 86_400_000;

/** Normalises what people type: full-width characters, runs of spaces. */
export function normaliseTimeText(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, " ").trim();
}

/** Reads a time of day (下午3点半, 15:00, 十点, 晚上8点30分) at the start of `text`. */
export function parseClock(text: string): { hour: number; minute: number; length: number } | null {
  // Minutes follow 点 directly (no space: “10点 一次性” is 10:00 and content “一次性”);
  // Chinese-numeral minutes without 分 must end the time (“三点十五 开会”, not “三点一次”).
  const re = new RegExp(`^\\s*(上午|早上|早晨|中午|下午|傍晚|晚上|夜里|凌晨)?\\s*(${N}{1,3})\\s*(?:点钟|点|时|:)(半|一刻|三刻|整|\\d{1,2}\\s*分?|[零〇一二两三四五六七八九十]{1,3}(?:分|(?=[\\s,，。]|$)))?`);
  const m = re.exec(text);
  if (!m) return null;
  let hour = parseNumber(m[2]);
  let minute = 0;
  const mm = m[3]?.replace(/分|\s/g, "");
  if (mm === "半") minute = 30;
  else if (mm === "一刻") minute = 15;
  else if (mm === "三刻") minute = 45;
  else if (mm && mm !== "整") minute = parseNumber(mm) ?? -1;
  if (hour === null) return null;
  const period = m[1];
  if ((period === "下午" || period === "傍晚" || period === "晚上" || period === "夜里") && hour < 12) hour += 12;
  if (period === "中午" && hour <= 2) hour += 12;
  if (period === "凌晨" && hour === 12) hour = 0;
  if (hour > 23 || minute < 0 || minute > 59) return null;
  return { hour, minute, length: m[0].length };
}

/** Reads a recurrence (每天, 每个工作日, 每周一三五, 每月5号, 每年9月1日) and its time at the start of `text`. */
function parseRecurring(text: string): Parsed<{ cron: string; label: string; rest: string }> | null {
  const tries: Array<[RegExp, (m: RegExpExecArray) => { dom: string; mon: string; dow: string; label: string } | string]> = [
    [/^(?:每天|每日|天天)/, () => ({ dom: "*", mon: "*", dow: "*", label: "每天" })],
    [/^(?:每个工作日|每工作日|每周工作日|工作日)/, () => ({ dom: "*", mon: "*", dow: "1-5", label: "每个工作日" })],
    [
      /^(?:每周|每星期|每礼拜|每个星期|每个礼拜)((?:[一二三四五六日天1-7][、,和及]?)+)/,
      (m) => {
        const days = [...new Set([...m[1].replace(/[、,和及]/g, "")].map((c) => (c === "天" || c === "日" ? 0 : parseNumber(c) === 7 ? 0 : (parseNumber(c) ?? 0))))].sort((a, b) => (a || 7) - (b || 7));
        return { dom: "*", mon: "*", dow: days.join(","), label: `每周${days.map((d) => WEEKDAY_NAMES[d]).join("、")}` };
      },
    ],
    [
      new RegExp(`^(?:每月|每个月)(${N}{1,3})(?:号|日)`),
      (m) => {
        const d = parseNumber(m[1]);
        if (d === null || d < 1 || d > 31) return "每月的日期应在 1 到 31 号之间";
        return { dom: String(d), mon: "*", dow: "*", label: `每月${d}日` };
      },
    ],
    [
      new RegExp(`^每年(${N}{1,2})月(${N}{1,3})(?:号|日)?`),
      (m) => {
        const mo = parseNumber(m[1]);
        const d = parseNumber(m[2]);
        if (mo === null || mo < 1 || mo > 12) return "月份应在 1 到 12 之间";
        if (d === null || d < 1 || d > new Date(Date.UTC(2024, mo, 0)).getUTCDate()) return `${mo}月没有这一天`;
        return { dom: String(d), mon: String(mo), dow: "*", label: `每年${mo}月${d}日` };
      },
    ],
  ];
  for (const [re, build] of tries) {
    const m = re.exec(text);
    if (!m) continue;
    const r = build(m);
    if (typeof r === "string") return { ok: false, error: r };
    let rest = text.slice(m[0].length);
    let hour = DEFAULT_HOUR;
    let minute = 0;
    const clock = parseClock(rest);
    if (clock) {
      ({ hour, minute } = clock);
      rest = rest.slice(clock.length);
    }
    return { ok: true, value: { cron: `${minute} ${hour} ${r.dom} ${r.mon} ${r.dow}`, label: `${r.label} ${pad(hour)}:${pad(minute)}`, rest } };
  }
  if (/^每/.test(text)) return { ok: false, error: "没能看懂重复的周期" };
  return null;
}

/** “11月27日（周五）14:30”, with the year when it is not the current one. */
export function describeInstant(at: Date, now: Date): string {
  const p = shanghaiParts(at);
  const withYear = p.year !== shanghaiParts(now).year;
  const [date, time] = formatShanghai(at, withYear).split(" ");
  return `${date}（周${WEEKDAY_NAMES[p.weekday]}）${time}`;
}

/** Reads a one-off time (明天下午3点, 9月25日下午3点, 下周一, 3天后, 今晚8点) at the start of `text`. */
function parseOnce(text: string, now: Date): Parsed<{ at: Date; rest: string }> | null {
  const p = shanghaiParts(now);
  // chrono computes in the process's local zone: give it a reference whose local
  // fields are Shanghai's wall clock and read back the parsed fields, never the Date.
  const ref = new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Only the first word goes to chrono, so content such as “一次性” after a space is
  // never read as minutes; a time of day in the next word is read by parseClock.
  const word = text.split(" ")[0];
  const results = chrono().zh.hans.parse(word, ref, { forwardDate: false });
  const r = results[0];
  if (!r || r.index !== 0) return null;
  const s = r.start;
  const get = (k: "year" | "month" | "day" | "hour" | "minute") => s.get(k) ?? 0;
  let hour = get("hour");
  let minute = get("minute");
  let rest = text.slice(r.text.length);
  if (!s.isCertain("hour")) {
    const clock = parseClock(rest);
    if (clock) {
      ({ hour, minute } = clock);
      rest = rest.slice(clock.length);
    } else {
      hour = DEFAULT_HOUR;
      minute = 0;
    }
  }
  // chrono moves a past month-day to next year by itself; decide that here instead.
  const year = s.isCertain("month") && !s.isCertain("year") ? p.year : get("year");
  let at = shanghaiDate(year, get("month"), get("day"), hour, minute);
  if (at.getTime() <= now.getTime()) {
    if (s.isCertain("weekday") && !s.isCertain("day")) at = new Date(at.getTime() + 7 * 86_400_000);
    else if (s.isCertain("month") && !s.isCertain("year") && now.getTime() - at.getTime() > ROLL_TO_NEXT_YEAR_MS) {
      at = shanghaiDate(year + 1, get("month"), get("day"), hour, minute);
    }
  }
  if (at.getTime() <= now.getTime()) {
    return { ok: false, error: `“${r.text.trim()}”（${describeInstant(at, now)}）已经过去了，请换一个将来的时间` };
  }
  return { ok: true, value: { at, rest } };
}

const LEAD_RE = new RegExp(`[,，]?\\s*提前\\s*(${N}{1,3})\\s*(个?小时|个?钟头|天|日|分钟)\\s*(?:提醒)?`);

function cleanRest(rest: string): string {
  return rest.replace(/^[\s,，:：、。]+/, "").replace(/[\s,，]+$/, "").trim();
}

function explain(error: string): string {
  return `${error}。可以这样写：\n${TIME_EXAMPLES.join("\n")}`;
}

/**
 * Reads a schedule (recurring or one-off) at the start of `text`, relative to `now`.
 * Used by 提醒, by 联席会议 and by the policy calendar's data file.
 */
export function parseSchedule(raw: string, now: Date): Parsed<ParsedSchedule> {
  const text = normaliseTimeText(raw);
  const rec = parseRecurring(text);
  if (rec) {
    if (!rec.ok) return { ok: false, error: explain(rec.error) };
    const schedule: Schedule = { kind: "cron", cron: rec.value.cron, label: rec.value.label };
    const next = nextDueAt(schedule, new Date(now.getTime() + 1));
    if (!next) return { ok: false, error: explain("这个周期找不到下一次的时间") };
    return { ok: true, value: { schedule, label: rec.value.label, next, rest: rec.value.rest } };
  }
  const once = parseOnce(text, now);
  if (once) {
    if (!once.ok) return { ok: false, error: explain(once.error) };
    const { at, rest } = once.value;
    return { ok: true, value: { schedule: { kind: "once", at: at.toISOString() }, label: describeInstant(at, now), next: at, rest } };
  }
  const clock = parseClock(text);
  if (clock) {
    const p = shanghaiParts(now);
    const at = shanghaiDate(p.year, p.month, p.day, clock.hour, clock.minute);
    if (at.getTime() <= now.getTime()) return { ok: false, error: explain(`今天 ${pad(clock.hour)}:${pad(clock.minute)} 已经过去了，请写明日期，例如“明天${pad(clock.hour)}:${pad(clock.minute)}”`) };
    return { ok: true, value: { schedule: { kind: "once", at: at.toISOString() }, label: describeInstant(at, now), next: at, rest: text.slice(clock.length) } };
  }
  const shown = text.split(" ")[0].slice(0, 20);
  return { ok: false, error: explain(shown ? `没能看懂时间“${shown}”` : "请写上提醒的时间") };
}

/**
 * Understands the arguments of `提醒 <时间> <内容> [提前N天|提前N小时]` at `now`.
 * Never guesses: an unclear or past time is an error whose text gives examples.
 */
export function parseReminder(args: string, now: Date): Parsed<ParsedReminder> {
  let text = normaliseTimeText(args);
  let leadMinutes = 0;
  const lead = LEAD_RE.exec(text);
  if (lead) {
    const n = parseNumber(lead[1]);
    if (n === null || n <= 0) return { ok: false, error: explain(`没能看懂“${lead[0].trim()}”`) };
    leadMinutes = n * (lead[2].includes("天") || lead[2] === "日" ? 1440 : lead[2] === "分钟" ? 1 : 60);
    if (leadMinutes > 60 * 1440) return { ok: false, error: explain("提前的时间最多 60 天") };
    text = (text.slice(0, lead.index) + " " + text.slice(lead.index + lead[0].length)).trim();
  }
  const parsed = parseSchedule(text, now);
  if (!parsed.ok) return parsed;
  const content = cleanRest(parsed.value.rest);
  if (!content) return { ok: false, error: explain("请写上提醒的内容") };
  if (content.length > 500) return { ok: false, error: "提醒内容太长了，请控制在 500 字以内" };
  const { schedule, label, next } = parsed.value;
  return { ok: true, value: { schedule, content, leadMinutes, label, next } };
}

/** “1天” / “2小时” / “1天3小时” for a heads-up in minutes. */
export function describeLead(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `${d ? `${d}天` : ""}${h ? `${h}小时` : ""}${m ? `${m}分钟` : ""}` || "0分钟";
}
