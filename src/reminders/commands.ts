import { endDialog, getDialog, saveDialog } from "../chat/dialogs.ts";
import type { Command, Context, DialogHandler, DialogRecord } from "../chat/types.ts";
import { buildDigest } from "./digest.ts";
import { CHART_CAPTION } from "./messages.ts";
import { isAck, recordAck } from "./acks.ts";
import { describeMeeting, restDayNote, setMeeting } from "./meeting.ts";
import { describeInstant, describeLead, parseReminder, parseSchedule, TIME_EXAMPLES, type ParsedReminder } from "./parse-time.ts";
import { nextDueAt, type Schedule } from "./schedule.ts";
import { cancelReminder, storeReminder } from "./manage.ts";
import { toHalfWidth } from "../chat/text.ts";
import { parseNumber } from "./numerals.ts";
import { parseSpec } from "./spec.ts";

const ROOM_SETTERS = ["admin", "cadre"] as const;

function canSetInRoom(ctx: Context): boolean {
  return (ROOM_SETTERS as readonly string[]).includes(ctx.role);
}

/** Dialog kind of a reminder waiting for the sender to confirm its time (“是指…吗？”). */
export const CONFIRM_KIND = "reminder-confirm";
/** A question left unanswered this long is forgotten. */
const CONFIRM_TTL_MS = 30 * 60_000;

/** What a confirmation dialog keeps: the reminder as understood, and the question asked. */
interface PendingReminder {
  schedule: Schedule;
  content: string;
  leadMinutes: number;
  label: string;
  question: string;
}

const MEETING_RE = /会议|开会|例会|[座谈碰头调度推进联席]会/;

/** 提醒 <时间> <内容> [提前N天|提前N小时]. */
async function setReminder(ctx: Context, args: string): Promise<void> {
  if (!ctx.isPrivate && !canSetInRoom(ctx)) {
    await ctx.reply("抱歉，只有管理员和乡镇干部可以在群里设置提醒。您可以私聊我，给自己设置提醒。");
    return;
  }
  if (!args.trim()) {
    await ctx.reply(`请告诉我时间和内容，例如：\n${TIME_EXAMPLES.join("\n")}`);
    return;
  }
  const now = ctx.services.clock.now();
  const parsed = parseReminder(args, now);
  if (!parsed.ok) {
    await ctx.reply(parsed.error);
    return;
  }
  if (parsed.value.confirm) {
    await askToConfirm(ctx, parsed.value, parsed.value.confirm);
    return;
  }
  await createReminder(ctx, parsed.value);
}

/** Keeps the reminder in a confirmation dialog and asks; never replaces another dialog (a survey) of the sender. */
async function askToConfirm(ctx: Context, r: Pick<ParsedReminder, "schedule" | "content" | "leadMinutes" | "label">, question: string): Promise<void> {
  const { db, clock } = ctx.services;
  const existing = await getDialog(db, ctx.dialogKey);
  if (existing && existing.kind !== CONFIRM_KIND) {
    await ctx.reply(`${question.replace(/回复 是.*$/, "")}请用明确的时间重新发送，例如“提醒 明天下午3点 开会”。`);
    return;
  }
  const state: PendingReminder = { schedule: r.schedule, content: r.content, leadMinutes: r.leadMinutes, label: r.label, question };
  await saveDialog(db, { key: ctx.dialogKey, kind: CONFIRM_KIND, roomId: ctx.msg.roomId, userId: ctx.msg.senderId, state, status: "active" }, clock.now());
  await ctx.reply(`${question}（提醒内容：${r.content}）`);
}

/** Saves a reminder understood for sure and confirms it with its full date, weekday and time. */
async function createReminder(ctx: Context, r: Pick<ParsedReminder, "schedule" | "content" | "leadMinutes" | "label">): Promise<void> {
  const { db, clock } = ctx.services;
  const now = clock.now();
  const { schedule, content, leadMinutes, label } = r;
  const roomId = ctx.isPrivate ? null : ctx.msg.roomId;
  const stored = await storeReminder(db, r, { roomId, toId: ctx.isPrivate ? ctx.msg.senderId : null, createdBy: ctx.msg.senderId }, now);
  if (!stored.ok) {
    await ctx.reply(stored.error);
    return;
  }
  const { id, due, next } = stored.reminder;
  const where = roomId ? "在本群" : "私聊";
  const nextText = schedule.kind !== "once" ? `，下次 ${describeInstant(due, now)}` : "";
  const leadText = !leadMinutes
    ? ""
    : schedule.kind !== "once" || next?.lead
      ? `，并提前${describeLead(leadMinutes)}预告`
      : `（提前${describeLead(leadMinutes)}的预告时间已过，只在到点时提醒）`;
  const note = MEETING_RE.test(content) ? restDayNote(due, now) : "";
  await ctx.reply(`已设置：${label} ${where}提醒：${content}${nextText}${leadText}。${note}（编号 ${id}，删除请发“删除提醒 ${id}”）`);
}

