import os from "node:os";
import path from "node:path";
import type { OutgoingFile, Services } from "../chat/types.ts";
import { formatShanghai, shanghaiDate, shanghaiParts } from "../clock.ts";
import { ledgerStats, type TownshipStats } from "../survey/stats.ts";
import { renderProgressChart } from "./chart.ts";
import { DEDUPE_PREFIX, occurrenceFromDedupeKey, deadlineOnOrAfter } from "./messages.ts";
import { describeInstant } from "./parse-time.ts";
import { dueTimesBetween } from "./schedule.ts";
import { parseSpec, type ReminderSpec } from "./spec.ts";

const DAY_MS = 86_400_000;
/** Where digest charts are drawn; each is deleted once sent (leftovers are pruned by the app). */
export const CHART_DIR = path.join(os.tmpdir(), "gonghui-charts");
/** How far ahead the digest looks. */
export const UPCOMING_DAYS = 14;
/** A missed deadline stays in the digest this long after it passed. */
export const OVERDUE_WINDOW_DAYS = 92;
/** Room reminders older than this are no longer chased for 收到. */
export const ACK_WINDOW_DAYS = 14;

/** A deadline that has passed with work left, and the townships behind. */
export interface OverdueItem {
  title: string;
  clause: string;
  deadline: Date;
  detail: string;
  townships: string[];
}

/** Something falling due in the next 14 days. */
export interface UpcomingItem {
  at: Date;
  title: string;
  where: string;
  /** True for a deadline date itself (shown without a time). */
  deadline?: boolean;
}

/** A bound room whose latest reminder nobody acknowledged. */
export interface UnackedItem {
  roomId: string;
  topic: string;
  township: string | null;
  at: Date;
  excerpt: string;
}

/** Everything a digest shows. */
export interface DigestData {
  now: Date;
  stats: TownshipStats[];
  overdue: OverdueItem[];
  upcoming: UpcomingItem[];
  unacked: UnackedItem[];
}

/** The last deadline MM-DD whose day has ended by `now`. */
function lastPassedDeadline(mmdd: string, now: Date): Date {
  const [m, d] = mmdd.split("-").map(Number);
  const y = shanghaiParts(now).year;
  const end = (year: number) => shanghaiDate(year, m, d + 1);
  return end(y).getTime() <= now.getTime() ? shanghaiDate(y, m, d) : shanghaiDate(y - 1, m, d);
}

/** Overdue deadlines (pure): passed within the window, with townships still behind. */
export function overdueItems(deadlines: Array<{ title: string; clause: string; deadline: string; progress?: "survey" | "targets" }>, stats: TownshipStats[], now: Date): OverdueItem[] {
  const out: OverdueItem[] = [];
  for (const d of deadlines) {
    const passed = lastPassedDeadline(d.deadline, now);
    if (now.getTime() - passed.getTime() > OVERDUE_WINDOW_DAYS * DAY_MS) continue;
    if (d.progress === "survey") {
      const behind = stats.filter((s) => s.reported === 0).map((s) => s.township);
      if (behind.length) out.push({ title: d.title, clause: d.clause, deadline: passed, townships: behind, detail: "尚无单位填报" });
    } else if (d.progress === "targets") {
      const behind = stats.filter((s) => s.targetsLeft > 0);
      if (behind.length) out.push({ title: d.title, clause: d.clause, deadline: passed, townships: behind.map((s) => `${s.township}（${s.targetsLeft}家）`), detail: "仍有25人以上未建会单位" });
    }
  }
  return out;
}

