import fs from "node:fs";
import { FileBox } from "file-box";
import qrcodeTerminal from "qrcode-terminal";
import { types, WechatyBuilder, type Wechaty } from "wechaty";
import type { ContactInterface, MessageInterface } from "wechaty/impls";
import type { Logger } from "../logger.ts";
import type { IncomingMessage, MessageKind, Transport, TransportCapabilities, TransportSend } from "../chat/types.ts";

const KINDS: Partial<Record<number, MessageKind>> = {
  [types.Message.Text]: "text",
  [types.Message.Image]: "image",
  [types.Message.Emoticon]: "image",
  [types.Message.Audio]: "voice",
  [types.Message.Attachment]: "file",
  [types.Message.Video]: "file",
};

/**
 * WeChat's practical limit for one text message is about 2,000 characters; keep well under it.
 * Accounts that send more than about 30 messages a minute risk being restricted.
 */
export const WECHAT_CAPABILITIES: TransportCapabilities = { canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 1800, sendsPerMinute: 30 };

export interface WechatyTransportOptions {
  /** A puppet instance (mock) or a puppet package name such as wechaty-puppet-service. */
  puppet: ConstructorParameters<typeof Object>[0] | string;
  puppetToken?: string;
  name: string;
  log: Logger;
  /** Called after each message is handed to the puppet (simulations record them). */
  onSent?: (msg: TransportSend) => void;
  /** Called right after the bot starts, before waiting for login (the mock logs in here). */
  afterStart?: () => void;
  /** Restart after errors while logged out, with backoff. */
  reconnect?: boolean;
}

/** Converts a Wechaty message to the transport-neutral shape. */
export async function toIncoming(m: MessageInterface): Promise<IncomingMessage> {
  const room = m.room();
  const talker = m.talker();
  const mentions = room ? await m.mentionList().catch(() => [] as ContactInterface[]) : [];
  return {
    id: m.id,
    roomId: room?.id ?? null,
    roomTopic: room ? await room.topic().catch(() => "") : undefined,
    senderId: talker.id,
    senderName: talker.name(),
    text: m.text(),
    kind: KINDS[m.type()] ?? "other",
    mentionIds: mentions.map((c) => c.id),
    self: m.self(),
    ...(KINDS[m.type()] === "file" ? { file: await fileOf(m) } : {}),
  };
}

/** The attachment of a file message: its name now, its bytes on demand (through the FileBox). */
async function fileOf(m: MessageInterface): Promise<IncomingMessage["file"]> {
  const box = await m.toFileBox().catch(() => null);
  if (!box) return undefined;
  return { name: box.name, load: () => box.toBuffer() };
}

/**
 * Wechaty transport: works with any puppet (WECHATY_PUPPET), prints the login QR code in the
 * terminal, logs login/logout/errors, and restarts the bot after failures.
 */
export class WechatyTransport implements Transport {
  readonly name = "wechaty";
  readonly capabilities = WECHAT_CAPABILITIES;
  readonly bot: Wechaty;
  private inFlight = new Set<Promise<void>>();
  private restarting = false;
  private stopped = false;
  private reconnectAttempt = 0;
  private lastError = { text: "", at: 0, repeats: 0 };
  /** Inbound messages from others fully handled so far (simulations wait on it). */
  handled = 0;

  constructor(private readonly opts: WechatyTransportOptions) {
    const puppetOptions = opts.puppetToken ? { token: opts.puppetToken } : undefined;
    this.bot = WechatyBuilder.build({ name: opts.name, puppet: opts.puppet as never, puppetOptions });
  }

  self(): { id: string; name: string } {
    if (!this.bot.isLoggedIn) return { id: "", name: "" };
    const me = this.bot.currentUser;
    return { id: me.id, name: me.name() };
  }

