import type { Services } from "../chat/types.ts";
import { isoShanghai, shanghaiParts } from "../clock.ts";
import { loadCalendarFile, MEETING_KEY } from "./calendar.ts";
import { restDayReason } from "./cn-calendar.ts";
import { describeInstant, describeLead, parseReminder } from "./parse-time.ts";
import { nextDueAt, nextFire } from "./schedule.ts";
import { parseSpec, serialiseSpec, type ReminderSpec } from "./spec.ts";

const DEFAULT_LEAD_MIN = 1440;

/**
 * “（注意：12月5日是周六，不是工作日）” when a meeting's (next) day is a weekend or a public
 * holiday (official schedule, 调休 included), else "".
 */
export function restDayNote(at: Date, now: Date): string {
  const p = shanghaiParts(at);
  const reason = restDayReason({ y: p.year, m: p.month, d: p.day });
  if (!reason) return "";
  const day = describeInstant(at, now).replace(/（.*$/, "");
  return `（注意：${day}是${reason}，不是工作日）`;
}

/** The 联席会议 reminder's current schedule, in Chinese. */
export async function describeMeeting(services: Services, now: Date): Promise<string> {
  const row = await services.db.reminder.findUnique({ where: { calendarKey: MEETING_KEY } });
  if (!row || !row.active) return "联席会议提醒尚未设置。管理员可发送：联席会议 每月5号 15:00（默认提前1天预告，可加“提前2天”）";
  const spec = parseSpec(row.spec);
  const due = nextDueAt(spec.schedule, now);
  const next = due ? `，下次 ${describeInstant(due, now)}` : "";
  return `联席会议：${spec.label}${row.leadMinutes ? `，提前${describeLead(row.leadMinutes)}预告` : ""}${next}（四（一）“定期召开联席会议”）。修改请发：联席会议 每月5号 15:00；停止请发：联席会议 取消`;
}

/**
 * Sets (or with “取消” stops) the 联席会议 schedule: `每月5号 15:00 [提前N天]` or a one-off
 * time. The data file's entry gives title, clause, text and audience. Returns the reply.
 */
export async function setMeeting(services: Services, args: string, by: string, now: Date): Promise<string> {
  const { db } = services;
  const row = await db.reminder.findUnique({ where: { calendarKey: MEETING_KEY } });
  if (/^(取消|停止|关闭|删除)$/.test(args.trim())) {
    if (!row?.active) return "联席会议提醒本来就没有设置。";
    await db.reminder.update({ where: { id: row.id }, data: { active: false, nextAt: null, spec: serialiseSpec({ ...parseSpec(row.spec), calendar: { ...parseSpec(row.spec).calendar!, adminSet: { by, at: isoShanghai(now), text: "取消" } } }) } });
    return "已停止联席会议提醒。";
  }
  const parsed = parseReminder(`${args} 联席会议`, now);
  const examples = "可以这样写：\n联席会议 每月5号 15:00\n联席会议 12月5日下午3点\n联席会议 每周一 09:00 提前2小时";
  if (!parsed.ok) return parsed.error.replace(/可以这样写：[\s\S]*$/, examples);
  if (parsed.value.confirm) return `${parsed.value.confirm.replace(/回复 是.*$/, "")}请写明确的时间重新设置。${examples}`;
  const entry = loadCalendarFile().find((e) => e.key === MEETING_KEY);
  const leadMinutes = /提前/.test(args) ? parsed.value.leadMinutes : DEFAULT_LEAD_MIN;
  const spec: ReminderSpec = {
    schedule: parsed.value.schedule,
    audience: entry?.audience ?? ["bound-rooms", "leaders"],
    action: "text",
    label: parsed.value.label,
    calendar: {
      key: MEETING_KEY,
      title: entry?.title ?? "联席会议",
      clause: entry?.clause ?? "四（一）",
      quote: entry?.quote ?? "定期召开联席会议，研究党建带工建工作",
      adminSet: { by, at: isoShanghai(now), text: args },
    },
  };
  const content = entry?.text ?? "请按时参加联席会议。";
  const next = nextFire(spec.schedule, leadMinutes, now);
  const data = { content, spec: serialiseSpec(spec), leadMinutes, nextAt: next?.at ?? null, active: Boolean(next) };
  if (row) await db.reminder.update({ where: { id: row.id }, data });
  else await db.reminder.create({ data: { ...data, origin: "calendar", calendarKey: MEETING_KEY, createdBy: by, createdAt: now } });
  return `已设置联席会议：${parsed.value.label}，提前${describeLead(leadMinutes)}在各乡镇群和领导私聊预告，下次 ${describeInstant(parsed.value.next, now)}。${restDayNote(parsed.value.next, now)}`;
}
