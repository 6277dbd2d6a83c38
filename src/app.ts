import type { Clock } from "./clock.ts";
import { VirtualClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import { OutboxSender } from "./chat/outbox.ts";
import { Router } from "./chat/router.ts";
import type { Feature, IncomingMessage, Services, Transport } from "./chat/types.ts";
import { featureFactories } from "./features.ts";
import { createServices } from "./services.ts";
import { maintain, MAINTENANCE_EVERY_MS } from "./maintenance.ts";

/** How often the real-time loop looks for due work; timed work never waits on a longer timer. */
const LOOP_MS = 1000;
const RECHECK_MS = 60_000;
/** Delay before sending what was just queued, so a burst is sent in one pass. */
const WAKE_MS = 20;

/**
 * The bot: services, features, router, outbox and a transport, wired together.
 * Real time: a one-second loop runs due work. Virtual time (simulations, tests):
 * `advanceTo` runs every due instant in order.
 */
export class App {
  readonly services: Services;
  readonly features: Feature[];
  readonly router: Router;
  readonly outbox: OutboxSender;
  private timer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private maintainedAt = -Infinity;
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly deps: { config: Config; db: Db; clock: Clock; log: Logger; transport: Transport; features?: Array<(s: Services) => Feature>; random?: () => number },
  ) {
    const { transport } = deps;
    this.services = createServices({
      ...deps,
      capabilities: transport.capabilities,
      botName: () => transport.self().name || deps.config.BOT_NAME,
      botId: () => transport.self().id,
      onEnqueued: (answer) => {
        if (answer) this.outbox.answerQueued();
        this.wake();
      },
      onUnsaved: (msgs) => this.outbox.hold(msgs),
    });
    this.features = (deps.features ?? featureFactories).map((make) => make(this.services));
    this.router = new Router(this.services, this.features, () => transport.self().id);
    this.outbox = new OutboxSender({ db: deps.db, transport, clock: deps.clock, config: deps.config, log: deps.log, random: deps.random });
  }

  /** Connects the transport, then does start-up work (outbox recovery, catch-up) and starts the loop. */
  async start(opts: { realtime?: boolean } = {}): Promise<void> {
    await this.deps.transport.start((msg) => this.handle(msg));
    await this.outbox.recover();
    for (const f of this.features) {
      const t0 = performance.now();
      await f.start?.(this.services);
      this.deps.log.debug({ feature: f.name, ms: Math.round(performance.now() - t0) }, "功能模块已启动");
    }
    await this.flushOutbox();
    if (opts.realtime ?? !(this.deps.clock instanceof VirtualClock)) this.loop();
  }

  /** One inbound message through the router. */
  async handle(msg: IncomingMessage): Promise<void> {
    await this.router.handle(msg);
    this.dueAt = 0;
  }

  /** Real time: something was queued; flush soon, coalescing bursts into one pass. */
  private wake(): void {
    this.dueAt = 0;
    if (this.wakeTimer || !this.timer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.flushOutbox();
    }, WAKE_MS);
  }

  /** Graceful stop: timers off, transport disconnected. */
  async stop(): Promise<void> {
    this.halt();
    await this.running;
    await this.deps.transport.stop();
  }

  /** Stops timers without any shutdown work (a crash, for simulations). */
  halt(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.timer = this.wakeTimer = null;
  }

  /** Runs the features' timed work due now and the hourly housekeeping, then sends what may go out. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    for (const f of this.features) {
      try {
        await f.tick?.(now);
      } catch (err) {
        this.deps.log.error({ err, feature: f.name }, "功能模块定时任务出错");
      }
    }
    await this.flushOutbox();
    if (now.getTime() - this.maintainedAt >= MAINTENANCE_EVERY_MS) {
      this.maintainedAt = now.getTime();
      await maintain(this.services, this.router, now).catch((err) => this.deps.log.error({ err }, "例行清理出错"));
    }
  }

  /** The earliest instant anything (feature work or an outgoing message) is due, optionally only instants after `after`. */
  async nextDue(after?: Date): Promise<Date | null> {
    const now = this.deps.clock.now();
    const dates = [await this.outbox.nextDue()];
    for (const f of this.features) dates.push((await f.nextDue?.(now)) ?? null);
    const floor = after ? after.getTime() : -Infinity;
    const times = dates.filter((d): d is Date => d !== null).map((d) => d.getTime()).filter((t) => t > floor);
    return times.length ? new Date(Math.min(...times)) : null;
  }

  /**
   * Virtual time: moves the clock to `target`, running every due instant on the way, in order.
   * Work still due after its instant was ticked (waiting on something else) is retried at the
   * next instant rather than spun on.
   */
  async advanceTo(target: Date): Promise<void> {
    const clock = this.virtualClock();
    await this.tick();
    for (;;) {
      const next = await this.nextDue(clock.now());
      if (!next || next.getTime() > target.getTime()) break;
      clock.set(next);
      await this.tick();
    }
    clock.set(target);
    await this.tick();
  }

  /**
   * Virtual time: sends everything queued (with `answersOnly`, until every answer to people is
   * out; bulk pushes go on meanwhile), moving the clock through the pacing intervals.
   */
  async settle(opts: { answersOnly?: boolean } = {}): Promise<void> {
    const clock = this.virtualClock();
    for (let guard = 0; guard < 100_000; guard++) {
      const next = await this.outbox.nextDue(opts);
      if (!next) return;
      if (next.getTime() > clock.now().getTime()) await this.advanceTo(next);
      else await this.tick();
    }
  }

  private virtualClock(): VirtualClock {
    if (!(this.deps.clock instanceof VirtualClock)) throw new Error("advanceTo needs a virtual clock");
    return this.deps.clock;
  }

  private flushOutbox(): Promise<void> {
    return this.outbox.flush().then(
      () => undefined,
      (err) => this.deps.log.error({ err }, "发送队列处理出错"),
    );
  }

  private loop(): void {
    this.timer = setTimeout(() => {
      this.running = this.loopOnce().finally(() => {
        if (this.timer) this.loop();
      });
    }, LOOP_MS);
  }

  private async loopOnce(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now < this.dueAt) return;
    await this.tick();
    const next = await this.nextDue();
    this.dueAt = Math.min(next ? next.getTime() : Infinity, this.deps.clock.now().getTime() + RECHECK_MS);
  }
}