const YES = /^(是|是的|对|对的|确认|好|好的|可以|没错|嗯|行|yes|y|ok)[。.!！]*$/i;
const NO = /^(否|不是|不对|不|取消|算了|不用了?|no|n)[。.!！]*$/i;

/**
 * The answer to “是指…吗？”: 是 saves the reminder; 不是/取消 drops it; a new time (“明天下午4点”)
 * replaces the understood one (asking again if that too is unsure). Anything else ends the
 * question and goes on to the router as usual (an un-mentioned room message is dropped silently,
 * as it would have been without the question).
 */
async function answerConfirmation(ctx: Context, dialog: DialogRecord): Promise<boolean> {
  const { db, clock } = ctx.services;
  const state = dialog.state as PendingReminder;
  const now = clock.now();
  const text = ctx.text.trim();
  if (now.getTime() - dialog.updatedAt.getTime() > CONFIRM_TTL_MS) {
    await endDialog(db, dialog.key);
    return !ctx.isPrivate && !ctx.mentioned;
  }
  if (YES.test(text)) {
    await endDialog(db, dialog.key);
    await createReminder(ctx, state);
    return true;
  }
  if (NO.test(text)) {
    await endDialog(db, dialog.key);
    await ctx.reply(`好的，这条提醒（${state.content}）没有设置。需要时请重新发送：提醒 <时间> <内容>`);
    return true;
  }
  const retimed = parseSchedule(text, now);
  if (retimed.ok && !retimed.value.rest.trim()) {
    const r = { ...state, schedule: retimed.value.schedule, label: retimed.value.label };
    if (retimed.value.confirm) {
      await askToConfirm(ctx, r, retimed.value.confirm);
      return true;
    }
    await endDialog(db, dialog.key);
    await createReminder(ctx, r);
    return true;
  }
  await endDialog(db, dialog.key);
  return !ctx.isPrivate && !ctx.mentioned;
}

/** The reminders feature's dialog: a reminder waiting for its time to be confirmed. */
export const confirmDialog: DialogHandler = { kind: CONFIRM_KIND, handle: answerConfirmation };

function describeRow(r: { id: number; content: string; spec: string; nextAt: Date | null; leadMinutes: number }, now: Date): string {
  let label = "（无法读取）";
  let due: Date | null = null;
  try {
    const spec = parseSpec(r.spec);
    label = spec.label;
    due = nextDueAt(spec.schedule, now);
  } catch {
    // shown as unreadable
  }
  const next = due ? `，下次 ${describeInstant(due, now)}` : "";
  return `${r.id}. ${label}：${r.content}${r.leadMinutes ? `（提前${describeLead(r.leadMinutes)}预告）` : ""}${next}`;
}

/** 提醒列表. */
async function listReminders(ctx: Context): Promise<void> {
  const { db, clock } = ctx.services;
  const now = clock.now();
  const where = ctx.isPrivate ? { OR: [{ toId: ctx.msg.senderId }, { createdBy: ctx.msg.senderId, roomId: null }] } : { roomId: ctx.msg.roomId };
  const rows = await db.reminder.findMany({ where: { active: true, origin: "user", ...where }, orderBy: { id: "asc" } });
  const calendar = (await policyCalendarLines(ctx.services, now)).length;
  const head = ctx.isPrivate ? "您的提醒" : "本群的提醒";
  const body = rows.length ? rows.map((r) => describeRow(r, now)).join("\n") : "（暂无）";
  await ctx.reply(`${head}：\n${body}\n另有政策日历提醒 ${calendar} 项，发送“政策日历”查看。删除请发“删除提醒 编号”。`);
}