  async start(onMessage: (msg: IncomingMessage) => Promise<void>): Promise<void> {
    const { log } = this.opts;
    this.bot.on("scan", (qrcode, status) => {
      if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
        log.info("请用微信扫描下面的二维码登录机器人账号：");
        qrcodeTerminal.generate(qrcode, { small: true }, (art: string) => process.stderr.write(`${art}\n`));
      } else {
        log.info({ status: types.ScanStatus[status] }, "扫码状态");
      }
    });
    this.bot.on("login", (user) => {
      this.reconnectAttempt = 0;
      log.info({ user: user.name() }, "已登录");
    });
    this.bot.on("logout", (user, reason) => (this.stopped ? log.info : log.warn).call(log, { user: user.name(), reason }, "已退出登录"));
    this.bot.on("error", (err) => {
      this.logError(String(err));
      if (this.opts.reconnect) void this.restartSoon();
    });
    this.bot.on("message", (m) => {
      const job = (async () => {
        const msg = await toIncoming(m).catch((err) => {
          log.error({ err }, "无法读取收到的消息");
          return null;
        });
        try {
          if (msg) await onMessage(msg);
        } finally {
          if (!msg?.self) this.handled++;
        }
      })().catch((err) => log.error({ err }, "消息处理失败"));
      this.inFlight.add(job);
      void job.finally(() => this.inFlight.delete(job));
    });
    const loggedIn = new Promise<void>((resolve) => this.bot.once("login", () => resolve()));
    await this.bot.start();
    this.opts.afterStart?.();
    if (!this.bot.isLoggedIn) await loggedIn;
  }

  /** Resolves once every inbound message received so far has been handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.bot.stop();
  }

  async send(msg: TransportSend): Promise<void> {
    // A base64 FileBox serialises for every puppet (remote puppets and the mock cannot take a local path).
    const sayable = msg.file ? FileBox.fromBase64((await fs.promises.readFile(msg.file.path)).toString("base64"), msg.file.name) : msg.text;
    if (msg.roomId) {
      const room = await this.bot.Room.find({ id: msg.roomId });
      if (!room) throw new Error(`room not found: ${msg.roomId}`);
      if (typeof sayable === "string" && msg.mentions.length) {
        const contacts = (await Promise.all(msg.mentions.map((id) => this.bot.Contact.find({ id })))).filter((c): c is ContactInterface => Boolean(c));
        await room.say(sayable, ...contacts);
      } else {
        await room.say(sayable);
      }
    } else {
      const contact = msg.toId ? await this.bot.Contact.find({ id: msg.toId }) : undefined;
      if (!contact) throw new Error(`contact not found: ${msg.toId}`);
      await contact.say(sayable);
    }
    this.opts.onSent?.(msg);
  }

  /** Logs a connection error; the same error repeated within a minute is counted, not logged again. */
  private logError(text: string): void {
    const now = Date.now();
    const e = this.lastError;
    if (e.text === text && now - e.at < 60_000) {
      e.repeats++;
      return;
    }
    const repeated = e.repeats ? { previousRepeats: e.repeats } : {};
    this.lastError = { text, at: now, repeats: 0 };
    this.opts.log.error({ err: text, ...repeated }, "微信连接出错");
  }

  /** Restarts the bot after an error unless it recovers by itself; backoff 5 s → 5 min, reset on login. */
  private async restartSoon(): Promise<void> {
    if (this.restarting || this.stopped) return;
    this.restarting = true;
    const { log } = this.opts;
    try {
      while (!this.stopped) {
        const attempt = ++this.reconnectAttempt;
        await new Promise((r) => setTimeout(r, Math.min(5000 * 2 ** (attempt - 1), 300_000)));
        if (this.bot.isLoggedIn || this.stopped) return;
        try {
          log.warn({ attempt }, "正在重新连接微信");
          await this.bot.stop();
          await this.bot.start();
          return;
        } catch (err) {
          log.error({ err: String(err), attempt }, "重新连接失败");
        }
      }
    } finally {
      this.restarting = false;
    }
  }
}
