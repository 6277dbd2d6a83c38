import type { Reminder } from "../generated/prisma/client.ts";
import type { OutgoingMessage, Services } from "../chat/types.ts";
import { isoShanghai } from "../clock.ts";
import { messagesFor, type DeliveryEnv, type DueFire } from "./messages.ts";
import { LATE_MS, planFires } from "./plan.ts";
import { claimOccurrences, advanceReminders, setOccurrenceStatus, type OccurrenceRow } from "./store.ts";
import { parseSpec, type ReminderSpec } from "./spec.ts";

/** Skipped occurrences recorded per reminder and pass (the rest are only counted in the log). */
const MAX_SKIPPED_ROWS = 50;

/** What one pass did, for logs, tests and the benchmark. */
export interface PassReport {
  due: number;
  sent: number;
  late: number;
  skipped: number;
  lostClaims: number;
  messages: number;
}

/**
 * Fires reminders exactly once. Every occurrence is claimed in ReminderOccurrence
 * (INSERT OR IGNORE on its unique key) before anything is queued, and every message
 * carries a dedupeKey, so a second scheduler on the same database, a restart or a
 * replay cannot send it twice. Keeps no timers: the app calls `tick` (at least once a
 * minute, or at `nextDue` in simulations) and `recover` at start-up.
 */
export class ReminderScheduler {
  constructor(
    private readonly services: Services,
    private readonly makeEnv: (now: Date) => DeliveryEnv,
  ) {}

  private get graceMs(): number {
    return this.services.config.REMINDER_GRACE_HOURS * 3_600_000;
  }

  /** The earliest pending fire of any active reminder (may be in the past after an outage). */
  async nextDue(): Promise<Date | null> {
    const r = await this.services.db.reminder.findFirst({ where: { active: true, nextAt: { not: null } }, orderBy: { nextAt: "asc" }, select: { nextAt: true } });
    return r?.nextAt ?? null;
  }

  /** Sends (or skips, when too old) every fire due at `now`, then moves each reminder on. */
  async tick(now: Date): Promise<PassReport> {
    const { db, log } = this.services;
    const report: PassReport = { due: 0, sent: 0, late: 0, skipped: 0, lostClaims: 0, messages: 0 };
    const due = await db.reminder.findMany({ where: { active: true, nextAt: { lte: now } }, orderBy: [{ nextAt: "asc" }, { id: "asc" }] });
    if (!due.length) return report;
    report.due = due.length;
    const rows: OccurrenceRow[] = [];
    const toSend: DueFire[] = [];
    const updates: Array<{ id: number; nextAt: Date | null }> = [];
    for (const r of due) {
      const spec = this.spec(r);
      if (!spec) {
        updates.push({ id: r.id, nextAt: null });
        continue;
      }
      const { plans, next } = planFires(r.id, spec.schedule, r.leadMinutes, r.nextAt!, now, this.graceMs);
      let skippedRows = 0;
      for (const p of plans) {
        if (p.action === "send") {
          rows.push({ key: p.key, reminderId: r.id, dueAt: p.fire.due, status: "claimed", late: p.late });
          toSend.push({ reminder: r, spec, fire: p.fire, key: p.key, late: p.late });
        } else {
          report.skipped++;
          if (skippedRows++ < MAX_SKIPPED_ROWS) rows.push({ key: p.key, reminderId: r.id, dueAt: p.fire.due, status: "skipped", late: true });
        }
      }
      const skipped = plans.filter((p) => p.action === "skip");
      if (skipped.length) {
        log.warn({ reminder: r.id, skipped: skipped.map((p) => `${isoShanghai(p.fire.at)} ${p.reason}`) }, "跳过了部分提醒（停机超过宽限时间，或已被后来的时间取代）");
      }
      updates.push({ id: r.id, nextAt: next?.at ?? null });
    }
    const won = await claimOccurrences(db, rows, now);
    const mine = toSend.filter((df) => won.has(df.key));
    report.lostClaims = toSend.length - mine.length;
    report.messages = await this.deliver(mine, now);
    report.sent = mine.length;
    report.late = mine.filter((df) => df.late).length;
    await advanceReminders(db, updates);
    if (report.sent || report.skipped) log.info(report, "提醒已发出");
    return report;
  }

  /**
   * Start-up: occurrences claimed but never marked sent (a crash between claim and
   * queueing) are delivered now if still within the grace window — their dedupeKeys
   * make this safe even if they had been queued — or else marked skipped.
   */
  async recover(now: Date): Promise<number> {
    const { db, log } = this.services;
    const stuck = await db.reminderOccurrence.findMany({ where: { status: "claimed" }, include: { reminder: true }, orderBy: { dueAt: "asc" } });
    const toSend: DueFire[] = [];
    const tooOld: string[] = [];
    for (const o of stuck) {
      const spec = this.spec(o.reminder);
      const lead = o.key.endsWith("#lead");
      const at = new Date(o.dueAt.getTime() - (lead ? o.reminder.leadMinutes * 60_000 : 0));
      if (!spec || now.getTime() - at.getTime() > this.graceMs) {
        tooOld.push(o.key);
        continue;
      }
      const late = now.getTime() - at.getTime() > LATE_MS;
      toSend.push({ reminder: o.reminder, spec, fire: { at, due: o.dueAt, lead }, key: o.key, late });
    }
    if (tooOld.length) {
      await setOccurrenceStatus(db, tooOld, "skipped");
      log.warn({ keys: tooOld }, "崩溃前已认领的提醒已过期太久，不再补发");
    }
    if (toSend.length) log.warn({ keys: toSend.map((d) => d.key) }, "崩溃前已认领但未发出的提醒：现在补发");
    await this.deliver(toSend, now);
    return toSend.length;
  }

  private async deliver(fires: DueFire[], now: Date): Promise<number> {
    if (!fires.length) return 0;
    const env = this.makeEnv(now);
    const msgs: OutgoingMessage[] = [];
    for (const df of fires) {
      try {
        msgs.push(...(await messagesFor(df, env)));
      } catch (err) {
        this.services.log.error({ err, key: df.key }, "提醒消息生成失败");
      }
    }
    await this.services.send(msgs);
    await setOccurrenceStatus(this.services.db, fires.map((f) => f.key), "sent");
    return msgs.length;
  }

  private spec(r: Reminder): ReminderSpec | null {
    try {
      return parseSpec(r.spec);
    } catch (err) {
      this.services.log.error({ err, reminder: r.id }, "提醒的时间设置无法读取，已停用");
      return null;
    }
  }
}
