import type { Command } from "commander";
import { isoShanghai } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { openDb } from "../db/client.ts";
import { configOrExit } from "../runtime.ts";
import { calendarVars, fillTemplate } from "./messages.ts";
import { nextDueAt } from "./schedule.ts";
import { parseSpec, type Audience } from "./spec.ts";

/** One reminder as `reminders list --json` prints it. */
export interface ReminderListing {
  id: number;
  origin: string;
  calendarKey: string | null;
  active: boolean;
  /** Who receives it: room/person ids, or every bound room / every leader. */
  target: { audience: Audience[]; roomId: string | null; toId: string | null };
  schedule: string;
  /** The next occurrence (ISO 8601, +08:00), null when none is left. */
  next: string | null;
  /** The next thing the scheduler will send (a heads-up may come before `next`). */
  nextFire: string | null;
  leadMinutes: number;
  /** As stored: a calendar entry's text keeps its placeholders ({year}, {deadline} …). */
  content: string;
  /** What the next message says: placeholders filled for the next occurrence ({township}: 各乡镇). */
  text: string;
  clause: string | null;
  /** The policy calendar entry's title (its content is a template filled when sent). */
  title: string | null;
}

/** Every reminder (active ones, or all) with its next occurrence, ordered by id. */
export async function listReminders(db: Db, now: Date, opts: { all?: boolean } = {}): Promise<ReminderListing[]> {
  const rows = await db.reminder.findMany({ where: opts.all ? undefined : { active: true }, orderBy: { id: "asc" } });
  return rows.map((r) => {
    let audience: Audience[] = [];
    let schedule = "";
    let next: Date | null = null;
    let clause: string | null = null;
    let text = r.content;
    let title: string | null = null;
    try {
      const spec = parseSpec(r.spec);
      audience = spec.audience;
      schedule = spec.label;
      next = r.active ? nextDueAt(spec.schedule, now) : null;
      clause = spec.calendar?.clause ?? null;
      if (spec.calendar) text = fillTemplate(r.content, { ...calendarVars(spec.calendar, next ?? now), township: "各乡镇" });
      title = spec.calendar ? `${spec.calendar.title}${spec.calendar.daysBefore !== undefined ? `（截止前${spec.calendar.daysBefore}天）` : ""}` : null;
    } catch {
      schedule = "（无法读取）";
    }
    return {
      id: r.id,
      origin: r.origin,
      calendarKey: r.calendarKey,
      active: r.active,
      target: { audience, roomId: r.roomId, toId: r.toId },
      schedule,
      next: next ? isoShanghai(next) : null,
      nextFire: r.active && r.nextAt ? isoShanghai(r.nextAt) : null,
      leadMinutes: r.leadMinutes,
      content: r.content,
      text,
      clause,
      title,
    };
  });
}

const AUDIENCE_NAMES: Record<Audience, string> = { room: "群", person: "私聊", "bound-rooms": "各乡镇群", leaders: "领导" };

function targetText(l: ReminderListing): string {
  return l.target.audience
    .map((a) => (a === "room" ? `群 ${l.target.roomId}` : a === "person" ? `私聊 ${l.target.toId}` : AUDIENCE_NAMES[a]))
    .join("、");
}

/** Adds `reminders list [--json] [--all] [--db FILE]` to the gonghui CLI. */
export function registerReminderCommands(program: Command): void {
  const reminders = program.command("reminders").description("提醒与政策日历");
  reminders
    .command("list")
    .description("列出每条提醒的下次时间、对象和内容")
    .option("--json", "输出 JSON 数组（仅此内容，日志写到标准错误）")
    .option("--all", "包括已停用的提醒")
    .option("--db <FILE>", "数据库文件（默认 DB_FILE，即 data/gonghui.db）")
    .action(async (opts: { json?: boolean; all?: boolean; db?: string }) => {
      const config = configOrExit(opts.db ? { DB_FILE: opts.db } : {});
      const db = await openDb(config.DB_FILE);
      try {
        const list = await listReminders(db, new Date(), { all: opts.all });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        if (!list.length) process.stdout.write("（没有提醒）\n");
        for (const l of list) {
          const next = l.next ? l.next.slice(0, 16).replace("T", " ") : "无";
          process.stdout.write(`${l.id}\t${l.origin === "calendar" ? "日历" : "用户"}\t下次 ${next}\t${l.schedule}\t${targetText(l)}\t${l.text.split("\n")[0]}\n`);
        }
      } finally {
        await db.$disconnect();
      }
    });
}
