import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** A frame as the WeCom long connection carries it. */
export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown> & { chatid?: string; msgtype?: string; stream?: { id: string; finish: boolean; content: string }; markdown?: { content: string } };
  errcode?: number;
  errmsg?: string;
}

let seq = 0;

/**
 * A local stand-in for WeCom's AI-bot long connection, speaking the frames the official SDK
 * sends and expects: aibot_subscribe (checked against the bot id and secret) → ack, ping → ack,
 * aibot_respond_msg / aibot_respond_welcome_msg / aibot_send_msg / media upload → ack;
 * it pushes aibot_msg_callback and aibot_event_callback frames, can drop the socket or send
 * disconnected_event. It also serves encrypted file downloads as WeCom does.
 */
export class FakeWecom {
  readonly received: Frame[] = [];
  subscribes = 0;
  /** Connection attempts so far. */
  attempts = 0;
  /** Commands the server takes without ever acknowledging them. */
  readonly unacknowledged = new Set<string>();
  /** While true, every new connection is dropped at once (a server that is down or restarting). */
  refuse = false;
  /** Reply req_ids the server refuses as expired (errcode 846608). */
  readonly expired = new Set<string>();
  private wss!: WebSocketServer;
  private files!: http.Server;
  private sockets = new Set<WebSocket>();
  private waiters: Array<{ test: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private readonly downloads = new Map<string, { data: Buffer; name: string }>();

  constructor(readonly botId = "aib-test", readonly secret = "s3cret") {}

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((r) => this.wss.once("listening", () => r()));
    this.wss.on("connection", (ws) => {
      this.attempts++;
      if (this.refuse) return void ws.terminate();
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      ws.on("message", (data) => this.onFrame(ws, JSON.parse(String(data)) as Frame));
    });
    this.files = http.createServer((req, res) => {
      const file = this.downloads.get(req.url ?? "");
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}` }).end(file.data);
    });
    await new Promise<void>((r) => this.files.listen(0, "127.0.0.1", () => r()));
    return this;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.files.close(() => r()));
  }

  private onFrame(ws: WebSocket, frame: Frame): void {
    this.received.push(frame);
    this.waiters = this.waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    if (frame.cmd && this.unacknowledged.has(frame.cmd)) return;
    const ack = (extra: Partial<Frame> = {}) => ws.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode: 0, errmsg: "ok", ...extra }));
    switch (frame.cmd) {
      case "aibot_subscribe": {
        const ok = frame.body?.bot_id === this.botId && frame.body?.secret === this.secret;
        if (ok) this.subscribes++;
        ack(ok ? {} : { errcode: 40058, errmsg: "invalid bot_id or secret" });
        break;
      }
      case "aibot_respond_msg":
      case "aibot_respond_welcome_msg":
        ack(this.expired.has(frame.headers.req_id) ? { errcode: 846608, errmsg: "stream message update expired" } : {});
        break;
      case "aibot_upload_media_init":
        ack({ body: { upload_id: `up-${++seq}` } });
        break;
      case "aibot_upload_media_finish":
        ack({ body: { media_id: `media-${++seq}`, type: "image" } });
        break;
      default:
        ack();
    }
  }

  /** Resolves with the first frame (already received, or to come) matching `test`. */
  waitFor(test: (f: Frame) => boolean, timeoutMs = 15_000, from = 0): Promise<Frame> {
    const seen = this.received.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(from).map((f) => f.cmd))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Resolves once `n` subscriptions have been accepted in total. */
  async waitSubscribed(n: number, timeoutMs = 15_000): Promise<void> {
    const t0 = Date.now();
    while (this.subscribes < n) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`only ${this.subscribes} subscriptions`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Pushes a message callback; returns its req_id. */
  push(body: Record<string, unknown>, cmd = "aibot_msg_callback"): string {
    const reqId = `req-${++seq}`;
    const frame = { cmd, headers: { req_id: reqId }, body: { msgid: `msg-${seq}`, aibotid: this.botId, create_time: Date.now(), ...body } };
    for (const ws of this.sockets) ws.send(JSON.stringify(frame));
    return reqId;
  }

  /** A text message: in a group (chatid given) or a single chat. */
  text(from: string, content: string, chatid?: string): string {
    return this.push({ chattype: chatid ? "group" : "single", ...(chatid ? { chatid } : {}), from: { userid: from }, msgtype: "text", text: { content } });
  }

  /** An event callback such as enter_chat. */
  event(from: string, eventtype: string): string {
    return this.push({ chattype: "single", from: { userid: from }, msgtype: "event", event: { eventtype } }, "aibot_event_callback");
  }

  /** Serves `data` encrypted as WeCom does (AES-256-CBC, PKCS#7 to 32 bytes); returns the url and aeskey for a file message. */
  serveFile(name: string, data: Buffer): { url: string; aeskey: string } {
    const key = crypto.randomBytes(32);
    const pad = 32 - (data.length % 32);
    const cipher = crypto.createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), cipher.final()]);
    const path = `/file/${++seq}`;
    this.downloads.set(path, { data: encrypted, name });
    return { url: `http://127.0.0.1:${(this.files.address() as AddressInfo).port}${path}`, aeskey: key.toString("base64") };
  }

  /** Another process took the connection: disconnected_event, then the socket closes. */
  kick(): void {
    this.push({ msgtype: "event", from: { userid: "" }, event: { eventtype: "disconnected_event" } }, "aibot_event_callback");
    setTimeout(() => {
      for (const ws of this.sockets) ws.close();
    }, 50);
  }

  /** Drops every socket without a goodbye (network loss, server restart). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}
