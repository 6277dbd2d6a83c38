/**
 * The Chinese calendar for reminders: lunar dates and festivals (lunar-typescript), the 24
 * solar terms, and public holidays with their make-up working days (调休, from chinese-days,
 * which carries the State Council's schedule year by year). Dates are plain Y-M-D in Shanghai.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** A calendar day (Gregorian, Shanghai). */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

type LunarLib = typeof import("lunar-typescript");
let lunarLib: LunarLib | null = null;
/** lunar-typescript, loaded on first use (start-up does not wait for it). */
function lunar(): LunarLib {
  lunarLib ??= load("lunar-typescript") as LunarLib;
  return lunarLib;
}

export const ymdKey = (x: Ymd) => `${x.y}-${String(x.m).padStart(2, "0")}-${String(x.d).padStart(2, "0")}`;

/** The day `n` days after `x` (n may be negative). */
export function addDays(x: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (x: Ymd) => new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay();
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const compareYmd = (a: Ymd, b: Ymd) => a.y - b.y || a.m - b.m || a.d - b.d;
/** Days from `a` to `b` (negative when `b` is earlier). */
export const daysBetween = (a: Ymd, b: Ymd) => (Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000;

/** Lunar month `m` (1–12), day `d` of lunar year `ly`, as a solar day; null when that lunar month has no such day. */
export function lunarToSolar(ly: number, m: number, d: number, leap = false): Ymd | null {
  const { Lunar, LunarYear } = lunar();
  if (leap && LunarYear.fromYear(ly).getLeapMonth() !== m) return null;
  const month = LunarYear.fromYear(ly).getMonth(leap ? -m : m);
  if (!month || d > month.getDayCount()) return null;
  const s = Lunar.fromYmd(ly, leap ? -m : m, d).getSolar();
  return { y: s.getYear(), m: s.getMonth(), d: s.getDay() };
}

/** 除夕: the last day of the twelfth lunar month of lunar year `ly`. */
function lunarNewYearsEve(ly: number): Ymd {
  return addDays(lunarToSolar(ly + 1, 1, 1)!, -1);
}

/** The 24 solar terms, in order from 小寒. */
export const SOLAR_TERMS = ["小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至"];

/** lunar-typescript names the terms of the next year's start in pinyin. */
const TERM_PINYIN: Record<string, string> = { DA_XUE: "大雪", DONG_ZHI: "冬至", XIAO_HAN: "小寒", DA_HAN: "大寒", LI_CHUN: "立春", YU_SHUI: "雨水", JING_ZHE: "惊蛰" };

/** The day of solar term `name` in Gregorian year `y`. */
function solarTerm(name: string, y: number): Ymd | null {
  const { Lunar } = lunar();
  // A lunar year's table runs from the previous 大雪 to the next 惊蛰: two tables cover year y.
  for (const ly of [y, y + 1]) {
    const table = Lunar.fromYmd(ly, 1, 1).getJieQiTable() as Record<string, { getYear(): number; getMonth(): number; getDay(): number }>;
    for (const [key, s] of Object.entries(table)) {
      if ((TERM_PINYIN[key] ?? key) === name && s.getYear() === y) return { y, m: s.getMonth(), d: s.getDay() };
    }
  }
  return null;
}

/**
 * A yearly calendar event: `solar:M-D`, `lunar:M-D`, `lunar:eve` (除夕), `term:清明`, or
 * `nth:M-W-N` (the N-th weekday W of month M; N = -1 for the last one).
 */
export type EventKey = string;

const eventCache = new Map<string, Ymd | null>();

/**
 * The day of `event` in its anchor year `year` (for a lunar event, lunar year `year`). Memoised:
 * a lunar year costs the library a few milliseconds to compute, a cached answer microseconds.
 */
export function eventDate(event: EventKey, year: number): Ymd | null {
  const key = `${event}|${year}`;
  let day = eventCache.get(key);
  if (day === undefined) {
    day = computeEventDate(event, year);
    if (eventCache.size > 10_000) eventCache.clear();
    eventCache.set(key, day);
  }
  return day;
}

function computeEventDate(event: EventKey, year: number): Ymd | null {
  const [kind, arg] = event.split(":");
  if (kind === "solar") {
    const [m, d] = arg.split("-").map(Number);
    return d <= daysInMonth(year, m) ? { y: year, m, d } : null;
  }
  if (kind === "lunar") return arg === "eve" ? lunarNewYearsEve(year) : lunarToSolar(year, ...(arg.split("-").map(Number) as [number, number]));
  if (kind === "term") return solarTerm(arg, year);
  if (kind === "nth") {
    const [m, w, n] = arg.split("-").map(Number);
    return nthWeekday(year, m, w, n);
  }
  return null;
}

/** The first day on or after `from` on which `event` (shifted by `offsetDays`) falls. */
export function nextEventDay(event: EventKey, offsetDays: number, from: Ymd): Ymd | null {
  for (let y = from.y - 1; y <= from.y + 2; y++) {
    const e = eventDate(event, y);
    if (!e) continue;
    const day = addDays(e, offsetDays);
    if (compareYmd(day, from) >= 0) return day;
  }
  return null;
}

/** The `n`-th weekday `w` (0 = Sunday) of month `m`; n = -1 is the last one. Null when there is none. */
export function nthWeekday(y: number, m: number, w: number, n: number): Ymd | null {
  if (n < 0) {
    const last = daysInMonth(y, m);
    const d = last - ((weekdayOf({ y, m, d: last }) - w + 7) % 7);
    return { y, m, d };
  }
  const d = 1 + ((w - weekdayOf({ y, m, d: 1 }) + 7) % 7) + (n - 1) * 7;
  return d <= daysInMonth(y, m) ? { y, m, d } : null;
}

/** Festivals people name, with the yearly event each one is. */
export const FESTIVALS: Record<string, EventKey> = {
  元旦: "solar:1-1", 情人节: "solar:2-14", 妇女节: "solar:3-8", 三八妇女节: "solar:3-8", 植树节: "solar:3-12",
  劳动节: "solar:5-1", 五一劳动节: "solar:5-1", 五一: "solar:5-1", 青年节: "solar:5-4", 五四青年节: "solar:5-4",
  儿童节: "solar:6-1", 六一儿童节: "solar:6-1", 建党节: "solar:7-1", 七一: "solar:7-1", 建军节: "solar:8-1", 八一建军节: "solar:8-1",
  教师节: "solar:9-10", 国庆节: "solar:10-1", 国庆: "solar:10-1", 十一国庆节: "solar:10-1", 平安夜: "solar:12-24", 圣诞节: "solar:12-25",
  母亲节: "nth:5-0-2", 父亲节: "nth:6-0-3", 感恩节: "nth:11-4-4",
  春节: "lunar:1-1", 大年初一: "lunar:1-1", 元宵节: "lunar:1-15", 元宵: "lunar:1-15", 龙抬头: "lunar:2-2", 端午节: "lunar:5-5", 端午: "lunar:5-5",
  七夕节: "lunar:7-7", 七夕: "lunar:7-7", 中元节: "lunar:7-15", 中秋节: "lunar:8-15", 中秋: "lunar:8-15", 重阳节: "lunar:9-9", 重阳: "lunar:9-9",
  腊八节: "lunar:12-8", 腊八: "lunar:12-8", 南方小年: "lunar:12-24", 北方小年: "lunar:12-23", 除夕: "lunar:eve", 大年三十: "lunar:eve", 年三十: "lunar:eve",
  ...Object.fromEntries(SOLAR_TERMS.map((t) => [t, `term:${t}`])),
};

const CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
export const lunarMonthName = (m: number) => (m === 1 ? "正月" : m === 11 ? "冬月" : m === 12 ? "腊月" : `${m === 10 ? "十" : CN[m]}月`);
export const lunarDayName = (d: number) => (d <= 10 ? `初${CN[d]}` : d < 20 ? `十${CN[d - 10]}` : d === 20 ? "二十" : d < 30 ? `廿${CN[d - 20]}` : "三十");

// --- Workdays and public holidays ---

interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
let holidayData: { data: HolidayData; years: Set<number> } | null = null;
function holidays(): { data: HolidayData; years: Set<number> } {
  if (!holidayData) {
    const data = load("chinese-days/dist/chinese-days.json") as HolidayData;
    holidayData = { data, years: new Set(Object.keys(data.holidays).map((k) => Number(k.slice(0, 4)))) };
  }
  return holidayData;
}

/** Whether the official schedule (holidays and 调休) of year `y` is known. */
export const scheduleKnown = (y: number) => holidays().years.has(y);

const warnedYears = new Set<number>();
/** Called once per year whose official schedule is unknown (Monday–Friday is used instead). */
let onUnknownYear: (year: number) => void = () => undefined;
export function setUnknownYearLogger(fn: (year: number) => void): void {
  onUnknownYear = fn;
}

/** Whether `x` is a working day: the official schedule when known, else Monday–Friday (logged once per year). */
export function isWorkday(x: Ymd): boolean {
  const { data, years } = holidays();
  if (!years.has(x.y)) {
    if (!warnedYears.has(x.y)) {
      warnedYears.add(x.y);
      onUnknownYear(x.y);
    }
  } else {
    const k = ymdKey(x);
    if (k in data.workdays) return true;
    if (k in data.holidays) return false;
  }
  const w = weekdayOf(x);
  return w !== 0 && w !== 6;
}

/** Why `x` is not a working day (“国庆节假期”, “周六”), or null when it is one. */
export function restDayReason(x: Ymd): string | null {
  if (isWorkday(x)) return null;
  const name = holidays().data.holidays[ymdKey(x)]?.split(",")[1];
  return name ? `${name}假期` : `周${"日一二三四五六"[weekdayOf(x)]}`;
}
