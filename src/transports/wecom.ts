import fs from "node:fs";
import path from "node:path";
import { WSClient, type BaseMessage, type EventMessage, type WsFrame } from "@wecom/aibot-node-sdk";
import type { Logger } from "../logger.ts";
import type { IncomingMessage, Transport, TransportCapabilities, TransportSend } from "../chat/types.ts";

/**
 * A stream reply may carry 20,480 bytes (UTF-8); a markdown push is kept within the 4,096 bytes
 * WeCom documents for markdown messages. At three bytes per Chinese character, 1,300 characters
 * fit both. Pacing is the outbox's (OUTBOX_PER_MINUTE).
 */
export const WECOM_CAPABILITIES: TransportCapabilities = { canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 1300 };

/** The text shown while an answer takes longer than PLACEHOLDER_MS. */
export const PLACEHOLDER_TEXT = "正在查找…";
const PLACEHOLDER_MS = 1000;
/** WeCom accepts a stream reply on a message's req_id for six minutes; keep a margin. */
const REPLY_WINDOW_MS = 5 * 60_000;
/** The welcome on an enter_chat event must go within five seconds. */
const WELCOME_WINDOW_MS = 5_000;
const IMAGE_EXT = new Set([".png", ".jpg", ".jpeg", ".gif"]);

/** Start-up failed because WeCom refused the bot's id or secret. */
export class WecomAuthError extends Error {
  constructor(readonly detail: string) {
    super(`企业微信认证失败（${detail}）：请检查 WECOM_BOT_SECRET（及 WECOM_BOT_ID）是否与企业微信管理后台「智能机器人」中的一致。`);
    this.name = "WecomAuthError";
  }
}

export interface WecomTransportOptions {
  botId: string;
  secret: string;
  /** Long-connection address; the SDK's public one when absent (private deployments publish their own). */
  wsUrl?: string;
  botName: string;
  log: Logger;
  /** First reconnect delay (doubling up to 30 s, for ever). */
  reconnectBaseMs?: number;
  heartbeatMs?: number;
}

/** An inbound message or event whose req_id a reply may still use. */
interface Pending {
  frame: WsFrame;
  at: number;
  streamId: string;
  welcome: boolean;
  /** The req_id has been answered (or can no longer be): later parts are pushed. */
  done: boolean;
  handling: boolean;
}

/**
 * WeCom 智能机器人 over the official long connection (`@wecom/aibot-node-sdk`): no public
 * address or callback URL needed. Group messages (only those that @ the bot reach it) and
 * single chats come in; answers go back on the message's req_id as one finished stream
 * frame (after a “正在查找…” frame when the answer takes over a second), everything else is
 * pushed with aibot_send_msg as markdown; files go through media upload.
 */
