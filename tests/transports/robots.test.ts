import crypto from "node:crypto";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb } from "../../src/db/client.ts";
import { adminFeature } from "../../src/admin/feature.ts";
import { ChannelSet } from "../../src/transports/channels.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { dingtalkSign, feishuSign, parseRobotUrl, RobotSender } from "../../src/transports/robots.ts";
import { tempDbFile } from "../helpers/context.ts";
import { echo } from "../helpers/echo.ts";
import { FakeRobots } from "../helpers/robot-servers.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});


async function setup(env: Record<string, string> = {}) {
  const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
  const robots = await new FakeRobots(() => clock.now().getTime()).start();
  const db = await openDb(tempDbFile());
  const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "1000", ADMIN_IDS: "admin1", ...env }, null);
  const chat = new MemoryTransport(undefined, "wecom");
  const log = pino({ level: "silent" });
  const transport = new ChannelSet({ transports: [chat], db, clock, log, robots: new RobotSender(clock) });
  const app = new App({ config, db, clock, log, transport, features: [adminFeature, echo], random: () => 0 });
  await app.start({ realtime: false });
  cleanup.push(async () => {
    await robots.close();
    await db.$disconnect();
  });
  const say = async (text: string, opts: Parameters<typeof textMessage>[1]) => {
    await chat.deliver(textMessage(text, { mentionIds: opts?.roomId ? ["bot"] : [], ...opts }));
    await app.settle();
  };
  return { app, db, clock, robots, chat, say };
}

/** A ledger row, so the robot can @ its reporter by mobile. */
async function reported(db: Awaited<ReturnType<typeof setup>>["db"], reporterId: string, contactPhone: string) {
  await db.organisation.create({
    data: { normName: `org-${reporterId}`, orgName: "测试单位", township: "太平镇", orgType: "企业", headcount: 30, hasUnion: false, hasPartyOrg: false, contactName: "李四", contactPhone, priority: "target", guidance: "[]", reportedAt: new Date(), reportedBy: "李四", reporterId },
  });
}

