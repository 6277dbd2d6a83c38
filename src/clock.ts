/** Time source. All time in the bot comes from a clock; Asia/Shanghai for display always. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told: simulations and tests. */
export class VirtualClock implements Clock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  /** Moves to an instant; never backwards. */
  set(at: Date): void {
    if (at.getTime() > this.t) this.t = at.getTime();
  }
  advance(ms: number): void {
    this.t += Math.max(0, ms);
  }
}

export const TZ = "Asia/Shanghai";
const OFFSET_MS = 8 * 3600_000;

/** Wall-clock fields of an instant in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiParts(d: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const s = new Date(d.getTime() + OFFSET_MS);
  return {
    year: s.getUTCFullYear(),
    month: s.getUTCMonth() + 1,
    day: s.getUTCDate(),
    hour: s.getUTCHours(),
    minute: s.getUTCMinutes(),
    second: s.getUTCSeconds(),
    weekday: s.getUTCDay(),
  };
}

/** The instant of a wall-clock time in Asia/Shanghai. Month is 1-based. */
export function shanghaiDate(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO 8601 with +08:00, seconds included: 2026-09-01T09:00:00+08:00; with `ms`, milliseconds too (log lines). */
export function isoShanghai(d: Date, ms = false): string {
  return `${new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, ms ? 23 : 19)}+08:00`;
}

/** Chinese short date-time: 9月7日 09:00. */
export function formatShanghai(d: Date, withYear = false): string {
  const p = shanghaiParts(d);
  return `${withYear ? `${p.year}年` : ""}${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}
