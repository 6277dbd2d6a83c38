import fs from "node:fs";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { storageFailure } from "../db/storage.ts";
import { forGroup } from "../privacy.ts";
import { conversationOf } from "./outbox-store.ts";
import { splitText } from "./split.ts";
import type { OutgoingMessage, Transport, TransportSend } from "./types.ts";

const MAX_ATTEMPTS = 6;
const BATCH = 200;

/**
 * Thrown by a transport that may not send now (a platform's frequency limit): the row waits
 * until `until` without using up one of its attempts.
 */
export class SendLaterError extends Error {
  constructor(readonly until: Date, reason: string) {
    super(reason);
    this.name = "SendLaterError";
  }
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 600_000);
}

/** Messages that could not be stored (the database failing) kept in memory at most. */
const MAX_HELD = 200;

/** Sends of the per-minute cap kept free for answers to people: bulk pushes never use them. */
export function answerReserve(cap: number): number {
  return cap >= 2 ? Math.max(1, Math.floor(cap / 4)) : 0;
}

type Row = { id: number; roomId: string | null; toId: string | null; text: string; mentions: string; filePath: string | null; fileName: string | null; fileTemp: boolean; channel: string | null; replyTo: string | null; attempts: number; partsSent: number; priority: number };

/**
 * Sends what the outbox table holds, one part (text bubble or file) at a time: every part is
 * paced per conversation (minimum interval plus jitter) and counted under the global
 * per-minute cap; long texts are split at the transport's length limit; failures are retried
 * with backoff. Answers to people go first, and bulk pushes (reminders, deadline posts,
 * digests) leave part of the cap free for them. A row is claimed (pending → sending) before a
 * part goes out and released right after, so two senders never send one part. Rows left in
 * `sending` by a crash are not resent (a duplicate in a group is worse than a gap): they are
 * marked `unknown` and logged at start-up. Answers that could not be stored (the database
 * failing) are held in memory and sent first, under the same caps.
 */
export class OutboxSender {
  private readonly nextAllowed = new Map<string, number>();
  private readonly recent: number[] = [];
  private readonly held: TransportSend[] = [];
  private flushing: Promise<number> | null = null;
  private answerWaiting = false;

  constructor(
    private readonly deps: { db: Db; transport: Transport; clock: Clock; config: Config; log: Logger; random?: () => number },
  ) {}

  /** Start-up: settle rows a crash left mid-send, and restore the per-minute window. */
  async recover(): Promise<void> {
    const { db, clock, log } = this.deps;
    const stuck = await db.outboxMessage.findMany({ where: { status: "sending" }, select: { id: true } });
    if (stuck.length) {
      await db.outboxMessage.updateMany({ where: { status: "sending" }, data: { status: "unknown", lastError: "crashed while sending" } });
      log.warn({ ids: stuck.map((r) => r.id) }, "有消息在发送途中被中断：为避免重复，不再重发");
    }
    const since = new Date(clock.now().getTime() - 60_000);
    const sent = await db.outboxMessage.findMany({ where: { status: "sent", sentAt: { gte: since } }, orderBy: { sentAt: "asc" }, select: { sentAt: true, partsSent: true } });
    // Each part was a send; their own instants are not stored, so all count at the message's.
    for (const r of sent) for (let i = 0; i < Math.max(1, r.partsSent); i++) this.recent.push(r.sentAt!.getTime());
  }

  /** An answer was queued: a flush in progress looks again before its next bulk send. */
  answerQueued(): void {
    this.answerWaiting = true;
  }

  /** Keeps answers the database could not store, to send them from memory (first, within the caps). */
  hold(msgs: OutgoingMessage[]): void {
    for (const m of msgs) {
      for (const part of this.partsOf({ roomId: m.roomId, toId: m.roomId ? null : m.toId, text: m.text, mentions: JSON.stringify(m.mentions ?? []), filePath: m.file?.path ?? null, fileName: m.file?.name ?? null, channel: m.channel ?? null, replyTo: m.replyTo ?? null })) {
        if (this.held.length >= MAX_HELD) {
          this.deps.log.error({ roomId: m.roomId, toId: m.toId }, "内存发送队列已满：消息被丢弃");
          return;
        }
        this.held.push(part);
      }
    }
    this.answerWaiting = true;
  }

