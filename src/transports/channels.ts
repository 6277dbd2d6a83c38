import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { IncomingMessage, Transport, TransportCapabilities, TransportSend } from "../chat/types.ts";
import { conversationOf } from "../chat/outbox-store.ts";
import { ROBOT_MAX_TEXT, RobotSender } from "./robots.ts";

const MOBILE = /^1[3-9]\d{9}$/;

/** What several channels can do together: any of them receives/sends files; the strictest limits. */
function combined(transports: Transport[]): TransportCapabilities {
  const caps = transports.map((t) => t.capabilities);
  const limits = caps.map((c) => c.sendsPerMinute).filter((n): n is number => n !== undefined);
  return {
    canReceive: caps.some((c) => c.canReceive),
    canMention: caps.some((c) => c.canMention),
    canSendFiles: caps.some((c) => c.canSendFiles),
    maxTextLength: Math.min(ROBOT_MAX_TEXT, ...caps.map((c) => c.maxTextLength)),
    ...(limits.length ? { sendsPerMinute: Math.min(...limits) } : {}),
  };
}

/**
 * Several chat channels (WeCom, Wechaty, the console) behind one transport, plus the
 * send-only group robots. Rooms and people remember the channel they were last seen on
 * (Room.channel, Member.channel); each outgoing message goes back on the channel it answers,
 * else on its room's or person's channel, else on the first channel. A room bound to a push
 * robot gets its pushes (everything that is not a reply) through the robot.
 */
export class ChannelSet implements Transport {
  readonly name = "channels";
  readonly capabilities: TransportCapabilities;
  private readonly known = new Map<string, string>();
  private readonly robots: RobotSender;

  constructor(
    private readonly deps: {
      transports: Transport[];
      db: Db;
      clock: Clock;
      log: Logger;
      robots?: RobotSender;
      /** A channel that failed to start after another one was already running (default: logged). */
      onLateStartError?: (err: unknown, channel: string) => void;
    },
  ) {
    if (!deps.transports.length) throw new Error("at least one channel is needed");
    this.capabilities = combined(deps.transports);
    this.robots = deps.robots ?? new RobotSender(deps.clock);
  }

  /** The first channel's identity: ids of the bot on other channels are mapped to it on the way in. */
  self(): { id: string; name: string } {
    return this.deps.transports[0].self();
  }

  /**
   * Starts every channel at once and resolves as soon as one is ready: a WeChat login may wait
   * for a QR scan while WeCom already answers. A channel failing before that rejects (the
   * others are stopped); one failing later goes to `onLateStartError`.
   */
  start(onMessage: (msg: IncomingMessage) => Promise<void>): Promise<void> {
    const late = this.deps.onLateStartError ?? ((err, channel) => this.deps.log.error({ err, channel }, "渠道启动失败"));
    let state: "starting" | "ready" | "failed" = "starting";
    return new Promise<void>((resolve, reject) => {
      for (const t of this.deps.transports) {
        t.start((msg) => this.receive(t, msg, onMessage)).then(
          () => {
            if (state !== "starting") return;
            state = "ready";
            resolve();
          },
          (err: unknown) => {
            if (state === "ready") return late(err, t.name);
            if (state === "failed") return;
            state = "failed";
            void this.stop().finally(() => reject(err));
          },
        );
      }
    });
  }

  async stop(): Promise<void> {
    for (const t of this.deps.transports) await t.stop().catch((err) => this.deps.log.error({ err, channel: t.name }, "渠道停止时出错"));
  }

  async send(msg: TransportSend): Promise<void> {
    if (msg.roomId && !msg.replyTo) {
      const room = await this.deps.db.room.findUnique({ where: { id: msg.roomId }, select: { pushWebhook: true, pushSecret: true } });
      if (room?.pushWebhook) {
        const mobiles = await this.mobiles(msg.mentions);
        return this.robots.send({ url: room.pushWebhook, secret: room.pushSecret }, { text: msg.text, mobiles, file: msg.file });
      }
    }
    const name = msg.channel ?? (await this.channelOf(conversationOf(msg)));
    const transport = this.deps.transports.find((t) => t.name === name) ?? this.deps.transports[0];
    await transport.send(msg);
  }

  /** Tags the message with its channel, remembers the channel of its room and sender, maps the bot's own id. */
  private async receive(t: Transport, msg: IncomingMessage, onMessage: (msg: IncomingMessage) => Promise<void>): Promise<void> {
    if (msg.roomId) await this.remember(`r:${msg.roomId}`, t.name);
    if (!msg.self) await this.remember(`p:${msg.senderId}`, t.name);
    const own = t.self().id;
    const primary = this.self().id;
    await onMessage({
      ...msg,
      channel: t.name,
      self: msg.self || msg.senderId === own,
      mentionIds: own === primary ? msg.mentionIds : msg.mentionIds.map((id) => (id === own ? primary : id)),
    });
  }

  private async remember(key: string, channel: string): Promise<void> {
    if (this.known.get(key) === channel) return;
    this.known.set(key, channel);
    const id = key.slice(2);
    if (key.startsWith("r:")) await this.deps.db.room.upsert({ where: { id }, create: { id, channel }, update: { channel } });
    else await this.deps.db.member.upsert({ where: { id }, create: { id, channel }, update: { channel } });
  }

  private async channelOf(key: string): Promise<string | undefined> {
    const cached = this.known.get(key);
    if (cached || this.deps.transports.length === 1) return cached;
    const id = key.slice(2);
    const row = key.startsWith("r:") ? await this.deps.db.room.findUnique({ where: { id }, select: { channel: true } }) : await this.deps.db.member.findUnique({ where: { id }, select: { channel: true } });
    if (row?.channel) this.known.set(key, row.channel);
    return row?.channel ?? undefined;
  }

  /** Mobile numbers of the people to @, where the ledger knows them (the contact phone they reported). */
  private async mobiles(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.deps.db.organisation.findMany({ where: { reporterId: { in: ids } }, orderBy: { reportedAt: "desc" }, select: { reporterId: true, contactPhone: true } });
    const found = new Map<string, string>();
    for (const r of rows) if (!found.has(r.reporterId) && MOBILE.test(r.contactPhone)) found.set(r.reporterId, r.contactPhone);
    return ids.map((id) => found.get(id)).filter((m): m is string => Boolean(m));
  }
}
