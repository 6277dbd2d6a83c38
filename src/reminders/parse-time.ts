/**
 * Chinese times as people write them, read by a small tokenizer: the text is scanned from its
 * start, one time word at a time (dates in every written form, relative days and weeks, festivals,
 * lunar dates and solar terms, parts of the day, clock times, “N小时后”), and the scan stops at the
 * first word that is not a time word: what follows is the reminder's content. Every regular
 * expression is anchored at the scan position with bounded repetitions, so the cost is linear in
 * the (capped) input. All arithmetic is on Asia/Shanghai wall-clock fields, whatever the
 * server's zone. When the reading is unsure the result carries a question instead of a guess.
 */
import { formatShanghai, shanghaiDate, shanghaiParts } from "../clock.ts";
import { toHalfWidth } from "../chat/text.ts";
import {
  addDays,
  compareYmd,
  daysBetween,
  daysInMonth,
  eventDate,
  FESTIVALS,
  isWorkday,
  lunarDayName,
  lunarMonthName,
  lunarToSolar,
  nextEventDay,
  nthWeekday,
  weekdayOf,
  type Ymd,
} from "./cn-calendar.ts";
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
  /** Set when the reading is unsure: the question to ask before saving (“是指…吗？…”). */
  confirm?: string;
}

/** A schedule understood from the start of a text, with what follows it. */
export interface ParsedSchedule {
  schedule: Schedule;
  label: string;
  next: Date;
  rest: string;
  confirm?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Examples shown whenever a time is not understood. */
export const TIME_EXAMPLES = [
  "提醒 明天下午3点 开会",
  "提醒 9月25日下午3点 报送台账 提前1天",
  "提醒 下周一 交材料（不写时间默认 09:00）",
  "提醒 3天后 回访企业",
  "提醒 中秋节前三天 走访慰问",
  "提醒 每周一 09:00 报送周报",
  "提醒 每个工作日 17:30 打卡",
  "提醒 每月5号 15:00 召开例会 提前1天",
  "提醒 每年9月1日 启动摸底排查",
];

/** Longest text read for a reminder (time and content); longer input is refused before parsing. */
export const MAX_INPUT = 600;

const WEEKDAY_NAMES = ["日", "一", "二", "三", "四", "五", "六"];
const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (h: number, m: number) => `${pad(h)}:${pad(m)}`;
const DEFAULT_HOUR = 9;
/** A month-day without a year that is more than this far in the past means next year. */
const ROLL_TO_NEXT_YEAR_DAYS = 60;
const N = `[${NUM_CHARS}]`;
const CN_DIGIT = "[零〇一二两三四五六七八九]";
const WEEKDAY = "[一二三四五六日天1-7]";
const WEEK_WORD = "(?:星期|周|礼拜)";

/** Parts of the day: the hour used when no clock is given, and how a clock hour is read. */
const PERIODS: Record<string, { hour: number; kind: "dawn" | "morning" | "noon" | "afternoon" | "evening" | "night" }> = {
  凌晨: { hour: 5, kind: "dawn" },
  清晨: { hour: 7, kind: "morning" },
  早上: { hour: 8, kind: "morning" },
  早晨: { hour: 8, kind: "morning" },
  早间: { hour: 8, kind: "morning" },
  上午: { hour: 9, kind: "morning" },
  中午: { hour: 12, kind: "noon" },
  午间: { hour: 12, kind: "noon" },
  正午: { hour: 12, kind: "noon" },
  下午: { hour: 15, kind: "afternoon" },
  午后: { hour: 14, kind: "afternoon" },
  傍晚: { hour: 18, kind: "afternoon" },
  黄昏: { hour: 18, kind: "afternoon" },
  晚上: { hour: 20, kind: "evening" },
  晚间: { hour: 20, kind: "evening" },
  夜晚: { hour: 21, kind: "evening" },
  夜里: { hour: 22, kind: "night" },
  夜间: { hour: 22, kind: "night" },
  深夜: { hour: 23, kind: "night" },
  半夜: { hour: 24, kind: "night" },
  午夜: { hour: 24, kind: "night" },
};
const SHORT_PERIOD: Record<string, string> = { 早: "早上", 晨: "早上", 晚: "晚上", 夜: "夜里" };

/** Normalises what people type: full-width characters, runs of spaces. */
export function normaliseTimeText(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, " ").trim();
}

/** A clock hour read with a part of the day: [hour 0–23, days to add]; null when they contradict. */
function applyPeriod(hour: number, period: string | undefined): [number, number] | null {
  const kind = period ? PERIODS[period].kind : undefined;
  if (!kind || hour >= 13) return kind === "dawn" || (kind === "morning" && hour > 12) ? null : [hour, 0];
  if (kind === "dawn") return hour <= 6 ? [hour, 0] : hour === 12 ? [0, 0] : null;
  if (kind === "morning") return [hour, 0];
  if (kind === "noon") return hour <= 3 ? [hour + 12, 0] : hour >= 11 ? [hour, 0] : null;
  if (kind === "afternoon") return [hour === 12 ? 12 : hour + 12, 0];
  // 晚上/夜里: 12点 is midnight and 1–4点 the small hours, both of the next day.
  if (hour === 12 || hour === 0) return [0, 1];
  if (hour <= 4) return [hour, 1];
  return [hour + 12, 0];
}

/** Lunar day names: 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十. */
function lunarDay(s: string): number | null {
  if (s.startsWith("初")) return parseNumber(s.slice(1));
  if (s.startsWith("廿")) return 20 + (s.length > 1 ? (parseNumber(s.slice(1)) ?? 99) : 0);
  return parseNumber(s);
}

// --- The scan ---

type DaySource = "explicit" | "relative" | "monthday" | "weekday" | "dom" | "event" | "eventyear";

