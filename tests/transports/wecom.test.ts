import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { App } from "../../src/app.ts";
import { systemClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import type { Feature, IncomingMessage, Services } from "../../src/chat/types.ts";
import { ChannelSet } from "../../src/transports/channels.ts";
import { PLACEHOLDER_TEXT, stripLeadingMentions, WecomAuthError, WecomTransport } from "../../src/transports/wecom.ts";
import { tempDbFile } from "../helpers/context.ts";
import { FakeWecom, type Frame } from "../helpers/wecom-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** A logger whose lines the test can read. */
function captureLog() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
      cb();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

/** Echoes what it understood; “慢” makes it take 1.5 s, as a slow answer would. */
function echoFeature(seen: IncomingMessage[]): (s: Services) => Feature {
  return () => ({
    name: "echo",
    async fallback(ctx) {
      seen.push(ctx.msg);
      if (ctx.text.includes("慢")) await new Promise((r) => setTimeout(r, 1500));
      if (ctx.text === "长") {
        await ctx.reply(Array.from({ length: 40 }, (_, i) => `第${i + 1}段：${"工会".repeat(30)}。`).join("\n"));
        return true;
      }
      await ctx.reply(`收到：${ctx.text}`);
      return true;
    },
  });
}

async function startBot(server: FakeWecom, opts: { secret?: string; reconnectBaseMs?: number } = {}) {
  const { log, lines } = captureLog();
  const db: Db = await openDb(tempDbFile());
  const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "1000", WECOM_BOT_ID: server.botId, WECOM_BOT_SECRET: opts.secret ?? server.secret }, null);
  const wecom = new WecomTransport({ botId: server.botId, secret: opts.secret ?? server.secret, wsUrl: server.url, botName: "工会助手", log, reconnectBaseMs: opts.reconnectBaseMs ?? 100, heartbeatMs: 200 });
  const transport = new ChannelSet({ transports: [wecom], db, clock: systemClock, log });
  const seen: IncomingMessage[] = [];
  const app = new App({ config, db, clock: systemClock, log, transport, features: [echoFeature(seen)] });
  cleanup.push(async () => {
    await app.stop();
    await db.$disconnect();
  });
  await app.start({ realtime: true });
  return { app, db, wecom, seen, lines };
}

async function fakeServer(): Promise<FakeWecom> {
  const server = await new FakeWecom().start();
  cleanup.push(() => server.close());
  return server;
}

const replies = (server: FakeWecom, reqId: string) => server.received.filter((f) => f.cmd === "aibot_respond_msg" && f.headers.req_id === reqId);
const isFinal = (reqId: string) => (f: Frame) => f.cmd === "aibot_respond_msg" && f.headers.req_id === reqId && f.body?.stream?.finish === true;