  /** Sends every part that may go out now; returns how many were sent. Concurrent calls share one run. */
  flush(): Promise<number> {
    if (!this.flushing) this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** The earliest instant a pending message (only answers with `answersOnly`) may be sent, or null when none is pending. */
  async nextDue(opts: { answersOnly?: boolean } = {}): Promise<Date | null> {
    const where = opts.answersOnly ? { status: "pending", priority: 0 } : { status: "pending" };
    const rows = await this.deps.db.outboxMessage.findMany({ where, orderBy: [{ priority: "asc" }, { id: "asc" }], take: BATCH, select: { roomId: true, toId: true, notBefore: true, priority: true } });
    const candidates = [...this.held.map((h) => ({ roomId: h.roomId, toId: h.toId, notBefore: new Date(0), priority: 0 })), ...rows];
    if (!candidates.length) return null;
    let best = Infinity;
    const seen = new Set<string>();
    for (const r of candidates) {
      const conv = conversationOf(r);
      if (seen.has(conv)) continue;
      seen.add(conv);
      best = Math.min(best, Math.max(r.notBefore.getTime(), this.nextAllowed.get(conv) ?? 0, this.capFreeAt(r.priority)));
    }
    return new Date(best);
  }

  /** The global cap: the configured one, or the transport's if stricter. */
  private perMinute(): number {
    return Math.min(this.deps.config.OUTBOX_PER_MINUTE, this.deps.transport.capabilities.sendsPerMinute ?? Infinity);
  }

  /** Sends a message of this priority may use in a minute: all for answers, less the reserve for bulk. */
  private capFor(priority: number): number {
    const cap = this.perMinute();
    return priority === 0 ? cap : cap - answerReserve(cap);
  }

  /** When the per-minute window next has room for a send of this priority. */
  private capFreeAt(priority: number): number {
    const cap = this.capFor(priority);
    if (cap <= 0) return Infinity;
    return this.recent.length >= cap ? this.recent[this.recent.length - cap] + 60_000 : 0;
  }

  /** True when a send of this priority fits under the per-minute cap at `now`. */
  private capAllows(priority: number, now: number): boolean {
    while (this.recent.length && this.recent[0] <= now - 60_000) this.recent.shift();
    return this.recent.length < this.capFor(priority);
  }

  /** Counts a send and starts the conversation's interval. */
  private sent(conv: string, now: number): void {
    const { config } = this.deps;
    this.recent.push(now);
    const jitter = Math.floor((this.deps.random ?? Math.random)() * (config.OUTBOX_JITTER_MS + 1));
    this.nextAllowed.set(conv, now + config.OUTBOX_ROOM_INTERVAL_MS + jitter);
  }

  private async flushOnce(): Promise<number> {
    let total = await this.sendHeld();
    try {
      total += await this.sendStored();
    } catch (err) {
      // The database failing must not stop answers held in memory: they were sent above.
      this.deps.log.error({ err, cause: storageFailure(err) ?? undefined }, "发送队列：无法读取或更新已保存的消息");
    }
    return total;
  }

  /** Sends held (unstored) answers: first, one part per conversation per interval, under the cap. */
  private async sendHeld(): Promise<number> {
    let total = 0;
    const blocked = new Set<string>();
    for (let i = 0; i < this.held.length; ) {
      const now = this.deps.clock.now().getTime();
      const part = this.held[i];
      const conv = conversationOf(part);
      if (blocked.has(conv) || (this.nextAllowed.get(conv) ?? 0) > now) {
        blocked.add(conv);
        i++;
        continue;
      }
      if (!this.capAllows(0, now)) break;
      this.held.splice(i, 1);
      try {
        await this.deps.transport.send(part);
        total++;
      } catch (err) {
        this.deps.log.error({ err: String(err), roomId: part.roomId, toId: part.toId }, "发送队列：未能保存的消息也没能发出");
      }
      this.sent(conv, now);
      blocked.add(conv);
    }
    return total;
  }

  private async sendStored(): Promise<number> {
    const { db, clock } = this.deps;
    let total = 0;
    for (;;) {
      this.answerWaiting = false;
      const now = clock.now().getTime();
      const rows = await db.outboxMessage.findMany({ where: { status: "pending", notBefore: { lte: new Date(now) } }, orderBy: [{ priority: "asc" }, { id: "asc" }], take: BATCH });
      if (!rows.length) return total;
      const blocked = new Set<string>();
      let sentNow = 0;
      for (const row of rows) {
        // An answer queued meanwhile goes before the rest of this pass.
        if (this.answerWaiting) break;
        const conv = conversationOf(row);
        if (blocked.has(conv)) continue;
        if ((this.nextAllowed.get(conv) ?? 0) > now) {
          blocked.add(conv);
          continue;
        }
        // Rows come answers first: once one does not fit, none after it does.
        if (!this.capAllows(row.priority, now)) return total;
        // One autocommit statement: safe against a second sender on the same file.
        const claimed = await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sending' WHERE "id" = ${row.id} AND "status" = 'pending'`;
        if (claimed !== 1) continue;
        const outcome = await this.deliverNextPart(row);
        // A deferred row went nowhere: it does not count against the caps.
        if (outcome !== "deferred") this.sent(conv, now);
        blocked.add(conv);
        if (outcome === "sent") {
          sentNow++;
          total++;
        }
      }
      if (sentNow === 0 && !this.answerWaiting) return total;
    }
  }

  /** The parts of a message: its text split at the transport's limit (mentions on the first), then the file. */
  private partsOf(row: Pick<Row, "roomId" | "toId" | "text" | "mentions" | "filePath" | "fileName" | "channel" | "replyTo">): TransportSend[] {
    const mentions = JSON.parse(row.mentions) as string[];
    const route = { roomId: row.roomId, toId: row.toId, ...(row.channel ? { channel: row.channel } : {}), ...(row.replyTo ? { replyTo: row.replyTo } : {}) };
    const parts: TransportSend[] = (row.text ? splitText(row.roomId ? forGroup(row.text) : row.text, this.deps.transport.capabilities.maxTextLength) : []).map((text, i) => ({ ...route, text, mentions: i === 0 ? mentions : [] }));
    if (row.filePath) parts.push({ ...route, text: "", mentions: [], file: { path: row.filePath, name: row.fileName ?? row.filePath } });
    return parts;
  }

  /** Sends the row's next part; the row goes back to pending until its last part is out. */
  private async deliverNextPart(row: Row): Promise<"sent" | "failed" | "deferred"> {
    const { db, transport, clock, log } = this.deps;
    const parts = this.partsOf(row);
    try {
      if (row.partsSent < parts.length) await transport.send(parts[row.partsSent]);
      const done = row.partsSent + 1 >= parts.length;
      await db.outboxMessage.update({
        where: { id: row.id },
        data: done ? { status: "sent", sentAt: clock.now(), attempts: row.attempts + 1, partsSent: parts.length } : { status: "pending", partsSent: row.partsSent + 1 },
      });
      if (done) await this.releaseFile(row);
      return "sent";
    } catch (err) {
      if (err instanceof SendLaterError) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", lastError: err.message, notBefore: err.until } });
        log.info({ id: row.id, until: err.until, reason: err.message }, "消息暂缓发送");
        return "deferred";
      }
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await db.outboxMessage.update({
        where: { id: row.id },
        data: { status: failed ? "failed" : "pending", attempts, lastError: String((err as Error)?.message ?? err), notBefore: new Date(clock.now().getTime() + backoffMs(attempts)) },
      });
      log.warn({ id: row.id, attempts, failed, err: String(err) }, failed ? "消息多次发送失败，已放弃" : "消息发送失败，稍后重试");
      if (failed) await this.releaseFile(row);
      return "failed";
    }
  }

  /** Deletes a temporary file (a chart) once no unsent message needs it. */
  private async releaseFile(row: Row): Promise<void> {
    if (!row.fileTemp || !row.filePath) return;
    const waiting = await this.deps.db.outboxMessage.count({ where: { filePath: row.filePath, status: { in: ["pending", "sending"] } } });
    if (waiting === 0) fs.rmSync(row.filePath, { force: true });
  }
}
