import { Cron } from "croner";
import { shanghaiDate, shanghaiParts, TZ } from "../clock.ts";
import { addDays, isWorkday, nextEventDay, type Ymd } from "./cn-calendar.ts";

/**
 * When a reminder is due, in Asia/Shanghai: once at an instant; on a cron pattern; every
 * working day (public holidays skipped, 调休 make-up days included); or once a year on a
 * calendar event (a lunar date, festival or solar term, `cn-calendar.ts`), shifted by days.
 */
export type Schedule =
  | { kind: "once"; at: string }
  | { kind: "cron"; cron: string; label: string }
  | { kind: "workday"; hour: number; minute: number; label: string }
  | { kind: "yearly"; event: string; offsetDays: number; hour: number; minute: number; label: string };

/** One moment a reminder fires: its heads-up (`lead`) or the reminder itself. */
export interface Fire {
  /** When it is sent. */
  at: Date;
  /** The occurrence it belongs to (equal to `at` unless `lead`). */
  due: Date;
  lead: boolean;
}

const cronCache = new Map<string, Cron>();

/** A paused croner job for the pattern, in Asia/Shanghai (cached). Throws on a bad pattern. */
export function cronFor(pattern: string): Cron {
  let c = cronCache.get(pattern);
  if (!c) {
    c = new Cron(pattern, { timezone: TZ, paused: true });
    cronCache.set(pattern, c);
  }
  return c;
}

/** The first occurrence (due time) at or after `from`, or null. */
export function nextDueAt(schedule: Schedule, from: Date): Date | null {
  if (schedule.kind === "once") {
    const at = new Date(schedule.at);
    return at.getTime() >= from.getTime() ? at : null;
  }
  if (schedule.kind === "cron") return cronFor(schedule.cron).nextRun(new Date(from.getTime() - 1)) ?? null;
  const p = shanghaiParts(from);
  let day: Ymd | null = { y: p.year, m: p.month, d: p.day };
  // A working day comes within a month even around the longest holidays; a yearly event within three years.
  for (let i = 0; i < 40 && day; i++) {
    if (schedule.kind === "yearly") day = nextEventDay(schedule.event, schedule.offsetDays, day);
    else if (!isWorkday(day)) {
      day = addDays(day, 1);
      continue;
    }
    if (!day) return null;
    const at = shanghaiDate(day.y, day.m, day.d, schedule.hour, schedule.minute);
    if (at.getTime() >= from.getTime()) return at;
    day = addDays(day, 1);
  }
  return null;
}

/** Occurrences (due times) in [from, to], in order, at most `limit`. */
export function dueTimesBetween(schedule: Schedule, from: Date, to: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  let cursor: Date | null = nextDueAt(schedule, from);
  while (cursor && cursor.getTime() <= to.getTime() && out.length < limit) {
    out.push(cursor);
    if (schedule.kind === "once") break;
    cursor = nextDueAt(schedule, new Date(cursor.getTime() + 1));
  }
  return out;
}

/** Every fire (heads-ups included) with `from <= at <= to`, sorted by time, at most `limit`. */
export function firesBetween(schedule: Schedule, leadMinutes: number, from: Date, to: Date, limit = 1000): Fire[] {
  const leadMs = leadMinutes * 60_000;
  const fires: Fire[] = [];
  for (const due of dueTimesBetween(schedule, from, new Date(to.getTime() + leadMs), limit)) {
    if (due.getTime() <= to.getTime()) fires.push({ at: due, due, lead: false });
    if (leadMs > 0) {
      const at = new Date(due.getTime() - leadMs);
      if (at.getTime() >= from.getTime() && at.getTime() <= to.getTime()) fires.push({ at, due, lead: true });
    }
  }
  return fires.sort((a, b) => a.at.getTime() - b.at.getTime() || Number(b.lead) - Number(a.lead)).slice(0, limit);
}

/** The first fire (heads-up or reminder) at or after `from`, or null when there is none. */
export function nextFire(schedule: Schedule, leadMinutes: number, from: Date): Fire | null {
  const main = nextDueAt(schedule, from);
  let best: Fire | null = main ? { at: main, due: main, lead: false } : null;
  if (leadMinutes > 0) {
    const leadDue = nextDueAt(schedule, new Date(from.getTime() + leadMinutes * 60_000));
    if (leadDue) {
      const at = new Date(leadDue.getTime() - leadMinutes * 60_000);
      if (!best || at.getTime() <= best.at.getTime()) best = { at, due: leadDue, lead: true };
    }
  }
  return best;
}

/** The unique key of a fire of reminder `id`: r12@2026-09-07T01:00:00.000Z, with #lead for a heads-up. */
export function occurrenceKey(reminderId: number, fire: Fire): string {
  return `r${reminderId}@${fire.due.toISOString()}${fire.lead ? "#lead" : ""}`;
}