describe("WeCom transport (against a local stand-in of the long connection)", () => {
  it("subscribes with the bot id and secret, and keeps the connection alive with acknowledged pings", async () => {
    const server = await fakeServer();
    await startBot(server);
    const sub = await server.waitFor((f) => f.cmd === "aibot_subscribe");
    expect(sub.body).toMatchObject({ bot_id: "aib-test", secret: "s3cret" });
    await server.waitFor((f) => f.cmd === "ping");
    await new Promise((r) => setTimeout(r, 800));
    expect(server.received.filter((f) => f.cmd === "ping").length).toBeGreaterThanOrEqual(3);
    expect(server.subscribes).toBe(1);
  });

  it("answers a group message on its req_id with one finished stream frame; the chatid is the room", async () => {
    const server = await fakeServer();
    const { seen } = await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.text("zhangsan", "@工会助手 工联会主席由谁兼任", "chat-taiping");
    const final = await server.waitFor(isFinal(reqId));
    expect(final.body?.stream?.content).toBe("收到：工联会主席由谁兼任");
    expect(replies(server, reqId)).toHaveLength(1);
    expect(seen[0]).toMatchObject({ roomId: "chat-taiping", senderId: "zhangsan", channel: "wecom", kind: "text" });
  });

  it("splits an answer longer than WeCom's limit: the first part on the req_id, the rest pushed in order", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.text("zhangsan", "@工会助手 长", "chat-a");
    const first = await server.waitFor(isFinal(reqId));
    await server.waitFor((f) => f.cmd === "aibot_send_msg" && (f.body?.markdown?.content ?? "").includes("第40段"));
    const pushed = server.received.filter((f) => f.cmd === "aibot_send_msg").map((f) => f.body!.markdown!.content);
    const parts = [first.body!.stream!.content, ...pushed];
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Array.from(p).length).toBeLessThanOrEqual(1300);
    expect(parts.join("\n")).toContain("第1段");
    expect(parts.at(-1)).toContain("第40段");
    expect(pushed.every((p) => p.startsWith("第"))).toBe(true);
  });

  it("takes group text without a leading @name too", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.text("zhangsan", "帮助", "chat-taiping");
    const final = await server.waitFor(isFinal(reqId));
    expect(final.body?.stream?.content).toContain("可用指令");
  });

  it("shows “正在查找…” first when the answer takes over a second, then finishes the same stream", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.text("lisi", "慢一点的问题");
    await server.waitFor(isFinal(reqId));
    const frames = replies(server, reqId);
    expect(frames.map((f) => [f.body?.stream?.content, f.body?.stream?.finish])).toEqual([
      [PLACEHOLDER_TEXT, false],
      ["收到：慢一点的问题", true],
    ]);
    expect(frames[0].body?.stream?.id).toBe(frames[1].body?.stream?.id);
  });

  it("uses the text of a mixed message and the transcript of a voice message; notes an image in single chat", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const mixed = server.push({ chattype: "single", from: { userid: "lisi" }, msgtype: "mixed", mixed: { msg_item: [{ msgtype: "image", image: { url: "http://127.0.0.1:1/x" } }, { msgtype: "text", text: { content: "这张图里的单位怎么建会" } }] } });
    expect((await server.waitFor(isFinal(mixed))).body?.stream?.content).toBe("收到：这张图里的单位怎么建会");
    const voice = server.push({ chattype: "single", from: { userid: "lisi" }, msgtype: "voice", voice: { content: "会员人数怎么填" } });
    expect((await server.waitFor(isFinal(voice))).body?.stream?.content).toBe("收到：会员人数怎么填");
    const image = server.push({ chattype: "single", from: { userid: "lisi" }, msgtype: "image", image: { url: "http://127.0.0.1:1/x" } });
    expect((await server.waitFor(isFinal(image))).body?.stream?.content).toContain("只能处理文字消息");
  });

  it("fills `file` for a file message: its name and decrypted bytes from WeCom's download", async () => {
    const server = await fakeServer();
    const { log } = captureLog();
    const wecom = new WecomTransport({ botId: server.botId, secret: server.secret, wsUrl: server.url, botName: "工会助手", log });
    cleanup.push(() => wecom.stop());
    const got: IncomingMessage[] = [];
    await wecom.start(async (m) => void got.push(m));
    const { url, aeskey } = server.serveFile("实施细则.txt", Buffer.from("第一条 测试内容"));
    server.push({ chattype: "single", from: { userid: "admin1" }, msgtype: "file", file: { url, aeskey } });
    while (!got.length) await new Promise((r) => setTimeout(r, 20));
    expect(got[0]).toMatchObject({ kind: "file", roomId: null, senderId: "admin1", file: { name: "实施细则.txt" } });
    expect((await got[0].file!.load()).toString("utf8")).toBe("第一条 测试内容");
  });

  it("greets on enter_chat with the 帮助 hint, on the event's req_id within five seconds", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.event("wangwu", "enter_chat");
    // WeCom accepts a welcome only within 5 s of the event: waitFor fails after that long.
    const welcome = await server.waitFor((f) => f.cmd === "aibot_respond_welcome_msg" && f.headers.req_id === reqId, 5000);
    expect(JSON.stringify(welcome.body)).toContain("帮助");
  });

  it("pushes with aibot_send_msg (markdown) when the passive reply can no longer be sent", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    const reqId = server.text("zhangsan", "问题", "chat-a");
    server.expired.add(reqId);
    const push = await server.waitFor((f) => f.cmd === "aibot_send_msg");
    expect(push.body).toMatchObject({ chatid: "chat-a", msgtype: "markdown" });
    expect(push.body?.markdown?.content).toBe("<@zhangsan> 收到：问题");
  });

  it("counts a reply WeCom never acknowledges as sent rather than risk a duplicate push", async () => {
    const server = await fakeServer();
    const { db } = await startBot(server);
    await server.waitSubscribed(1);
    server.unacknowledged.add("aibot_respond_msg");
    const reqId = server.text("zhangsan", "问题", "chat-a");
    await server.waitFor(isFinal(reqId));
    await new Promise((r) => setTimeout(r, 6000));
    expect(server.received.filter((f) => f.cmd === "aibot_send_msg")).toEqual([]);
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "sent", attempts: 1 });
  }, 30_000);

  it("pushes messages the bot starts (reminders) to the chatid, and images through media upload", async () => {
    const server = await fakeServer();
    const { app } = await startBot(server);
    await server.waitSubscribed(1);
    await app.services.send({ roomId: "chat-b", toId: null, text: "【提醒】下午3点开会" });
    const push = await server.waitFor((f) => f.cmd === "aibot_send_msg");
    expect(push.body).toMatchObject({ chatid: "chat-b", msgtype: "markdown", markdown: { content: "【提醒】下午3点开会" } });
    await app.services.send({ roomId: null, toId: "leader1", text: "", file: { path: "package.json", name: "进度.png" } });
    const media = await server.waitFor((f) => f.cmd === "aibot_send_msg" && f.body?.msgtype === "image");
    expect(media.body).toMatchObject({ chatid: "leader1", image: { media_id: expect.stringMatching(/^media-/) } });
    expect(server.received.map((f) => f.cmd)).toEqual(expect.arrayContaining(["aibot_upload_media_init", "aibot_upload_media_chunk", "aibot_upload_media_finish"]));
  });

  it("reconnects after the server drops the socket and answers the next question", async () => {
    const server = await fakeServer();
    await startBot(server);
    await server.waitSubscribed(1);
    server.drop();
    await server.waitSubscribed(2);
    const reqId = server.text("zhangsan", "@工会助手 还在吗", "chat-a");
    expect((await server.waitFor(isFinal(reqId))).body?.stream?.content).toBe("收到：还在吗");
  });

  it("keeps reconnecting past the SDK's default of ten attempts", async () => {
    const server = await fakeServer();
    await startBot(server, { reconnectBaseMs: 1 });
    await server.waitSubscribed(1);
    server.refuse = true;
    server.drop();
    const t0 = Date.now();
    while (server.attempts < 13 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(server.attempts).toBeGreaterThanOrEqual(13); // the first connection and twelve reconnects
    server.refuse = false;
    await server.waitSubscribed(2, 20_000);
    const reqId = server.text("zhangsan", "回来了吗");
    expect((await server.waitFor(isFinal(reqId))).body?.stream?.content).toBe("收到：回来了吗");
  }, 60_000);

  it("on disconnected_event logs in Chinese and stops the channel without reconnecting", async () => {
    const server = await fakeServer();
    const { lines, wecom } = await startBot(server);
    await server.waitSubscribed(1);
    server.kick();
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.subscribes).toBe(1);
    expect(server.received.filter((f) => f.cmd === "aibot_subscribe")).toHaveLength(1);
    expect(lines.some((l) => l.level >= 50 && l.msg.includes("新的长连接") && l.msg.includes("不再重连"))).toBe(true);
    await expect(wecom.send({ roomId: "chat-a", toId: null, text: "x", mentions: [] })).rejects.toThrow("企业微信通道已停止");
  });

  it("a wrong secret at start-up fails with one Chinese line naming WECOM_BOT_SECRET, without retrying", async () => {
    const server = await fakeServer();
    await expect(startBot(server, { secret: "wrong" })).rejects.toSatisfy((err: unknown) => err instanceof WecomAuthError && err.message.includes("WECOM_BOT_SECRET") && !err.message.includes("\n"));
    await new Promise((r) => setTimeout(r, 500));
    expect(server.received.filter((f) => f.cmd === "aibot_subscribe")).toHaveLength(1);
  });
});

describe("stripLeadingMentions", () => {
  it("removes the @names a group message starts with, and nothing else", () => {
    expect(stripLeadingMentions("@工会助手 工联会是什么")).toBe("工联会是什么");
    expect(stripLeadingMentions("@工会助手\u2005提醒 明天 开会")).toBe("提醒 明天 开会");
    expect(stripLeadingMentions("@张三 @工会助手 填报")).toBe("填报");
    expect(stripLeadingMentions("填报 联系邮箱 a@b.cn")).toBe("填报 联系邮箱 a@b.cn");
  });
});
