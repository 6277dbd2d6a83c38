import fs from "node:fs";
import { z } from "zod";
import type { Services } from "../chat/types.ts";
import { projectPath } from "../paths.ts";
import { parseReminder, parseSchedule } from "./parse-time.ts";
import { nextFire, type Schedule } from "./schedule.ts";
import { AUDIENCES, serialiseSpec, parseSpec, type ReminderSpec } from "./spec.ts";

/** The policy calendar shipped with the bot (admins edit it; see src/reminders/README.md). */
export const CALENDAR_FILE = projectPath("src", "reminders", "policy-calendar.json");
/** calendarKey of the leaders' weekly digest (schedule from DIGEST_CRON). */
export const DIGEST_KEY = "digest-weekly";
/** calendarKey of the 联席会议 (schedule set by admins). */
export const MEETING_KEY = "joint-meeting";

const entrySchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/, "key 只能用小写字母、数字和连字符"),
  kind: z.enum(["event", "deadline", "meeting"]).default("event"),
  title: z.string().min(1),
  clause: z.string().min(1, "每条都要注明条款，例如 三（二）1"),
  quote: z.string().default(""),
  schedule: z.string().nullable().optional(),
  deadline: z.string().regex(/^\d{2}-\d{2}$/, "deadline 写成 MM-DD，例如 09-30").optional(),
  daysBefore: z.array(z.number().int().min(0).max(180)).optional(),
  time: z.string().regex(/^\d{1,2}:\d{2}$/).default("09:00"),
  progress: z.enum(["survey", "targets"]).optional(),
  overdue: z.enum(["unreported", "targetsLeft"]).optional(),
  lead: z.string().optional(),
  audience: z.array(z.enum(AUDIENCES)).default(["bound-rooms"]),
  text: z.string().min(1),
  enabled: z.boolean().default(true),
});

/** One entry of the policy calendar data file. */
export type CalendarEntry = z.infer<typeof entrySchema>;

const fileSchema = z.object({ source: z.string().optional(), entries: z.array(entrySchema) });

/** Reads and validates the calendar file; throws an Error with a Chinese message naming the problem. */
export function loadCalendarFile(file = CALENDAR_FILE): CalendarEntry[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`政策日历文件 ${file} 有误：${issue.path.join(".")} ${issue.message}`);
  }
  const keys = new Set<string>();
  for (const e of parsed.data.entries) {
    if (keys.has(e.key)) throw new Error(`政策日历文件 ${file} 有误：key “${e.key}” 重复`);
    keys.add(e.key);
    if (e.kind === "deadline" && (!e.deadline || !e.daysBefore?.length)) throw new Error(`政策日历文件有误：${e.key} 是截止类事项，需要 deadline 和 daysBefore`);
    if (e.kind === "event" && !e.schedule) throw new Error(`政策日历文件有误：${e.key} 缺少 schedule`);
  }
  return parsed.data.entries;
}

/** A Reminder row the calendar wants to exist. */
export interface CalendarRow {
  calendarKey: string;
  content: string;
  spec: ReminderSpec;
  leadMinutes: number;
}

/** MM-DD minus n days (in a non-leap year), as [month, day]. */
function minusDays(mmdd: string, n: number): [number, number] {
  const [m, d] = mmdd.split("-").map(Number);
  const t = new Date(Date.UTC(2025, m - 1, d) - n * 86_400_000);
  return [t.getUTCMonth() + 1, t.getUTCDate()];
}

function leadOf(text: string | undefined, now: Date): number {
  if (!text) return 0;
  const r = parseReminder(`明天 x ${text}`, now);
  return r.ok ? r.value.leadMinutes : 0;
}

/**
 * Expands calendar entries into Reminder rows (pure): a deadline entry gives one row per
 * `daysBefore` (key `survey-deadline@14d`); a meeting gives a row only once scheduled.
 */