interface Scan {
  now: Date;
  today: Ymd;
  /** Year / month context given by 2027年, 明年, 下个月, 8月份 (for what follows). */
  year?: number;
  month?: number;
  day?: Ymd;
  source?: DaySource;
  /** For a day without a year: the same day in the next year (or next occurrence), if any. */
  nextYear?: () => Ymd | null;
  /** An exact instant (N小时后). */
  instant?: Date;
  period?: string;
  clock?: { h: number; m: number; h24: boolean };
  /** The day was moved past a weekend/week boundary we are not sure of, or read one of two ways. */
  unsure?: string;
  /** Set by a token that cannot be right (25点); refuses with this message. */
  error?: string;
  /** Recurrence already read from the start. */
  recurring?: Recurrence;
  /** Yearly event read after 每年 (or a one-off event): key and offset. */
  event?: { key: string; offset: number; name: string };
  dayOffset?: number;
  /** Where a bare month word ended (a bare day may follow it directly: 6月3). */
  lastMonthEnd?: number;
}

type Recurrence =
  | { kind: "daily" }
  | { kind: "workday" }
  | { kind: "weekly"; days: number[] }
  | { kind: "monthly"; dom: string; label: string }
  | { kind: "yearly" };

/** A token's action: false rejects the match; a number is where the scan goes on (default: after the match). */
type Token = { re: RegExp; run: (m: RegExpExecArray, s: Scan) => boolean | number | void };

const tok = (source: string, run: Token["run"]): Token => ({ re: new RegExp(source, "y"), run });

function setDay(s: Scan, day: Ymd, source: DaySource): boolean {
  if (s.day || s.instant) return false;
  s.day = day;
  s.source = source;
  return true;
}

