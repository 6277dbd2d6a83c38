import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { forGroup } from "../privacy.ts";
import { splitText } from "./split.ts";
import type { Transport, TransportSend } from "./types.ts";

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

/**
 * Sends what the outbox table holds: paced per conversation (minimum interval plus
 * jitter) and under a global per-minute cap, split at the transport's length limit,
 * retried with backoff. A row is claimed (pending → sending) before it goes out and
 * marked sent right after, so two senders never send one row. Rows left in `sending`
 * by a crash are not resent (a duplicate in a group is worse than a gap): they are
 * marked `unknown` and logged at start-up.
 */
export class OutboxSender {
  private readonly nextAllowed = new Map<string, number>();
  private readonly recent: number[] = [];
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly deps: { db: Db; transport: Transport; clock: Clock; config: Config; log: Logger; random?: () => number },
  ) {}

  /** Start-up: settle rows a crash left mid-send, and restore the per-minute window. */
  async recover(): Promise<void> {
    const { db, clock, log } = this.deps;
    const stuck = await db.outboxMessage.findMany({ where: { status: "sending" }, select: { id: true } });
    if (stuck.length) {
      await db.outboxMessage.updateMany({ where: { status: "sending" }, data: { status: "unknown", lastError: "crashed while sending" } });
      log.warn({ ids: stuck.map((r) => r.id) }, "outbox rows interrupted mid-send: not resent to avoid duplicates");
    }
    const since = new Date(clock.now().getTime() - 60_000);
    const sent = await db.outboxMessage.findMany({ where: { status: "sent", sentAt: { gte: since } }, select: { sentAt: true } });
    for (const r of sent) if (r.sentAt) this.recent.push(r.sentAt.getTime());
  }

  /** Sends every message that may go out now; returns how many were sent. Concurrent calls share one run. */
  flush(): Promise<number> {
    if (!this.flushing) this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** The earliest instant a pending message may be sent, or null when nothing is pending. */
  async nextDue(): Promise<Date | null> {
    const rows = await this.deps.db.outboxMessage.findMany({ where: { status: "pending" }, orderBy: { id: "asc" }, take: BATCH, select: { roomId: true, toId: true, notBefore: true } });
    if (!rows.length) return null;
    let best = Infinity;
    const seen = new Set<string>();
    for (const r of rows) {
      const conv = conversation(r);
      if (seen.has(conv)) continue;
      seen.add(conv);
      best = Math.min(best, Math.max(r.notBefore.getTime(), this.nextAllowed.get(conv) ?? 0));
    }
    const cap = this.perMinute();
    const capFree = this.recent.length >= cap ? this.recent[this.recent.length - cap] + 60_000 : 0;
    return new Date(Math.max(best, capFree));
  }

  /** The global cap: the configured one, or the transport's if stricter. */
  private perMinute(): number {
    return Math.min(this.deps.config.OUTBOX_PER_MINUTE, this.deps.transport.capabilities.sendsPerMinute ?? Infinity);
  }

  private async flushOnce(): Promise<number> {
    const { db, clock, config } = this.deps;
    let total = 0;
    for (;;) {
      const now = clock.now().getTime();
      const rows = await db.outboxMessage.findMany({ where: { status: "pending", notBefore: { lte: new Date(now) } }, orderBy: { id: "asc" }, take: BATCH });
      if (!rows.length) return total;
      const blocked = new Set<string>();
      let sentNow = 0;
      for (const row of rows) {
        const conv = conversation(row);
        if (blocked.has(conv)) continue;
        if ((this.nextAllowed.get(conv) ?? 0) > now) {
          blocked.add(conv);
          continue;
        }
        while (this.recent.length && this.recent[0] <= now - 60_000) this.recent.shift();
        if (this.recent.length >= this.perMinute()) return total;
        // One autocommit statement: safe against a second sender on the same file.
        const claimed = await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sending' WHERE "id" = ${row.id} AND "status" = 'pending'`;
        if (claimed !== 1) continue;
        const outcome = await this.deliver(row);
        // A deferred row went nowhere: it does not count against the per-minute cap.
        if (outcome !== "deferred") this.recent.push(now);
        const jitter = Math.floor((this.deps.random ?? Math.random)() * (config.OUTBOX_JITTER_MS + 1));
        this.nextAllowed.set(conv, now + config.OUTBOX_ROOM_INTERVAL_MS + jitter);
        blocked.add(conv);
        if (outcome === "sent") {
          sentNow++;
          total++;
        }
      }
      if (sentNow === 0) return total;
    }
  }

  private async deliver(row: { id: number; roomId: string | null; toId: string | null; text: string; mentions: string; filePath: string | null; fileName: string | null; channel: string | null; replyTo: string | null; attempts: number; partsSent: number }): Promise<"sent" | "failed" | "deferred"> {
    const { db, transport, clock, log } = this.deps;
    const mentions = JSON.parse(row.mentions) as string[];
    const route = { roomId: row.roomId, toId: row.toId, ...(row.channel ? { channel: row.channel } : {}), ...(row.replyTo ? { replyTo: row.replyTo } : {}) };
    const parts: TransportSend[] = (row.text ? splitText(row.roomId ? forGroup(row.text) : row.text, transport.capabilities.maxTextLength) : []).map((text, i) => ({ ...route, text, mentions: i === 0 ? mentions : [] }));
    if (row.filePath) parts.push({ ...route, text: "", mentions: [], file: { path: row.filePath, name: row.fileName ?? row.filePath } });
    let sent = row.partsSent;
    try {
      for (; sent < parts.length; sent++) {
        await transport.send(parts[sent]);
        if (sent + 1 < parts.length) await db.outboxMessage.update({ where: { id: row.id }, data: { partsSent: sent + 1 } });
      }
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: clock.now(), attempts: row.attempts + 1, partsSent: parts.length } });
      return "sent";
    } catch (err) {
      if (err instanceof SendLaterError) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", partsSent: sent, lastError: err.message, notBefore: err.until } });
        log.info({ id: row.id, until: err.until, reason: err.message }, "outbox message deferred");
        return "deferred";
      }
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await db.outboxMessage.update({
        where: { id: row.id },
        data: { status: failed ? "failed" : "pending", attempts, partsSent: sent, lastError: String((err as Error)?.message ?? err), notBefore: new Date(clock.now().getTime() + backoffMs(attempts)) },
      });
      log.warn({ id: row.id, attempts, failed, err: String(err) }, failed ? "outbox message failed for good" : "outbox send failed, will retry");
      return "failed";
    }
  }
}

function conversation(r: { roomId: string | null; toId: string | null }): string {
  return r.roomId ? `r:${r.roomId}` : `p:${r.toId}`;
}