/** Collects the digest's data from the ledger, the reminders and the outbox. */
export async function gatherDigest(services: Services, now: Date): Promise<DigestData> {
  const { db, config } = services;
  const stats = await ledgerStats(db, { townships: config.TOWNSHIPS, now });
  const reminders = await db.reminder.findMany({ where: { active: true } });
  const rooms = await db.room.findMany();
  const topic = (id: string | null) => rooms.find((r) => r.id === id)?.topic || id || "";
  const horizon = new Date(now.getTime() + UPCOMING_DAYS * DAY_MS);
  const upcoming: UpcomingItem[] = [];
  const deadlines = new Map<string, { title: string; clause: string; deadline: string; progress?: "survey" | "targets" }>();
  for (const r of reminders) {
    let spec: ReminderSpec;
    try {
      spec = parseSpec(r.spec);
    } catch {
      continue;
    }
    if (spec.action === "digest" || (spec.audience.length === 1 && spec.audience[0] === "person")) continue;
    const cal = spec.calendar;
    if (cal?.deadline && !deadlines.has(cal.key)) {
      const name = cal.title.replace(/提醒$/, "");
      deadlines.set(cal.key, { title: name, clause: cal.clause, deadline: cal.deadline, progress: cal.progress });
      const d = deadlineOnOrAfter(cal.deadline, now);
      if (d.getTime() <= horizon.getTime()) upcoming.push({ at: d, title: `${name}（${cal.clause}）`, where: "截止日", deadline: true });
    }
    const title = cal ? `${cal.title}${cal.daysBefore !== undefined ? `（截止前${cal.daysBefore}天）` : ""}` : r.content.length > 24 ? `${r.content.slice(0, 24)}…` : r.content;
    const where = spec.audience.includes("bound-rooms") ? "各乡镇群" : spec.audience.includes("room") ? topic(r.roomId) : "领导";
    for (const at of dueTimesBetween(spec.schedule, now, horizon, 20)) upcoming.push({ at, title, where });
  }
  upcoming.sort((a, b) => a.at.getTime() - b.at.getTime());
  const unacked: UnackedItem[] = [];
  const since = new Date(now.getTime() - ACK_WINDOW_DAYS * DAY_MS);
  for (const room of rooms.filter((r) => r.township)) {
    const last = await db.outboxMessage.findFirst({ where: { roomId: room.id, dedupeKey: { startsWith: DEDUPE_PREFIX }, createdAt: { gte: since, lte: now } }, orderBy: { id: "desc" } });
    const key = occurrenceFromDedupeKey(last?.dedupeKey ?? null);
    if (!last || !key) continue;
    const acks = await db.reminderAck.count({ where: { occurrenceKey: key, roomId: room.id } });
    if (!acks) unacked.push({ roomId: room.id, topic: room.topic || room.id, township: room.township, at: last.createdAt, excerpt: excerptOf(last.text) });
  }
  return { now, stats, overdue: overdueItems([...deadlines.values()], stats, now), upcoming, unacked };
}

function excerptOf(text: string): string {
  const line = text.split("\n").find((l) => l.trim() && !l.startsWith("【补发】")) ?? "";
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

/** The digest as chat text (pure). */
export function renderDigest(d: DigestData): string {
  const lines: string[] = [`【工会工作简报】${describeInstant(d.now, d.now)}`];
  lines.push("一、各乡镇进度（已填报／已建会／25人以上未建会／其中100人以上）");
  const total = { reported: 0, established: 0, targetsLeft: 0, focusLeft: 0, reportedThisWeek: 0 };
  for (const s of d.stats) {
    lines.push(`${s.township}：${s.reported}／${s.established}／${s.targetsLeft}／${s.focusLeft}${s.reportedThisWeek ? `（本周新增${s.reportedThisWeek}）` : ""}`);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += s[k];
  }
  lines.push(`合计：${total.reported}／${total.established}／${total.targetsLeft}／${total.focusLeft}（本周新增${total.reportedThisWeek}）`);
  lines.push("二、逾期事项");
  if (!d.overdue.length) lines.push("无");
  for (const o of d.overdue) {
    const p = shanghaiParts(o.deadline);
    lines.push(`· ${o.title}（${p.month}月${p.day}日，${o.clause}）已过期，${o.detail}：${o.townships.join("、")}`);
  }
  lines.push(`三、未来${UPCOMING_DAYS}天`);
  if (!d.upcoming.length) lines.push("无");
  for (const u of d.upcoming.slice(0, 15)) {
    const p = shanghaiParts(u.at);
    // A deadline's title names the deadline itself (摸底排查截止, 应建尽建年底期限): nothing is appended.
    lines.push(u.deadline ? `· ${p.month}月${p.day}日 ${u.title}` : `· ${describeInstant(u.at, d.now)} ${u.title}（${u.where}）`);
  }
  if (d.upcoming.length > 15) lines.push(`……另有 ${d.upcoming.length - 15} 项`);
  lines.push("四、未回复“收到”的群");
  if (!d.unacked.length) lines.push("无");
  for (const u of d.unacked) lines.push(`· ${u.topic}${u.township ? `（${u.township}）` : ""}：${formatShanghai(u.at)} ${u.excerpt}`);
  return lines.join("\n");
}

/**
 * Builds the digest: text, and where the transport can send files a PNG chart of
 * progress by township (skipped, with a log line, if drawing fails).
 */
export async function buildDigest(services: Services, now: Date): Promise<{ text: string; file?: OutgoingFile }> {
  const data = await gatherDigest(services, now);
  const text = renderDigest(data);
  if (!services.capabilities.canSendFiles) return { text };
  const p = shanghaiParts(now);
  const stamp = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  const file = path.join(CHART_DIR, `progress-${now.getTime()}-${process.pid}.png`);
  try {
    await renderProgressChart(data.stats, `各乡镇摸底排查与建会进度（截至${formatShanghai(now)}）`, file);
    return { text, file: { path: file, name: `乡镇进度-${stamp}.png`, temporary: true } };
  } catch (err) {
    services.log.error({ err }, "简报进度图生成失败，只发送文字");
    return { text };
  }
}