export function calendarRows(entries: CalendarEntry[], now: Date, digestCron: string): { rows: CalendarRow[]; errors: string[] } {
  const rows: CalendarRow[] = [];
  const errors: string[] = [];
  const info = (e: CalendarEntry) => ({ key: e.key, title: e.title, clause: e.clause, quote: e.quote });
  for (const e of entries.filter((x) => x.enabled)) {
    if (e.kind === "deadline") {
      const [hh, mm] = e.time.split(":").map(Number);
      for (const n of e.daysBefore ?? []) {
        const [m, d] = minusDays(e.deadline!, n);
        const schedule: Schedule = { kind: "cron", cron: `${mm} ${hh} ${d} ${m} *`, label: `每年${m}月${d}日 ${e.time.padStart(5, "0")}` };
        rows.push({
          calendarKey: `${e.key}@${n}d`,
          content: e.text,
          leadMinutes: 0,
          spec: { schedule, audience: e.audience, action: "deadline", label: `${schedule.label}（截止前${n}天）`, calendar: { ...info(e), deadline: e.deadline, daysBefore: n, progress: e.progress } },
        });
      }
      continue;
    }
    if (!e.schedule) continue;
    const parsed = parseSchedule(e.schedule, now);
    if (!parsed.ok || parsed.value.schedule.kind === "once" || parsed.value.confirm) {
      errors.push(`政策日历 ${e.key} 的 schedule “${e.schedule}” 无法识别为周期时间`);
      continue;
    }
    rows.push({
      calendarKey: e.key,
      content: e.text,
      leadMinutes: leadOf(e.lead, now),
      spec: { schedule: parsed.value.schedule, audience: e.audience, action: "text", label: parsed.value.label, calendar: info(e) },
    });
  }
  rows.push({
    calendarKey: DIGEST_KEY,
    content: "领导周报",
    leadMinutes: 0,
    spec: { schedule: { kind: "cron", cron: digestCron, label: `每周简报（${digestCron}）` }, audience: ["leaders"], action: "digest", label: `每周简报（${digestCron}）` },
  });
  return { rows, errors };
}

/**
 * Loads the calendar into Reminder rows (origin "calendar"). An unchanged row keeps its
 * nextAt, so an outage is still caught up after a restart; a changed schedule starts
 * from now; entries removed from the file are deactivated; a 联席会议 schedule set by an
 * admin is kept. Safe to run from two processes at once.
 */
export async function syncCalendar(services: Services, now: Date, file = CALENDAR_FILE): Promise<{ created: number; updated: number; disabled: number }> {
  const { db, log, config } = services;
  let entries: CalendarEntry[] = [];
  try {
    entries = loadCalendarFile(file);
  } catch (err) {
    log.error({ err: (err as Error).message }, "政策日历加载失败");
  }
  const { rows, errors } = calendarRows(entries, now, config.DIGEST_CRON);
  for (const e of errors) log.error(e);
  const stats = { created: 0, updated: 0, disabled: 0 };
  const existing = await db.reminder.findMany({ where: { origin: "calendar" } });
  const byKey = new Map(existing.map((r) => [r.calendarKey, r]));
  for (const row of rows) {
    const old = byKey.get(row.calendarKey);
    const spec = serialiseSpec(row.spec);
    if (!old) {
      const next = nextFire(row.spec.schedule, row.leadMinutes, now);
      try {
        await db.reminder.create({
          data: { origin: "calendar", calendarKey: row.calendarKey, createdBy: "calendar", content: row.content, spec, leadMinutes: row.leadMinutes, nextAt: next?.at ?? null, active: Boolean(next), createdAt: now },
        });
        stats.created++;
      } catch (err) {
        if ((err as { code?: string }).code !== "P2002") throw err;
      }
      continue;
    }
    if (isAdminSet(old.spec)) continue;
    if (old.spec === spec && old.leadMinutes === row.leadMinutes && old.content === row.content && old.active) continue;
    const scheduleChanged = old.spec !== spec || old.leadMinutes !== row.leadMinutes || !old.active;
    const next = scheduleChanged ? nextFire(row.spec.schedule, row.leadMinutes, now) : null;
    await db.reminder.update({
      where: { id: old.id },
      data: { content: row.content, spec, leadMinutes: row.leadMinutes, ...(scheduleChanged ? { nextAt: next?.at ?? null, active: Boolean(next) } : {}) },
    });
    stats.updated++;
  }
  const wanted = new Set(rows.map((r) => r.calendarKey));
  for (const old of existing) {
    if (!old.calendarKey || wanted.has(old.calendarKey) || !old.active) continue;
    if (old.calendarKey === MEETING_KEY && isAdminSet(old.spec)) continue;
    await db.reminder.update({ where: { id: old.id }, data: { active: false } });
    stats.disabled++;
  }
  if (stats.created || stats.updated || stats.disabled) log.info(stats, "政策日历已加载");
  return stats;
}

function isAdminSet(spec: string): boolean {
  try {
    return Boolean(parseSpec(spec).calendar?.adminSet);
  } catch {
    return false;
  }
}