describe("robot webhook addresses", () => {
  it("recognises the three platforms by path, and explains anything else in Chinese", () => {
    expect(parseRobotUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")).toMatchObject({ kind: "wecom" });
    expect(parseRobotUrl("https://oapi.dingtalk.com/robot/send?access_token=abc")).toMatchObject({ kind: "dingtalk" });
    expect(parseRobotUrl("https://open.feishu.cn/open-apis/bot/v2/hook/0a1b-2c")).toMatchObject({ kind: "feishu" });
    expect(parseRobotUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send")).toMatchObject({ error: expect.stringContaining("无法识别") });
    expect(parseRobotUrl("不是网址")).toMatchObject({ error: expect.stringContaining("不是有效的网址") });
  });

  it("signs as DingTalk and Feishu document", () => {
    expect(dingtalkSign(1_700_000_000_000, "SECx")).toBe(crypto.createHmac("sha256", "SECx").update("1700000000000\nSECx").digest("base64"));
    expect(feishuSign(1_700_000_000, "k")).toBe(crypto.createHmac("sha256", "1700000000\nk").update("").digest("base64"));
  });
});

describe("send-only group robots", () => {
  it("绑定推送 in a room: the reply comes on the chat channel, the test message and later pushes through the robot", async () => {
    const { app, robots, chat, say } = await setup();
    await say(`@工会助手 绑定推送 ${robots.urls.wecom}`, { roomId: "r1", senderId: "admin1" });
    expect(chat.sent.map((m) => m.text)).toEqual([expect.stringContaining("已绑定企业微信群机器人")]);
    expect(robots.posts.map((p) => p.body)).toEqual([{ msgtype: "markdown", markdown: { content: expect.stringContaining("【推送测试】") } }]);
    await app.services.send({ roomId: "r1", toId: null, text: "【提醒】明天上午9点开会" });
    await app.settle();
    expect(robots.posts).toHaveLength(2);
    await say("@工会助手 工联会是什么", { roomId: "r1", senderId: "li" });
    expect(chat.sent.at(-1)?.text).toBe("答：工联会是什么");
    expect(robots.posts).toHaveLength(2);
    await say("@工会助手 绑定推送 取消", { roomId: "r1", senderId: "admin1" });
    await app.services.send({ roomId: "r1", toId: null, text: "【提醒】后天开会" });
    await app.settle();
    expect(chat.sent.slice(-2).map((m) => m.text)).toEqual([expect.stringContaining("已取消本群的推送机器人"), "【提醒】后天开会"]);
    expect(robots.posts).toHaveLength(2);
  });

  it("refuses 绑定推送 from non-admins and bad addresses with a Chinese explanation", async () => {
    const { robots, chat, say } = await setup();
    await say(`@工会助手 绑定推送 ${robots.urls.wecom}`, { roomId: "r1", senderId: "li" });
    await say("@工会助手 绑定推送 https://example.com/hook", { roomId: "r1", senderId: "admin1" });
    expect(chat.sent.map((m) => m.text)).toEqual([expect.stringContaining("管理员"), expect.stringContaining("无法识别的推送地址")]);
    expect(robots.posts).toHaveLength(0);
  });

  it("DingTalk: signed with the secret, people @ by the mobile the ledger knows (never written in the text); a wrong secret is reported", async () => {
    const { app, db, robots } = await setup();
    await reported(db, "li", "13800001111");
    await app.services.rooms.setPushRobot("r1", robots.urls.dingtalk, robots.secrets.dingtalkSecret);
    await app.services.send({ roomId: "r1", toId: null, text: "请尽快填报", mentions: ["li", "wang"] });
    await app.settle();
    expect(robots.posts.map((p) => p.body)).toEqual([{ msgtype: "text", text: { content: "请尽快填报" }, at: { atMobiles: ["13800001111"], isAtAll: false } }]);
    await app.services.rooms.setPushRobot("r2", robots.urls.dingtalk, "SECwrong");
    await app.services.send({ roomId: "r2", toId: null, text: "x" });
    await app.outbox.flush();
    const row = await db.outboxMessage.findFirstOrThrow({ where: { roomId: "r2" } });
    expect(row.lastError).toContain("310000");
    expect(robots.posts).toHaveLength(1);
  });

  it("Feishu: signed body with timestamp and sign", async () => {
    const { app, robots } = await setup();
    await app.services.rooms.setPushRobot("r1", robots.urls.feishu, robots.secrets.feishuSecret);
    await app.services.send({ roomId: "r1", toId: null, text: "【截止提醒】9月30日前完成摸底" });
    await app.settle();
    expect(robots.posts.map((p) => p.body)).toEqual([{ timestamp: expect.any(String), sign: expect.any(String), msg_type: "text", content: { text: "【截止提醒】9月30日前完成摸底" } }]);
  });

  it("WeCom robot: @ by mobile in a text message; a chart as an image with its md5", async () => {
    const { app, db, robots } = await setup();
    await reported(db, "li", "13900002222");
    await app.services.rooms.setPushRobot("r1", robots.urls.wecom, null);
    await app.services.send({ roomId: "r1", toId: null, text: "请确认", mentions: ["li"] });
    const png = `${tempDbFile()}.png`;
    fs.writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    await app.services.send({ roomId: "r1", toId: null, text: "", file: { path: png, name: "进度.png" } });
    await app.settle();
    const bytes = fs.readFileSync(png);
    expect(robots.posts.map((p) => p.body)).toEqual([
      { msgtype: "text", text: { content: "请确认", mentioned_mobile_list: ["13900002222"] } },
      { msgtype: "image", image: { base64: bytes.toString("base64"), md5: crypto.createHash("md5").update(bytes).digest("hex") } },
    ]);
  });

  it("never sends a robot more than 20 messages a minute: the rest wait, none is lost or counted as a failure", async () => {
    const { app, db, clock, robots } = await setup();
    const t0 = clock.now().getTime();
    await app.services.rooms.setPushRobot("r1", robots.urls.wecom, null);
    await app.services.send(Array.from({ length: 25 }, (_, i) => ({ roomId: "r1", toId: null, text: `第${i + 1}条` })));
    await app.settle();
    expect(robots.posts.map((p) => (p.body.markdown as { content: string }).content)).toEqual(Array.from({ length: 25 }, (_, i) => `第${i + 1}条`));
    expect(robots.overLimit).toBe(0);
    expect(robots.posts.filter((p) => p.at - t0 < 60_000)).toHaveLength(20);
    expect(await db.outboxMessage.count({ where: { status: "sent", attempts: 1 } })).toBe(25);
  });

  it("backs off when the platform answers with its frequency error, then sends without using up a retry", async () => {
    const { app, db, clock, robots } = await setup();
    const t0 = clock.now().getTime();
    await app.services.rooms.setPushRobot("r1", robots.urls.dingtalk, robots.secrets.dingtalkSecret);
    robots.throttleNext.dingtalk = 1;
    await app.services.send({ roomId: "r1", toId: null, text: "周报" });
    await app.settle();
    expect(robots.posts).toHaveLength(1);
    expect(robots.posts[0].at - t0).toBeGreaterThanOrEqual(10 * 60_000);
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("messages held back for a robot do not use up the global per-minute cap of other conversations", async () => {
    const { app, robots, chat } = await setup({ OUTBOX_PER_MINUTE: "20" });
    await app.services.rooms.setPushRobot("r1", robots.urls.dingtalk, robots.secrets.dingtalkSecret);
    robots.throttleNext.dingtalk = 1;
    await app.services.send(Array.from({ length: 25 }, (_, i) => ({ roomId: "r1", toId: null, text: `通知${i + 1}` })));
    for (let i = 0; i < 30; i++) await app.outbox.flush();
    await app.services.send({ roomId: "r2", toId: null, text: "【提醒】r2 开会" });
    await app.outbox.flush();
    expect(chat.sent.map((m) => m.text)).toEqual(["【提醒】r2 开会"]);
    expect(robots.posts).toHaveLength(0);
  });
});