export class WecomTransport implements Transport {
  readonly name = "wecom";
  readonly capabilities = WECOM_CAPABILITIES;
  private client: WSClient | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly opts: WecomTransportOptions) {}

  self(): { id: string; name: string } {
    return { id: this.opts.botId, name: this.opts.botName };
  }

  /**
   * Connects and subscribes. Resolves once subscribed, or once the first attempt failed for a
   * network reason (it keeps retrying for ever, with backoff); rejects with WecomAuthError when
   * WeCom refuses the credentials.
   */
  start(onMessage: (msg: IncomingMessage) => Promise<void>): Promise<void> {
    const { log } = this.opts;
    const sdkLog = (...args: unknown[]) => log.debug({ sdk: args.map(String).join(" ") }, "企业微信 SDK 日志");
    const client = new WSClient({
      botId: this.opts.botId,
      secret: this.opts.secret,
      wsUrl: this.opts.wsUrl,
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: -1,
      reconnectInterval: this.opts.reconnectBaseMs ?? 1000,
      heartbeatInterval: this.opts.heartbeatMs ?? 30_000,
      logger: { debug: sdkLog, info: sdkLog, warn: sdkLog, error: sdkLog },
    });
    this.client = client;
    client.on("message", (frame) => this.receive(frame, onMessage));
    client.on("event.enter_chat", (frame) => this.receive(frame as WsFrame, onMessage));
    client.on("event.disconnected_event", () => {
      this.stopped = true;
      log.error("企业微信通知：同一个机器人已在别处建立了新的长连接（可能另一个进程用同一个 WECOM_BOT_ID 启动了）。本进程的企业微信通道已停止，不再重连；请确认只运行一个机器人，然后重启本进程。");
    });
    client.on("reconnecting", (attempt: number) => {
      if (attempt === 1 || attempt % 10 === 0) log.warn({ attempt }, "企业微信连接断开，正在重连（间隔逐步延长到 30 秒，一直重试）");
    });
    let subscribedOnce = false;
    client.on("authenticated", () => {
      log.info({ reconnected: subscribedOnce }, subscribedOnce ? "企业微信已重新连接" : "企业微信已连接");
      subscribedOnce = true;
    });
    client.on("error", (err: Error) => {
      if (subscribedOnce && /^Authentication failed/.test(err.message)) log.error({ err: err.message }, "企业微信拒绝了机器人的 Bot ID 或 Secret（WECOM_BOT_SECRET 是否已在后台重置？），将继续重试");
    });
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        if (subscribedOnce) return;
        if (/^Authentication failed/.test(err.message)) {
          client.off("authenticated", onAuth);
          client.off("error", onError);
          client.disconnect();
          this.client = null;
          reject(new WecomAuthError(err.message.replace(/^Authentication failed:\s*/, "")));
          return;
        }
        log.warn({ err: err.message }, "暂时连不上企业微信，将自动重试");
        client.off("authenticated", onAuth);
        client.off("error", onError);
        resolve();
      };
      const onAuth = () => {
        client.off("error", onError);
        resolve();
      };
      client.once("authenticated", onAuth);
      client.on("error", onError);
      log.info({ url: this.opts.wsUrl ?? "默认地址" }, "正在连接企业微信…");
      client.connect();
    });
  }

  /** Resolves once every inbound message received so far has been handled. */
  private async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.client) this.client.disconnect();
    this.client = null;
    await this.idle();
  }

  async send(msg: TransportSend): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) throw new Error("企业微信通道已停止");
    const chatId = msg.roomId ?? msg.toId;
    if (!chatId) throw new Error("no chat to send to");
    if (msg.file) return this.sendFile(client, chatId, msg.file.path, msg.file.name);
    const pending = msg.replyTo ? this.pending.get(msg.replyTo) : undefined;
    if (pending && !pending.done && Date.now() - pending.at < (pending.welcome ? WELCOME_WINDOW_MS : REPLY_WINDOW_MS)) {
      pending.done = true;
      try {
        if (pending.welcome) await client.replyWelcome(pending.frame, { msgtype: "text", text: { content: msg.text } });
        else await client.replyStream(pending.frame, pending.streamId, msg.text, true);
        return;
      } catch (err) {
        if (this.unacknowledged(err)) return;
        this.opts.log.warn({ err: describe(err), replyTo: msg.replyTo }, "企业微信被动回复失败，改为主动推送");
      }
    }
    const mention = msg.roomId ? msg.mentions.map((id) => `<@${id}>`).join(" ") : "";
    try {
      await ack(client.sendMessage(chatId, { msgtype: "markdown", markdown: { content: mention ? `${mention} ${msg.text}` : msg.text } }));
    } catch (err) {
      if (!this.unacknowledged(err)) throw err;
    }
  }

  /**
   * A frame went out but WeCom never acknowledged it: it may well have arrived. Counted as sent,
   * like the outbox's rows interrupted mid-send, because a repeated message is worse than a gap.
   */
  private unacknowledged(err: unknown): boolean {
    if (!(err instanceof Error && /ack timeout/i.test(err.message))) return false;
    this.opts.log.warn({ err: err.message }, "企业微信未确认收到消息，按已发送处理（避免重复发送）");
    return true;
  }

  private async sendFile(client: WSClient, chatId: string, file: string, name: string): Promise<void> {
    const type = IMAGE_EXT.has(path.extname(name).toLowerCase()) ? "image" : "file";
    const uploaded = await ack(client.uploadMedia(await fs.promises.readFile(file), { type, filename: name }));
    await ack(client.sendMediaMessage(chatId, type, uploaded.media_id));
  }

  private receive(frame: WsFrame, onMessage: (msg: IncomingMessage) => Promise<void>): void {
    const msg = this.toIncoming(frame);
    if (!msg) return;
    if (msg.kind === "file") {
      // The download link is valid for five minutes only: fetch the file now; the name comes with it.
      const file = (frame.body as { file: { url: string; aeskey?: string } }).file;
      const download = this.client!.downloadFile(file.url, file.aeskey);
      this.track(download.then(
        (d) => this.dispatch(frame, { ...msg, file: { name: d.filename ?? "文件", load: async () => d.buffer } }, onMessage),
        (err) => {
          this.opts.log.warn({ err: describe(err) }, "企业微信文件下载失败");
          this.dispatch(frame, { ...msg, file: { name: "文件", load: () => Promise.reject(new Error("文件下载失败，请重新发送")) } }, onMessage);
        },
      ));
      return;
    }
    this.dispatch(frame, msg, onMessage);
  }

  private dispatch(frame: WsFrame, msg: IncomingMessage, onMessage: (msg: IncomingMessage) => Promise<void>): void {
    const now = Date.now();
    for (const [id, p] of this.pending) if (now - p.at > REPLY_WINDOW_MS) this.pending.delete(id);
    const pending: Pending = { frame, at: now, streamId: `s_${msg.id}`, welcome: msg.kind === "enter", done: false, handling: true };
    this.pending.set(msg.id, pending);
    const timer = msg.kind === "text" ? setTimeout(() => void this.placeholder(pending), PLACEHOLDER_MS) : null;
    const job = onMessage(msg)
      .catch((err) => this.opts.log.error({ err }, "消息处理失败"))
      .finally(() => {
        pending.handling = false;
        if (timer) clearTimeout(timer);
      });
    this.track(job);
  }

  private track(job: Promise<void>): void {
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }

  /** The answer is taking a while: show “正在查找…” on the stream the answer will finish. */
  private async placeholder(p: Pending): Promise<void> {
    if (p.done || !p.handling || !this.client) return;
    try {
      await this.client.replyStream(p.frame, p.streamId, PLACEHOLDER_TEXT, false);
    } catch (err) {
      this.opts.log.debug({ err: describe(err) }, "占位消息未发出");
    }
  }

  /** The transport-neutral message for a callback frame, or null for frames the bot does not act on. */
  private toIncoming(frame: WsFrame): IncomingMessage | null {
    const body = frame.body as (BaseMessage & Partial<EventMessage>) | undefined;
    if (!body?.msgid || !body.from?.userid) return null;
    const base = {
      id: body.msgid,
      roomId: body.chattype === "group" && body.chatid ? body.chatid : null,
      senderId: body.from.userid,
      senderName: body.from.userid,
      mentionIds: body.chattype === "group" ? [this.opts.botId] : [],
      self: false,
    };
    if (body.msgtype === "event") return body.event?.eventtype === "enter_chat" ? { ...base, roomId: null, text: "", kind: "enter" } : null;
    const text = (s: string) => ({ text: base.roomId ? stripLeadingMentions(s) : s.trim(), kind: "text" as const });
    switch (body.msgtype) {
      case "text":
        return { ...base, ...text(String(body.text?.content ?? "")) };
      case "voice":
        return { ...base, ...text(String(body.voice?.content ?? "")) };
      case "mixed": {
        const items = (body.mixed?.msg_item ?? []) as Array<{ msgtype: string; text?: { content: string } }>;
        return { ...base, ...text(items.filter((i) => i.msgtype === "text").map((i) => i.text?.content ?? "").join("\n")) };
      }
      case "image":
        return { ...base, text: "", kind: "image" };
      case "file":
        return { ...base, text: "", kind: "file" };
      default:
        return { ...base, text: "", kind: "other" };
    }
  }
}

/** Removes the “@名字” tokens a group message starts with (the platform only delivers messages that @ the bot). */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(?:\s*[@＠][^\s@＠]+)+(?:\s+|$)/u, "").trim();
}

/** SDK calls reject with the ack frame itself on a non-zero errcode; turn it into an Error. */
async function ack<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw err instanceof Error ? err : new Error(`企业微信返回错误：${describe(err)}`);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  const f = err as { errcode?: number; errmsg?: string };
  return f && typeof f === "object" && "errcode" in f ? `errcode ${f.errcode}：${f.errmsg ?? ""}` : String(err);
}