/** 删除提醒 N. */
async function deleteReminder(ctx: Context, args: string): Promise<void> {
  const { db } = ctx.services;
  const id = parseNumber(toHalfWidth(args).replace(/^[#第]|号$/g, "").trim());
  if (id === null) {
    await ctx.reply("请写上提醒的编号，例如：删除提醒 3（编号可用“提醒列表”查看）。");
    return;
  }
  const row = await db.reminder.findUnique({ where: { id } });
  if (!row || !row.active) {
    await ctx.reply(`没有找到编号 ${id} 的有效提醒，请用“提醒列表”查看编号。`);
    return;
  }
  if (row.origin === "calendar") {
    await ctx.reply(ctx.role === "admin" ? "政策日历的提醒请修改 src/reminders/policy-calendar.json 后重启（联席会议可发送“联席会议 取消”）。" : "抱歉，政策日历的提醒只有管理员可以修改。");
    return;
  }
  const own = row.createdBy === ctx.msg.senderId || (row.toId !== null && row.toId === ctx.msg.senderId);
  const roomManager = row.roomId !== null && row.roomId === ctx.msg.roomId && canSetInRoom(ctx);
  if (!own && !roomManager && ctx.role !== "admin") {
    await ctx.reply("抱歉，只有提醒的设置人、本群的管理员或乡镇干部可以删除这条提醒。");
    return;
  }
  await cancelReminder(db, id);
  await ctx.reply(`已删除提醒 ${id}：${row.content}`);
}

/** 简报: the leaders' digest on demand, always in private chat. */
async function digestNow(ctx: Context): Promise<void> {
  if (ctx.role !== "leader" && ctx.role !== "admin") {
    await ctx.reply("抱歉，简报仅限领导和管理员查看。如需开通，请联系县总工会管理员。");
    return;
  }
  const digest = await buildDigest(ctx.services, ctx.services.clock.now());
  if (!ctx.isPrivate) await ctx.reply("简报已私信发给您。");
  await ctx.replyPrivate(digest.text);
  if (digest.file) await ctx.replyPrivate(CHART_CAPTION, { file: digest.file });
}

/** 收到 (when @mentioned or in private). */
async function ack(ctx: Context): Promise<void> {
  if (ctx.isPrivate || !ctx.msg.roomId) {
    await ctx.reply("好的。");
    return;
  }
  const r = await recordAck(ctx.services.db, ctx.msg.roomId, ctx.msg.senderId, ctx.services.clock.now());
  if (r === "none") await ctx.reply("本群暂时没有需要回复“收到”的提醒。");
  else await ctx.reply("已记录。");
}

/** 联席会议 [时间|取消] (admins). */
async function meeting(ctx: Context, args: string): Promise<void> {
  const now = ctx.services.clock.now();
  if (!args.trim()) {
    await ctx.reply(await describeMeeting(ctx.services, now));
    return;
  }
  if (ctx.role !== "admin") {
    await ctx.reply("抱歉，联席会议时间仅限管理员设置。如需调整，请联系县总工会管理员。");
    return;
  }
  await ctx.reply(await setMeeting(ctx.services, args, ctx.msg.senderId, now));
}

/** 政策日历: the calendar entries with their clause and next time. */
async function showCalendar(ctx: Context): Promise<void> {
  const lines = await policyCalendarLines(ctx.services, ctx.services.clock.now());
  await ctx.reply(`政策日历（依据《实施意见》）：\n${lines.length ? lines.join("\n") : "（暂无）"}`);
}

/** One line per policy-calendar entry (the leaders' weekly digest is not one), as 政策日历 shows them and 提醒列表 counts them. */
async function policyCalendarLines({ db }: Context["services"], now: Date): Promise<string[]> {
  const rows = await db.reminder.findMany({ where: { active: true, origin: "calendar" }, orderBy: { nextAt: "asc" } });
  return rows.flatMap((r) => {
    try {
      const spec = parseSpec(r.spec);
      if (!spec.calendar) return [];
      const due = nextDueAt(spec.schedule, now);
      return [`· ${spec.calendar.title}（${spec.calendar.clause}）：${spec.label}${due ? `，下次 ${describeInstant(due, now)}` : ""}`];
    } catch {
      return [];
    }
  });
}

/** The reminders feature's commands. */
export function reminderCommands(): Command[] {
  return [
    { name: "提醒", aliases: ["设置提醒", "添加提醒"], summary: "设置一次性或周期提醒（群里限管理员、乡镇干部）", usage: "提醒 明天下午3点 开会 提前1小时", run: setReminder },
    { name: "提醒列表", aliases: ["我的提醒", "查看提醒"], summary: "查看本群或您的提醒", run: (ctx) => listReminders(ctx) },
    { name: "删除提醒", aliases: ["取消提醒"], summary: "按编号删除提醒", usage: "删除提醒 3", run: deleteReminder },
    { name: "简报", aliases: ["领导简报", "工作简报"], summary: "各乡镇进度、逾期和近期事项（领导、管理员）", roles: ["leader", "admin"], run: (ctx) => digestNow(ctx) },
    { name: "收到", aliases: ["已收到", "收到了"], summary: "确认收到提醒", hidden: true, run: (ctx) => ack(ctx) },
    { name: "联席会议", summary: "查看或设置联席会议时间（设置限管理员）", usage: "联席会议 每月5号 15:00", run: meeting },
    { name: "政策日历", aliases: ["日历"], summary: "查看《实施意见》中的时间节点提醒", run: (ctx) => showCalendar(ctx) },
  ];
}

/** Un-mentioned room text: a plain 收到 is recorded silently. */
export async function passiveAck(ctx: Context): Promise<boolean> {
  if (ctx.isPrivate || !ctx.msg.roomId || !isAck(ctx.text)) return false;
  const r = await recordAck(ctx.services.db, ctx.msg.roomId, ctx.msg.senderId, ctx.services.clock.now());
  return r !== "none";
}