function ymdValid(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** A day with explicit or implied year; without a year, this year's with next year's as the fallback. */
function setMonthDay(s: Scan, m: number, d: number, explicitYear?: number): boolean {
  const y = explicitYear ?? s.year;
  if (y !== undefined) {
    if (!ymdValid(y, m, d)) return invalidDate(s, `${y}年${m}月${d}日`);
    return setDay(s, { y, m, d }, "explicit");
  }
  const y0 = s.today.y;
  if (!ymdValid(y0, m, d) && !ymdValid(y0 + 1, m, d)) return invalidDate(s, `${m}月${d}日`);
  const ok = setDay(s, ymdValid(y0, m, d) ? { y: y0, m, d } : { y: y0 + 1, m, d }, "monthday");
  s.nextYear = () => (ymdValid(y0 + 1, m, d) ? { y: y0 + 1, m, d } : null);
  return ok;
}

function invalidDate(s: Scan, what: string): boolean {
  s.error = `没有“${what}”这一天`;
  return true;
}

/** Year of a two- or four-digit (Arabic or Chinese) year number: 27 → 2027. */
function fullYear(raw: string, s: Scan): number | null {
  const n = parseNumber(raw);
  if (n === null) return null;
  if (raw.length <= 2) return 2000 + n <= s.today.y + 30 ? 2000 + n : 1900 + n;
  return n >= 1900 && n <= 2200 ? n : null;
}

function monthOffset(s: Scan, k: number): void {
  const t = (s.today.y * 12 + s.today.m - 1) + k;
  s.year = Math.floor(t / 12);
  s.month = (t % 12) + 1;
}

const weekdayNum = (c: string) => (c === "日" || c === "天" || c === "7" || c === "七" ? 0 : (parseNumber(c) ?? 0));

/** Monday of the week of `x` (weeks start on Monday). */
const mondayOf = (x: Ymd) => addDays(x, -((weekdayOf(x) + 6) % 7));

const weekShift = (prefix: string | undefined) => (!prefix ? 0 : prefix.startsWith("下下") ? 2 : prefix.startsWith("下") ? 1 : prefix.startsWith("上") ? -1 : 0);

const LUNAR_DAY = "(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十|十[一二三四五六七八九]?|[一二三四五六七八九])";
const FESTIVAL_RE = Object.keys(FESTIVALS).sort((a, b) => b.length - a.length).join("|");

const TOKENS: Token[] = [
  // 2021-09-12, 2021/9/12, 2021.9.12, 2021年9月12日 (a following “-11:23” is the clock)
  tok(`(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*[日号]?(?:[-T](?=\\d{1,2}[:：点时]))?`, (m, s) => {
    const y = Number(m[1]);
    return setMonthDay(s, Number(m[2]), Number(m[3]), y >= 1900 && y <= 2200 ? y : undefined);
  }),
  // 20240307
  tok(`(20\\d{2})(\\d{2})(\\d{2})(?!\\d)`, (m, s) => setMonthDay(s, Number(m[2]), Number(m[3]), Number(m[1]))),
  // Relative amounts: 3小时后, 一个半小时后, 半小时后, 90分钟后, 3天后, 两周后, 2个月后, 过两天
  tok(`(?:过\\s*)?(${N}{1,4}(?:\\.\\d+)?|半)\\s*(个半|个)?\\s*(小时|钟头|分钟|刻钟|天|日|周|星期|礼拜|月|年)(?:\\s*(${N}{1,2})\\s*分钟?)?\\s*(以后|之后|后)?`, (m, s) => {
    const later = Boolean(m[5]) || m[0].startsWith("过");
    if (!later || s.instant || s.day) return false;
    const base = m[1] === "半" ? 0.5 : /^\d+\.\d+$/.test(m[1]) ? Number(m[1]) : parseNumber(m[1]);
    if (base === null) return false;
    const n = base + (m[2] === "个半" ? 0.5 : 0);
    const unit = m[3];
    if (unit === "月" && m[2] !== "个" && m[2] !== "个半" && m[1] !== "半") return false;
    const extraMin = m[4] ? (parseNumber(m[4]) ?? 0) : 0;
    const minutes = unit === "小时" || unit === "钟头" ? n * 60 + extraMin : unit === "分钟" ? n : unit === "刻钟" ? n * 15 : null;
    if (minutes !== null) {
      if (minutes <= 0 || minutes > 366 * 1440) return false;
      s.instant = new Date(s.now.getTime() + Math.round(minutes) * 60_000);
      return true;
    }
    if (n !== Math.floor(n) && !(unit === "月" && n === 0.5)) return false;
    if (unit === "天" || unit === "日") return setDay(s, addDays(s.today, n), "relative");
    if (unit === "周" || unit === "星期" || unit === "礼拜") return setDay(s, addDays(s.today, n * 7), "relative");
    if (unit === "月") {
      if (n === 0.5) return setDay(s, addDays(s.today, 15), "relative");
      const t = s.today.y * 12 + s.today.m - 1 + n;
      const y = Math.floor(t / 12);
      const mo = (t % 12) + 1;
      return setDay(s, { y, m: mo, d: Math.min(s.today.d, daysInMonth(y, mo)) }, "relative");
    }
    const y = s.today.y + n;
    return setDay(s, { y, m: s.today.m, d: Math.min(s.today.d, daysInMonth(y, s.today.m)) }, "relative");
  }),
  // 今早, 明晚, 今夜
  tok(`(今|明|昨)(早|晨|晚|夜)(?![上间里饭会])`, (m, s) => {
    if (!setDay(s, addDays(s.today, m[1] === "今" ? 0 : m[1] === "明" ? 1 : -1), "relative")) return false;
    s.period = SHORT_PERIOD[m[2]];
    return true;
  }),
  tok(`(大大后天|大后天|后天|明天|明日|明儿个?|今天|今日|今儿个?|昨天|昨日|前天|大前天)`, (m, s) => {
    const k = { 大大后天: 4, 大后天: 3, 后天: 2, 明天: 1, 明日: 1, 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3 }[m[1]] ?? (m[1].startsWith("明") ? 1 : 0);
    return setDay(s, addDays(s.today, k), "relative");
  }),
  tok(`下一?个工作日`, (_m, s) => {
    let d = addDays(s.today, 1);
    for (let i = 0; i < 40 && !isWorkday(d); i++) d = addDays(d, 1);
    return setDay(s, d, "relative");
  }),
  // Years: 2027年, 27年, 二〇二七年, 明年, 今年
  tok(`(\\d{4}|\\d{2}|${CN_DIGIT}{4}|${CN_DIGIT}{2})年(?![前后底末初]|中(?!秋))`, (m, s) => {
    const y = fullYear(m[1], s);
    if (y === null || s.year !== undefined || s.day) return false;
    s.year = y;
    return true;
  }),
  tok(`(今年|明年|后年|去年)(?![前后])`, (m, s) => {
    if (s.year !== undefined || s.day) return false;
    s.year = s.today.y + { 今年: 0, 明年: 1, 后年: 2, 去年: -1 }[m[1]]!;
    return true;
  }),
  tok(`(年底|年末|年初)`, (m, s) => {
    const y = s.year ?? (m[1] === "年初" ? s.today.y + 1 : s.today.y);
    return setDay(s, m[1] === "年初" ? { y, m: 1, d: 1 } : { y, m: 12, d: 31 }, "explicit");
  }),
  tok(`(本月|这个月|当月|下下个?月|下个?月|上个?月)份?`, (m, s) => {
    if (s.month !== undefined || s.day) return false;
    monthOffset(s, m[1].startsWith("下下") ? 2 : m[1].startsWith("下") ? 1 : m[1].startsWith("上") ? -1 : 0);
    return true;
  }),
  // Lunar dates: 农历八月十五, 正月初八, 腊月二十三, 五月廿二, 闰四月初一
  tok(`(农历|阴历)?\\s*(闰)?(正|冬|腊|十[一二]|[一二三四五六七八九十])月(?:份)?(?:的)?(${LUNAR_DAY})(?![日号\\d零〇一二两三四五六七八九十])`, (m, s) => {
    const month = m[3] === "正" ? 1 : m[3] === "冬" ? 11 : m[3] === "腊" ? 12 : parseNumber(m[3])!;
    const day = lunarDay(m[4]);
    if (day === null || day < 1 || day > 30 || s.day) return false;
    const marked = Boolean(m[1]) || Boolean(m[2]) || /[正冬腊]/.test(m[3]) || /[初廿]/.test(m[4]);
    if (!marked) {
      // 八月十五 could be either calendar: read it as the solar date and ask.
      if (!setMonthDay(s, month, day)) return false;
      s.unsure = `如指农历${lunarMonthName(month)}${lunarDayName(day)}，请写“农历${lunarMonthName(month)}${lunarDayName(day)}”`;
      return true;
    }
    return setLunar(s, month, day, Boolean(m[2]));
  }),
  // 大年初二: the first lunar month
  tok(`大年(初[一二三四五六七八九十])`, (m, s) => setLunar(s, 1, lunarDay(m[1])!, false)),
  // Festivals and solar terms: 春节, 中秋节, 清明, 国庆节
  tok(`(${FESTIVAL_RE}|小年)(节)?(夜)?`, (m, s) => {
    if (s.day) {
      // 10月1日国庆节: the name only confirms the date; one that does not match is refused.
      const key = FESTIVALS[m[1]];
      const day = s.day;
      if (key && ![day.y - 1, day.y].some((y) => { const d = eventDate(key, y); return d && compareYmd(d, day) === 0; })) s.error = `${day.m}月${day.d}日不是${m[1]}，请核对日期`;
      return Boolean(key);
    }
    // 小年 is 腊月二十三 in the north and 腊月二十四 in the south (Guangdong): the southern one, asked.
    const name = m[1] === "小年" ? "南方小年" : m[1];
    const key = FESTIVALS[name];
    if (m[1] === "小年") s.unsure = "按南方（广东）的腊月二十四；北方小年是腊月二十三";
    if (m[3]) s.period = "晚上";
    s.event = { key, offset: 0, name };
    const from = s.year !== undefined ? { y: s.year, m: 1, d: 1 } : s.today;
    const day = nextEventDayFor(key, from, s.year);
    if (!day) return invalidDate(s, m[1]);
    setDay(s, day, s.year !== undefined ? "eventyear" : "event");
    return true;
  }),
  // 前三天, 前一周, 后两天, 前夕, 前一天 (after a festival or a date)
  tok(`(前|后)\\s*(${N}{1,2}|一)\\s*(个)?\\s*(天|日|周|星期|礼拜)|(前夕|前一天|当天|当日)`, (m, s) => {
    if (!s.day || s.dayOffset !== undefined || (s.source !== "event" && s.source !== "eventyear" && s.source !== "explicit" && s.source !== "monthday")) return false;
    let k: number;
    if (m[5]) k = m[5] === "当天" || m[5] === "当日" ? 0 : -1;
    else {
      const n = parseNumber(m[2]);
      if (n === null || n === 0) return false;
      k = (m[1] === "前" ? -1 : 1) * n * (m[4] === "天" || m[4] === "日" ? 1 : 7);
    }
    s.dayOffset = k;
    return true;
  }),
  // The N-th weekday of a month: 6月第3个星期日, 八月份的第一个周二, 下个月第一个周一, 本月最后一个周五
  tok(`(?:第(${N}{1,2})个?|最后一个)${WEEK_WORD}(${WEEKDAY})`, (m, s) => {
    if (s.month === undefined || s.day) return false;
    const n = m[1] ? parseNumber(m[1]) : -1;
    if (n === null || n === 0 || n > 5) return false;
    const w = weekdayNum(m[2]);
    const pick = (y: number) => nthWeekday(y, s.month!, w, n);
    const y = s.year ?? s.today.y;
    const day = pick(y);
    if (!day) return invalidDate(s, `${s.month}月第${n}个周${WEEKDAY_NAMES[w]}`);
    setDay(s, day, s.year !== undefined ? "explicit" : "monthday");
    if (s.year === undefined) s.nextYear = () => pick(y + 1);
    return true;
  }),
  // Months: 9月, 九月份, 12月 (a day or a part of the month follows)
  tok(`(1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十元])月份?(?:的)?`, (m, s) => {
    if (s.month !== undefined || s.day) return false;
    s.month = m[1] === "元" ? 1 : parseNumber(m[1])!;
    s.lastMonthEnd = m.index + m[0].length;
    return true;
  }),
  tok(`(月底|月末|月初|月中|底|初)(?![一二三四五六七八九十])`, (m, s) => {
    if (s.day) return false;
    const implicit = s.month === undefined;
    if (implicit && m[1].length === 1) return false;
    const y = s.year ?? s.today.y;
    const mo = s.month ?? s.today.m;
    const dayIn = (yy: number, mm: number) => ({ y: yy, m: mm, d: m[1].endsWith("底") || m[1] === "月末" ? daysInMonth(yy, mm) : m[1].endsWith("中") ? 15 : 1 });
    const first = dayIn(y, mo);
    setDay(s, first, implicit ? "dom" : s.year !== undefined ? "explicit" : "monthday");
    if (implicit) {
      const nm = mo === 12 ? { y: y + 1, m: 1 } : { y, m: mo + 1 };
      s.nextYear = () => dayIn(nm.y, nm.m);
    } else if (s.year === undefined) s.nextYear = () => dayIn(y + 1, mo);
    return true;
  }),
  // 6月3 (a bare Arabic day right after a month)
  tok(`(3[01]|[12]\\d|0?[1-9])(?![\\d.:：点时号日])`, (m, s) => (s.month !== undefined && !s.day && s.lastMonthEnd === m.index ? setMonthDay(s, s.month, Number(m[1])) : false)),
  // 上旬/中旬/下旬 of a month: its 1st, 11th or 21st, asked.
  tok(`(上|中|下)旬`, (m, s) => {
    if (s.day) return false;
    const d = m[1] === "上" ? 1 : m[1] === "中" ? 11 : 21;
    const explicit = s.month !== undefined;
    if (explicit) setMonthDay(s, s.month!, d);
    else {
      setDay(s, { y: s.today.y, m: s.today.m, d }, "dom");
      const nm = s.today.m === 12 ? { y: s.today.y + 1, m: 1 } : { y: s.today.y, m: s.today.m + 1 };
      s.nextYear = () => ({ ...nm, d });
    }
    s.unsure = `${m[0]}先按${d}号算`;
    return true;
  }),
  // Days: 15号, 十五日, 3日 (of the context month, or of this month)
  tok(`(${N}{1,3})\\s*(?:号|日)(?![本])`, (m, s) => {
    const d = parseNumber(m[1]);
    if (d === null || d < 1 || d > 31 || s.day) return false;
    if (s.month !== undefined) return setMonthDay(s, s.month, d);
    // A day of this month; when it has passed, of the next month that has it.
    if (s.year !== undefined) return false;
    const cands: Ymd[] = [];
    for (let k = 0; k < 3; k++) {
      const t = s.today.y * 12 + s.today.m - 1 + k;
      const yy = Math.floor(t / 12);
      const mm = (t % 12) + 1;
      if (d <= daysInMonth(yy, mm)) cands.push({ y: yy, m: mm, d });
    }
    if (!cands.length) return false;
    setDay(s, cands[0], "dom");
    s.nextYear = () => cands.find((c) => compareYmd(c, s.today) > 0) ?? null;
    return true;
  }),
  // 12-25, 9/12, 9.12 (month-day without a year)
  tok(`(1[0-2]|0?[1-9])[-/.](3[01]|[12]\\d|0?[1-9])(?![\\d.:/-])`, (m, s) => setMonthDay(s, Number(m[1]), Number(m[2]))),
  // Weekdays: 周二, 下周三, 下下周一, 本周五, 星期天
  tok(`(下下个?|下个?|本|这个?|上个?)?${WEEK_WORD}(${WEEKDAY})`, (m, s) => {
    const w = weekdayNum(m[2]);
    if (s.day && !m[1]) {
      // 12月4日（周五）: the weekday only confirms the date; one that does not match is refused.
      // A month-day without a year may be next year's: the one whose weekday matches.
      const match = [s.day, s.source === "monthday" ? s.nextYear?.() : null].find((d) => d && weekdayOf(d) === w);
      if (!match) s.error = `${s.day.m}月${s.day.d}日是周${WEEKDAY_NAMES[weekdayOf(s.day)]}，不是周${WEEKDAY_NAMES[w]}，请核对日期`;
      else {
        // The weekday fixes the year: no rolling to another one afterwards.
        s.day = match;
        if (s.source === "monthday") s.source = "explicit";
      }
      return true;
    }
    const shift = weekShift(m[1]);
    const day = addDays(mondayOf(s.today), shift * 7 + ((w + 6) % 7));
    if (!setDay(s, day, m[1] ? "explicit" : "weekday")) return false;
    if (!m[1]) s.nextYear = () => addDays(day, 7);
    return true;
  }),
  tok(`(下下个?|下个?|本|这个?)?周末`, (m, s) => {
    const day = addDays(mondayOf(s.today), weekShift(m[1]) * 7 + 5);
    return setDay(s, day, "explicit");
  }),
  tok(`(下下个?|下个?)${WEEK_WORD}(?!${WEEKDAY}|末)`, (m, s) => {
    if (!setDay(s, addDays(mondayOf(s.today), weekShift(m[1]) * 7), "explicit")) return false;
    s.unsure = "没写星期几，先按周一算";
    return true;
  }),
  // Parts of the day
  tok(`(${Object.keys(PERIODS).join("|")})`, (m, s) => {
    if (s.period || s.clock) return false;
    s.period = m[1];
    return true;
  }),
  tok(`(早|晚)(?=${N}{1,2}\\s*[点时:])`, (m, s) => {
    if (s.period || s.clock) return false;
    s.period = SHORT_PERIOD[m[1]];
    return true;
  }),
  // Clock: 15:00, 3:30:00, 3点, 三点半, 8点一刻, 20时15分, 十点零五, 9点整, 3点钟, 8时许, 4点左右
  tok(`(\\d{1,2})\\s*[:：]\\s*(\\d{2})(?:[:：]\\d{2})?`, (m, s) => setClock(s, m[1], Number(m[2]), m[1].length === 2)),
  tok(`(${N}{1,3})\\s*(?:点钟|点|时)(半|一刻|三刻|整|过?\\d{1,2}(?:分|(?![\\d号日]))|过?(?:${CN_DIGIT}|十){1,3}分|(?:${CN_DIGIT}|十){2,3}(?=$|[^${NUM_CHARS}分秒钟号日])|(?:${CN_DIGIT}|十)(?=$|[\\s,，。、]))?(?:${N}{1,2}秒)?(?:钟|许|左右|前后|多钟|多)?`, (m, s) => {
    const raw = m[2]?.replace(/[过分\s]/g, "");
    const minute = !raw || raw === "整" ? 0 : raw === "半" ? 30 : raw === "一刻" ? 15 : raw === "三刻" ? 45 : (parseNumber(raw) ?? -1);
    return setClock(s, m[1], minute, false);
  }),
  // The end of a range (3点至5点, 9:00-11:00, 上午9点到下午5点, 周一至周五): the reminder is for its start.
  tok(`\\s*(?:至|到|~|～|—|-)\\s*`, (m, s) => {
    if (!s.day && !s.clock && !s.period) return false;
    const from = m.index + m[0].length;
    const end = scan(m.input, { now: s.now, today: s.today }, from);
    if (end <= from) return false;
    return m.input.startsWith("之间", end) ? end + 2 : end;
  }),
  // 年底前, 2月1日前, 中秋节之前: a deadline; reminded on that day, asked.
  tok(`(?:之前|以前|前)(?![${NUM_CHARS}夕往去来进])`, (_m, s) => {
    if (!s.day || s.instant) return false;
    s.unsure ??= "写的是“之前”，先按当天提醒";
    return true;
  }),
];

function setClock(s: Scan, rawHour: string, minute: number, h24: boolean): boolean {
  if (s.clock || s.instant) return false;
  const h = parseNumber(rawHour);
  if (h === null) return false;
  if (h > 23 || minute < 0 || minute > 59) {
    s.error = `没有“${rawHour}${minute > 59 ? `:${minute}` : "点"}”这个时间，钟点应在 0 到 23 点之间、分钟在 0 到 59 之间，例如“明天下午3点”“明天 23:30”`;
    return true;
  }
  s.clock = { h, m: minute, h24: h24 || h >= 13 || h === 0 };
  return true;
}

/** The next day (on or after `from`) of a yearly event; with a year given, that year's. */
function nextEventDayFor(key: string, from: Ymd, year?: number): Ymd | null {
  if (year === undefined) return nextEventDay(key, 0, from);
  // Lunar events are anchored on the lunar year, which mostly overlaps the solar one.
  const day = nextEventDay(key, 0, { y: year, m: 1, d: 1 });
  return day && day.y === year ? day : null;
}

function setLunar(s: Scan, month: number, day: number, leap: boolean): boolean {
  if (s.day) return false;
  const name = `农历${leap ? "闰" : ""}${lunarMonthName(month)}${lunarDayName(day)}`;
  const pick = (from: Ymd): Ymd | null => {
    for (let ly = from.y - 1; ly <= from.y + 3; ly++) {
      const d = leap ? lunarToSolar(ly, month, day, true) : eventDate(`lunar:${month}-${day}`, ly);
      if (d && compareYmd(d, from) >= 0) return d;
    }
    return null;
  };
  const from = s.year !== undefined ? { y: s.year, m: 1, d: 1 } : s.today;
  const found = pick(from);
  if (!found || (s.year !== undefined && found.y !== s.year)) return invalidDate(s, name);
  setDay(s, found, s.year !== undefined ? "eventyear" : "event");
  s.event = leap ? undefined : { key: `lunar:${month}-${day}`, offset: 0, name };
  return true;
}

const SEPARATOR = /[\s的,，、:：()（）在于]*/y;

/** Scans time words from `start`; returns where the scan stopped (the content begins there). */
function scan(text: string, s: Scan, start: number): number {
  let pos = start;
  for (;;) {
    SEPARATOR.lastIndex = pos;
    SEPARATOR.exec(text);
    const at = SEPARATOR.lastIndex;
    let matched = false;
    for (const t of TOKENS) {
      t.re.lastIndex = at;
      const m = t.re.exec(text);
      if (!m || !m[0].length) continue;
      const r = t.run(m, s);
      if (r === false) continue;
      pos = typeof r === "number" ? r : at + m[0].length;
      matched = true;
      break;
    }
    if (!matched || s.error) return pos;
  }
}

/** Reads a recurrence word at the start: 每天, 每个工作日, 每周一三五, 每月5号, 每月月底, 每年9月1日, 每年中秋. */
function readRecurrence(text: string, s: Scan): { end: number } | { error: string } | null {
  const simple: Array<[RegExp, Recurrence]> = [
    [/^(?:每天|每日|天天|每晚|每早)/, { kind: "daily" }],
    [/^(?:每个工作日|每一个工作日|每工作日|每周工作日|工作日)/, { kind: "workday" }],
  ];
  for (const [re, rec] of simple) {
    const m = re.exec(text);
    if (m) {
      s.recurring = rec;
      if (m[0] === "每晚") s.period = "晚上";
      if (m[0] === "每早") s.period = "早上";
      return { end: m[0].length };
    }
  }
  let m = new RegExp(`^(?:每个?|每一个?)${WEEK_WORD}(?:(${WEEKDAY})\\s*(?:到|至|-|~)\\s*${WEEK_WORD}?(${WEEKDAY})|((?:${WEEKDAY}[、,和及]?){1,7}))`).exec(text);
  if (m) {
    // 每周一到周五 is a range of days (Monday-based); 每周一三五 a list.
    const range = (a: number, b: number) => Array.from({ length: ((b + 6) % 7) - ((a + 6) % 7) + 1 }, (_, i) => (a + i) % 7);
    const listed = m[3] ? [...m[3].replace(/[、,和及]/g, "")].map(weekdayNum) : range(weekdayNum(m[1]), weekdayNum(m[2]));
    if (!listed.length) return { error: "每周的起止日子写反了，例如“每周一到周五”" };
    const days = [...new Set(listed)].sort((a, b) => (a || 7) - (b || 7));
    s.recurring = { kind: "weekly", days };
    return { end: m[0].length };
  }
  m = new RegExp(`^(?:每个?月|每月份)(?:的)?(?:(月底|月末|底|最后一天)|(${N}{1,3})(?:号|日)|第(${N})个?${WEEK_WORD}(${WEEKDAY})|最后一个${WEEK_WORD}(${WEEKDAY}))`).exec(text);
  if (m) {
    if (m[1]) s.recurring = { kind: "monthly", dom: "L", label: "每月最后一天" };
    else if (m[2]) {
      const d = parseNumber(m[2]);
      if (d === null || d < 1 || d > 31) return { error: "每月的日期应在 1 到 31 号之间" };
      s.recurring = { kind: "monthly", dom: String(d), label: `每月${d}日` };
    } else {
      const n = parseNumber(m[3] ?? "") ?? -1;
      const w = weekdayNum(m[4] ?? m[5]);
      if (m[3] && (n < 1 || n > 5)) return { error: "每月第几个星期应在 1 到 5 之间" };
      s.recurring = { kind: "monthly", dom: m[3] ? `${w}#${n}` : `${w}#L`, label: m[3] ? `每月第${n}个周${WEEKDAY_NAMES[w]}` : `每月最后一个周${WEEKDAY_NAMES[w]}` };
    }
    return { end: m[0].length };
  }
  if (text.startsWith("每年")) {
    s.recurring = { kind: "yearly" };
    return { end: 2 };
  }
  if (/^每/.test(text)) return { error: "没能看懂重复的周期" };
  return null;
}

/** The clock (hour, minute, day shift) a scan gives, with whether 1–6点 without a part of the day is ambiguous. */
function clockOf(s: Scan): { h: number; m: number; plusDays: number; ambiguous: boolean } | { error: string } {
  if (!s.clock) {
    if (!s.period) return { h: DEFAULT_HOUR, m: 0, plusDays: 0, ambiguous: false };
    const h = PERIODS[s.period].hour;
    return h === 24 ? { h: 0, m: 0, plusDays: 1, ambiguous: false } : { h, m: 0, plusDays: 0, ambiguous: false };
  }
  const r = applyPeriod(s.clock.h, s.period);
  if (!r) return { error: `“${s.period}${s.clock.h}点”前后矛盾，请写清楚，例如“下午3点”或“15:00”` };
  return { h: r[0], m: s.clock.m, plusDays: r[1], ambiguous: !s.period && !s.clock.h24 && s.clock.h >= 1 && s.clock.h <= 6 };
}

function question(label: string, extra?: string): string {
  return `是指${label}吗？${extra ? `（${extra}）` : ""}回复 是 确认，或发来正确的时间`;
}

/** “11月27日（周五）14:30”, with the year when it is not the current one. */
export function describeInstant(at: Date, now: Date): string {
  const p = shanghaiParts(at);
  const withYear = p.year !== shanghaiParts(now).year;
  const [date, time] = formatShanghai(at, withYear).split(" ");
  return `${date}（周${WEEKDAY_NAMES[p.weekday]}）${time}`;
}

function explain(error: string): string {
  return `${error}。可以这样写：\n${TIME_EXAMPLES.join("\n")}`;
}

/** Builds a recurring schedule from a scan that started with 每…. */
function recurringSchedule(s: Scan, rec: Recurrence): Parsed<{ schedule: Schedule; label: string; confirm?: string }> {
  if (s.instant || (s.day && rec.kind !== "yearly")) return { ok: false, error: "重复提醒请只写周期和钟点，例如“每周一 09:00”" };
  const c = clockOf(s);
  if ("error" in c) return { ok: false, error: c.error };
  if (c.plusDays) return { ok: false, error: "重复提醒的钟点请写在当天之内，例如“每天 23:30”" };
  const h = c.ambiguous ? c.h + 12 : c.h;
  const time = hhmm(h, c.m);
  const ambiguous = c.ambiguous ? `${pad(c.h)}:${pad(c.m)} 还是 ${time}` : undefined;
  let schedule: Schedule;
  let confirm: string | undefined;
  if (rec.kind === "daily") schedule = { kind: "cron", cron: `${c.m} ${h} * * *`, label: `每天 ${time}` };
  else if (rec.kind === "workday") schedule = { kind: "workday", hour: h, minute: c.m, label: `每个工作日 ${time}` };
  else if (rec.kind === "weekly") schedule = { kind: "cron", cron: `${c.m} ${h} * * ${rec.days.join(",")}`, label: `每周${rec.days.map((d) => WEEKDAY_NAMES[d]).join("、")} ${time}` };
  else if (rec.kind === "monthly") {
    const isDow = rec.dom.includes("#");
    schedule = { kind: "cron", cron: isDow ? `${c.m} ${h} * * ${rec.dom}` : `${c.m} ${h} ${rec.dom} * *`, label: `${rec.label} ${time}` };
    const d = Number(rec.dom);
    if (d >= 29) {
      schedule = { kind: "cron", cron: `${c.m} ${h} L * *`, label: `每月最后一天 ${time}` };
      confirm = `有的月份没有${d}号。是指每月最后一天（月底）${time}吗？回复 是 确认；如只在有${d}号的月份提醒，请改写日期`;
    }
  } else {
    // 每年…: a festival, a lunar date, a solar term, or a month-day.
    if (s.event && s.source !== "eventyear") {
      const offset = s.dayOffset ?? 0;
      const name = s.event.name;
      const label = `每年${name}${offset ? `${offset < 0 ? "前" : "后"}${Math.abs(offset)}天` : ""} ${time}`;
      schedule = { kind: "yearly", event: s.event.key, offsetDays: offset, hour: h, minute: c.m, label };
    } else if (s.day && s.source === "monthday" && !s.dayOffset) {
      schedule = { kind: "cron", cron: `${c.m} ${h} ${s.day.d} ${s.day.m} *`, label: `每年${s.day.m}月${s.day.d}日 ${time}` };
    } else return { ok: false, error: "没能看懂每年的哪一天，例如“每年9月1日”“每年中秋节”“每年农历八月十五”" };
  }
  if (!confirm && (ambiguous || s.unsure)) confirm = question(schedule.label, ambiguous ? `${ambiguous}？` : s.unsure);
  return { ok: true, value: { schedule, label: schedule.label, confirm } };
}

/** Builds a one-off instant from a scan. */
function onceSchedule(s: Scan, now: Date, text: string): Parsed<{ at: Date; confirm?: string }> {
  if (s.instant) {
    if (s.day || s.clock || s.period) return { ok: false, error: `“${text}”里的时间前后矛盾，请只写一种，例如“2小时后”或“明天下午3点”` };
    return { ok: true, value: { at: s.instant } };
  }
  if (!s.day && (s.month !== undefined || s.year !== undefined)) {
    // 下个月, 9月, 明年: no day written; the first day of it, asked.
    const y = s.year ?? s.today.y;
    const mo = s.month ?? 1;
    let first = { y, m: mo, d: 1 };
    if (s.year === undefined && compareYmd(first, s.today) <= 0) first = { y: y + 1, m: mo, d: 1 };
    s.day = first;
    s.source = "explicit";
    s.unsure = "没写哪一天，先按1号算";
  }
  if (!s.day && !s.clock && !s.period) return { ok: false, error: `没能看懂时间“${text}”` };
  const c = clockOf(s);
  if ("error" in c) return { ok: false, error: c.error };
  const timeOnly = !s.day;
  let day = addDays(s.day ?? s.today, s.dayOffset ?? 0);
  let hour = c.h;
  const build = (d: Ymd) => {
    const dd = addDays(d, c.plusDays);
    return shanghaiDate(dd.y, dd.m, dd.d, hour, c.m);
  };
  let at = build(day);
  let confirm: string | undefined;
  let ambiguity: string | undefined;
  const future = (t: Date) => t.getTime() > now.getTime();
  if (c.ambiguous) {
    // 3点 without 上午/下午: the afternoon reading, asked about unless it is the only one still ahead today.
    const morningAhead = future(at);
    hour = c.h + 12;
    at = build(day);
    if (!(timeOnly && !morningAhead && future(at))) ambiguity = `${hhmm(c.h, c.m)} 还是 ${hhmm(hour, c.m)}？`;
  }
  if (!future(at)) {
    if (timeOnly) {
      // A time alone that has passed today: tomorrow, asked.
      const tomorrow = build(addDays(day, 1));
      return { ok: true, value: { at: tomorrow, confirm: question(describeInstant(tomorrow, now), `今天${hhmm(hour, c.m)}已经过了`) } };
    }
    const next = s.nextYear?.();
    const daysPast = daysBetween(day, s.today);
    if (next && (s.source === "weekday" || s.source === "dom")) {
      const later = build(addDays(next, s.dayOffset ?? 0));
      if (daysPast > 0) return { ok: true, value: { at: later, confirm: ambiguity && question(describeInstant(later, now), ambiguity) } };
      return { ok: true, value: { at: later, confirm: question(describeInstant(later, now), `${describeInstant(at, now)}已经过了`) } };
    }
    if (next && s.source === "monthday" && daysPast > ROLL_TO_NEXT_YEAR_DAYS) {
      day = addDays(next, s.dayOffset ?? 0);
      at = build(day);
    } else if (s.source === "event" && s.event) {
      // Today's festival, its time passed, or a day before it already gone: the next year's.
      const after = nextEventDay(s.event.key, 0, addDays(s.day!, 1));
      if (after) {
        const later = build(addDays(after, s.dayOffset ?? 0));
        return { ok: true, value: { at: later, confirm: question(describeInstant(later, now), `今年的已经过了`) } };
      }
    } else if (next && s.source === "monthday") {
      const later = build(addDays(next, s.dayOffset ?? 0));
      return { ok: false, error: `“${text}”（${describeInstant(at, now)}）已经过去了，如指明年请写“${shanghaiParts(later).year}年${next.m}月${next.d}日”` };
    }
    if (!future(at)) return { ok: false, error: `“${text}”（${describeInstant(at, now)}）已经过去了，请换一个将来的时间` };
  }
  if (s.source === "event" && s.event) {
    // A festival that has already been this year (we moved to the next one): say so.
    const thisYear = nextEventDayFor(s.event.key, { y: s.today.y, m: 1, d: 1 }, s.today.y);
    if (thisYear && compareYmd(thisYear, s.today) < 0 && daysBetween(thisYear, s.today) <= ROLL_TO_NEXT_YEAR_DAYS) {
      confirm = question(describeInstant(at, now), `今年的${s.event.name}（${thisYear.m}月${thisYear.d}日）已经过了`);
    }
  }
  if (s.unsure || ambiguity) confirm = question(describeInstant(at, now), s.unsure ?? ambiguity);
  return { ok: true, value: { at, confirm } };
}

/** Words that belong to a time: content may not start with one glued to the time (“3点多钟” read as 3点 + “多钟”). */
const LEFTOVER = new RegExp(`^(?:[${NUM_CHARS}点时分秒刻钟许半号月年廿初]|旬|底|末|上午|下午|晚上|早上|凌晨|左右|以后|之后|前后|之间|期间|以内|之内|(?:至|到)(?:周|星期|礼拜|[${NUM_CHARS}]))`);

/** “或下午”, “和后天”: a second time glued on with a conjunction (which one is meant is unclear). */
function secondTime(rest: string, s: Scan): boolean {
  const c = /^(?:或者|或|和|及|与|跟|还是)/.exec(rest);
  return Boolean(c) && scan(rest, { now: s.now, today: s.today }, c![0].length) > c![0].length;
}

/**
 * Reads a schedule (recurring or one-off) at the start of `text`, relative to `now`.
 * Used by 提醒, by 联席会议 and by the policy calendar's data file.
 */
export function parseSchedule(raw: string, now: Date): Parsed<ParsedSchedule> {
  if (raw.length > MAX_INPUT * 2) return { ok: false, error: `内容太长了（最多 ${MAX_INPUT} 字），请写短一些` };
  const text = normaliseTimeText(raw);
  if (text.length > MAX_INPUT) return { ok: false, error: `内容太长了（最多 ${MAX_INPUT} 字），请写短一些` };
  const p = shanghaiParts(now);
  const s: Scan = { now, today: { y: p.year, m: p.month, d: p.day } };
  const rec = readRecurrence(text, s);
  if (rec && "error" in rec) return { ok: false, error: explain(rec.error) };
  const start = rec ? rec.end : 0;
  const end = scan(text, s, start);
  const read = text.slice(0, end).trim();
  if (s.error) return { ok: false, error: explain(s.error) };
  if (end === 0) {
    const shown = text.split(" ")[0].slice(0, 20);
    return { ok: false, error: explain(shown ? `没能看懂时间“${shown}”` : "请写上提醒的时间") };
  }
  const rest = text.slice(end);
  if (LEFTOVER.test(rest) || secondTime(rest, s)) return { ok: false, error: explain(`没能完全看懂时间“${text.slice(0, Math.min(text.length, end + 4)).split(" ").slice(0, 2).join(" ")}”`) };
  if (s.recurring) {
    const r = recurringSchedule(s, s.recurring);
    if (!r.ok) return { ok: false, error: explain(r.error) };
    const next = nextDueAt(r.value.schedule, new Date(now.getTime() + 1));
    if (!next) return { ok: false, error: explain("这个周期找不到下一次的时间") };
    return { ok: true, value: { ...r.value, next, rest } };
  }
  const once = onceSchedule(s, now, read);
  if (!once.ok) return { ok: false, error: explain(once.error) };
  const { at, confirm } = once.value;
  return { ok: true, value: { schedule: { kind: "once", at: at.toISOString() }, label: describeInstant(at, now), next: at, rest, confirm } };
}

const LEAD_RE = new RegExp(`[,，]?\\s*提前\\s*(${N}{1,3})\\s*(个?小时|个?钟头|天|日|分钟)\\s*(?:提醒)?`);

function cleanRest(rest: string): string {
  return rest.replace(/^[\s,，:：、。的]+/, "").replace(/[\s,，]+$/, "").trim();
}

/**
 * Understands the arguments of `提醒 <时间> <内容> [提前N天|提前N小时]` at `now`.
 * Never guesses: an unclear or past time is an error whose text gives examples, and an
 * unsure reading comes back with `confirm` (the question to ask before saving).
 */
export function parseReminder(args: string, now: Date): Parsed<ParsedReminder> {
  if (args.length > MAX_INPUT * 2) return { ok: false, error: `提醒内容太长了，请控制在 500 字以内` };
  let text = normaliseTimeText(args);
  if (text.length > MAX_INPUT) return { ok: false, error: `提醒内容太长了，请控制在 500 字以内` };
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
  const { schedule, label, next, confirm } = parsed.value;
  return { ok: true, value: { schedule, content, leadMinutes, label, next, ...(confirm ? { confirm } : {}) } };
}

/** “1天” / “2小时” / “1天3小时” for a heads-up in minutes. */
export function describeLead(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `${d ? `${d}天` : ""}${h ? `${h}小时` : ""}${m ? `${m}分钟` : ""}` || "0分钟";
}

