import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { isoShanghai } from "../../src/clock.ts";
import { isWorkday, restDayReason, scheduleKnown, setUnknownYearLogger } from "../../src/reminders/cn-calendar.ts";
import { parseSchedule } from "../../src/reminders/parse-time.ts";
import { dueTimesBetween, nextDueAt, type Schedule } from "../../src/reminders/schedule.ts";
import { HELD_OUT } from "./time-heldout.ts";
import { evaluate, meets, TIME_TABLE } from "./time-table.ts";

const originalTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalTz;
});

describe.each(["Asia/Shanghai", "America/New_York"])("time expressions with TZ=%s", (tz) => {
  for (const [category, rows] of Object.entries(TIME_TABLE)) {
    describe(category, () => {
      it.each(rows)("[%s] %s → %s", (now, expression, expected) => {
        process.env.TZ = tz;
        expect(evaluate(now, expression)).toSatisfy((o: string) => meets(o, expected), `${expression}: ${evaluate(now, expression)}`);
      });
    });
  }
});

describe("held-out expressions (written before tuning)", () => {
  it("meet the targets: at least 80% right, at most 3 set to a wrong moment", () => {
    let right = 0;
    const wrong: string[] = [];
    for (const [now, expression, expected] of HELD_OUT) {
      const o = evaluate(now, expression);
      if (expected === "ask" ? o.startsWith("ask ") : expected === "refuse" ? o.startsWith("refuse ") : o === expected) right++;
      else if (!o.startsWith("ask ") && !o.startsWith("refuse ")) wrong.push(`${expression} → ${o}`);
    }
    expect(wrong.length, wrong.join("\n")).toBeLessThanOrEqual(3);
    expect(right / HELD_OUT.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe("server time zone", () => {
  it("gives the same outcomes in a child process under TZ=UTC and TZ=America/New_York", () => {
    process.env.TZ = "Asia/Shanghai";
    const expected = [...Object.values(TIME_TABLE).flat(), ...HELD_OUT].map(([now, e]) => evaluate(now, e));
    for (const tz of ["UTC", "America/New_York"]) {
      const out = execFileSync(process.execPath, ["--import", "tsx", "tests/reminders/time-table-run.ts"], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
      const { offset, outcomes } = JSON.parse(out) as { offset: number; outcomes: string[] };
      expect(offset).toBe(tz === "UTC" ? 0 : 300);
      expect(outcomes).toEqual(expected);
    }
  });

  it("90分钟后 across a daylight-saving change is 90 minutes later", () => {
    process.env.TZ = "America/New_York";
    // 2027-03-14 02:00 New York clocks jump to 03:00; 06:30Z is 01:30 local, just before.
    const now = new Date("2027-03-14T06:30:00Z");
    const r = parseSchedule("90分钟后", now);
    expect(r.ok && r.value.next.getTime() - now.getTime()).toBe(90 * 60_000);
    const d = parseSchedule("明天下午3点", now);
    expect(d.ok && isoShanghai(d.value.next)).toBe("2027-03-15T15:00:00+08:00");
  });
});

describe("working days (official schedule with 调休)", () => {
  const at = (s: string) => new Date(`${s}+08:00`);
  it("skip public holidays and include make-up working days", () => {
    const workday: Schedule = { kind: "workday", hour: 9, minute: 0, label: "每个工作日 09:00" };
    // 2026: 国庆 10月1–7日 off; Sunday 9月20日 and Saturday 10月10日 are make-up working days.
    const days = dueTimesBetween(workday, at("2026-09-19T00:00:00"), at("2026-10-12T23:59:00")).map((d) => isoShanghai(d).slice(5, 10));
    expect(days).toEqual(["09-20", "09-21", "09-22", "09-23", "09-24", "09-28", "09-29", "09-30", "10-08", "10-09", "10-10", "10-12"]);
    expect(restDayReason({ y: 2026, m: 10, d: 2 })).toBe("国庆节假期");
    expect(restDayReason({ y: 2026, m: 9, d: 26 })).toBe("中秋假期");
    expect(restDayReason({ y: 2026, m: 10, d: 10 })).toBeNull();
    expect(restDayReason({ y: 2026, m: 11, d: 28 })).toBe("周六");
  });

  it("fall back to Monday–Friday for a year whose schedule is not published, and log it once", () => {
    const year = 2031;
    expect(scheduleKnown(2026)).toBe(true);
    expect(scheduleKnown(year)).toBe(false);
    const logged: number[] = [];
    setUnknownYearLogger((y) => logged.push(y));
    expect(isWorkday({ y: year, m: 10, d: 1 })).toBe(true); // a Wednesday; the real holiday is unknown
    expect(isWorkday({ y: year, m: 10, d: 4 })).toBe(false); // a Saturday
    expect(logged).toEqual([year]);
  });
});

describe("yearly lunar reminders", () => {
  it("每年中秋 falls on a different solar date every year", () => {
    const r = parseSchedule("每年中秋 10:00", new Date("2026-12-01T10:00:00+08:00"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.schedule).toMatchObject({ kind: "yearly", event: "lunar:8-15", offsetDays: 0 });
    const dates = dueTimesBetween(r.value.schedule, new Date("2027-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z")).map((d) => isoShanghai(d));
    expect(dates).toEqual(["2027-09-15T10:00:00+08:00", "2028-10-03T10:00:00+08:00", "2029-09-22T10:00:00+08:00"]);
  });

  it("春节前一周 every year moves with the lunar new year", () => {
    const r = parseSchedule("每年春节前一周", new Date("2026-12-01T10:00:00+08:00"));
    if (!r.ok) throw new Error(r.error);
    const first = nextDueAt(r.value.schedule, new Date("2027-02-01T00:00:00+08:00"));
    expect(first && isoShanghai(first)).toBe("2028-01-19T09:00:00+08:00");
    expect(r.value.label).toBe("每年春节前7天 09:00");
  });
});
