import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { adminFeature } from "../../src/admin/feature.ts";
import type { Feature } from "../../src/chat/types.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { tempDbFile } from "../helpers/context.ts";

/** A trivial feature that answers any free text, to make routing visible. */
const echo = (): Feature => ({
  name: "echo",
  fallback: async (ctx) => {
    await ctx.reply(`答：${ctx.text}`);
    return true;
  },
});

let dbs: Db[] = [];
afterEach(async () => {
  await Promise.all(dbs.map((d) => d.$disconnect()));
  dbs = [];
});

async function setup(env: Record<string, string> = {}) {
  const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "1000", ...env }, null);
  const db = await openDb(tempDbFile());
  dbs.push(db);
  const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
  const transport = new MemoryTransport();
  const app = new App({ config, db, clock, log: pino({ level: "silent" }), transport, features: [adminFeature, echo] });
  await app.start({ realtime: false });
  const say = async (...args: Parameters<typeof textMessage>) => {
    const before = transport.sent.length;
    await transport.deliver(textMessage(...args));
    await app.settle();
    return transport.sent.slice(before);
  };
  return { app, db, clock, transport, say };
}

describe("router", () => {
  it("ignores room messages without a mention", async () => {
    const { say } = await setup();
    expect(await say("工联会主席由谁兼任？", { roomId: "r1" })).toEqual([]);
  });

  it("handles a room message mentioned through the puppet's list, @mentioning the asker", async () => {
    const { say } = await setup();
    const out = await say("工联会主席由谁兼任？", { roomId: "r1", mentionIds: ["bot"] });
    expect(out).toEqual([{ roomId: "r1", toId: null, text: "答：工联会主席由谁兼任？", mentions: ["li"], replyTo: expect.stringMatching(/^msg-/) }]);
  });

  it("falls back on @name in the text when the puppet misses the mention", async () => {
    const { say } = await setup();
    const out = await say("@工会助手\u2005工联会主席由谁兼任？", { roomId: "r1" });
    expect(out.map((m) => m.text)).toEqual(["答：工联会主席由谁兼任？"]);
    expect(await say("@工会助手甲 你好", { roomId: "r1" })).toEqual([]);
  });

  it("answers every private message", async () => {
    const { say } = await setup();
    const out = await say("你好");
    expect(out).toEqual([{ roomId: null, toId: "li", text: "答：你好", mentions: [], replyTo: expect.stringMatching(/^msg-/) }]);
  });

  it("ignores its own messages", async () => {
    const { say } = await setup();
    expect(await say("答：你好", { self: true })).toEqual([]);
    expect(await say("答：你好", { senderId: "bot" })).toEqual([]);
  });

  it("handles the same message id once, even after a restart", async () => {
    const { transport, app, db, clock } = await setup();
    const msg = textMessage("你好");
    await transport.deliver(msg);
    await transport.deliver(msg);
    await app.settle();
    expect(transport.sent).toHaveLength(1);
    const again = new MemoryTransport();
    const app2 = new App({ config: app.deps.config, db, clock, log: pino({ level: "silent" }), transport: again, features: [echo] });
    await app2.start({ realtime: false });
    await again.deliver(msg);
    await app2.settle();
    expect(again.sent).toHaveLength(0);
  });

  it("handles one sender's messages in arrival order, other senders in parallel", async () => {
    const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0" }, null);
    const db = await openDb(tempDbFile());
    dbs.push(db);
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = (): Feature => ({
      name: "slow",
      fallback: async (ctx) => {
        if (ctx.text === "慢") await gate;
        await ctx.reply(`答：${ctx.text}`);
        return true;
      },
    });
    const app = new App({ config, db, clock, log: pino({ level: "silent" }), transport, features: [slow] });
    await app.start({ realtime: false });
    const first = transport.deliver(textMessage("慢"));
    const second = transport.deliver(textMessage("快"));
    const other = transport.deliver(textMessage("别人", { senderId: "zhao" }));
    await other;
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([first, second]);
    await app.settle();
    expect(transport.sent.map((m) => m.text)).toEqual(["答：别人", "答：慢", "答：快"]);
  });

  it("sends one polite notice when a user exceeds the rate limit, then stays quiet", async () => {
    const { say, clock } = await setup({ RATE_USER_PER_MINUTE: "3" });
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(...(await say(`问题${i}`)));
    expect(replies.map((r) => r.text)).toEqual(["答：问题0", "答：问题1", "答：问题2", "您发送得太快了，请稍等一分钟再发，我会继续为您服务。"]);
    clock.advance(61_000);
    expect((await say("问题7")).map((r) => r.text)).toEqual(["答：问题7"]);
  });

  it("lets one answer to each question of an active dialog through the rate limit, and limits the rest", async () => {
    const { say, app } = await setup({ RATE_USER_PER_MINUTE: "2" });
    const { saveDialog } = await import("../../src/chat/dialogs.ts");
    const ask = (question: number) => saveDialog(app.services.db, { key: "private:li", kind: "none", roomId: null, userId: "li", state: { question }, status: "active" }, new Date());
    // The dialog moves to a new question after every answer: every answer gets through.
    const replies = [];
    for (let i = 0; i < 5; i++) {
      await ask(i);
      replies.push(...(await say(`回答${i}`)));
    }
    expect(replies.map((r) => r.text)).toEqual(["答：回答0", "答：回答1", "答：回答2", "答：回答3", "答：回答4"]);
    // More messages to the question already answered: the ordinary limit (2 a minute), one notice, then silence.
    const again = [];
    for (let i = 0; i < 6; i++) again.push(...(await say(`再答${i}`)));
    expect(again.map((r) => r.text)).toEqual(["答：再答0", "答：再答1", "您发送得太快了，请稍等一分钟再发，我会继续为您服务。"]);
  });

  it("rate-limits a busy room with one notice", async () => {
    const { say } = await setup({ RATE_ROOM_PER_MINUTE: "2" });
    const texts = [];
    for (const who of ["a", "b", "c", "d"]) texts.push(...(await say("你好", { roomId: "r1", senderId: who, mentionIds: ["bot"] })).map((m) => m.text));
    expect(texts).toEqual(["答：你好", "答：你好", "本群消息太多了，我稍后再处理新的请求，请大家稍等一分钟。"]);
  });

  it("notes non-text messages in private chat and ignores them in rooms", async () => {
    const { say } = await setup();
    expect((await say("", { kind: "image" })).map((m) => m.text)).toEqual([expect.stringContaining("只能处理文字消息")]);
    expect(await say("", { kind: "voice", roomId: "r1", mentionIds: ["bot"] })).toEqual([]);
  });

  it("lists only the commands the sender may use in 帮助", async () => {
    const { say, app } = await setup();
    const contactHelp = (await say("帮助"))[0].text;
    expect(contactHelp).toContain("企业联系人");
    expect(contactHelp).not.toContain("授权 @某人");
    expect(contactHelp).not.toContain("角色列表");
    expect(contactHelp).not.toContain("认领管理员");
    await app.services.members.setRole("li", "leader", "test");
    const leaderHelp = (await say("/help"))[0].text;
    expect(leaderHelp).toContain("领导");
    expect(leaderHelp).toContain("角色列表");
    expect(leaderHelp).not.toContain("授权 @某人");
  });

  it("refuses admin commands politely, saying who can, and lets admins run them", async () => {
    const { say, app } = await setup({ ADMIN_IDS: "wang" });
    const refused = await say("绑定 太平镇", { roomId: "r1", mentionIds: ["bot"] });
    expect(refused[0].text).toBe("抱歉，「绑定」仅限管理员使用。如需开通，请联系县总工会管理员。");
    const ok = await say("绑定 顿岗", { roomId: "r1", senderId: "wang", senderName: "王主任", mentionIds: ["bot"] });
    expect(ok[0].text).toContain("已将本群绑定到「顿岗镇」");
    expect((await app.services.rooms.bound()).map((r) => r.township)).toEqual(["顿岗镇"]);
    const help = (await say("帮助", { senderId: "wang", senderName: "王主任" }))[0].text;
    expect(help).toContain("授权 @某人 乡镇干部");
  });

  it("grants roles by mention and by name, and lists them", async () => {
    const { say } = await setup({ ADMIN_IDS: "wang" });
    await say("你好", { senderId: "zhao", senderName: "赵干部" });
    const byMention = await say("授权 @李经理 领导", { roomId: "r1", senderId: "wang", senderName: "王主任", mentionIds: ["bot", "li"] });
    expect(byMention[0].text).toBe("已将 李经理 设为领导。");
    const byName = await say("授权 赵干部 乡镇干部", { senderId: "wang", senderName: "王主任" });
    expect(byName[0].text).toBe("已将 赵干部 设为乡镇干部。");
    const unknown = await say("授权 钱某 领导", { senderId: "wang", senderName: "王主任" });
    expect(unknown[0].text).toContain("还不认识“钱某”");
    const badRole = await say("授权 @李经理 老板", { roomId: "r1", senderId: "wang", senderName: "王主任", mentionIds: ["bot", "li"] });
    expect(badRole[0].text).toContain("角色可以是");
    const list = (await say("角色列表", { senderId: "li" }))[0].text;
    expect(list).toContain("李经理：领导");
    expect(list).toContain("赵干部：乡镇干部");
    expect(list).toContain("王主任：管理员");
  });

  it("lets the first admin claim with the one-time code, once", async () => {
    const { say, db } = await setup();
    const code = (await db.setting.findUnique({ where: { key: "admin.claimCode" } }))!.value;
    expect((await say(`认领管理员 ${code}`, { roomId: "r1", mentionIds: ["bot"] }))[0].text).toContain("私聊");
    expect((await say("认领管理员 000000"))[0].text).toContain("不正确");
    expect((await say(`认领管理员 ${code}`))[0].text).toContain("认领成功");
    expect((await say(`认领管理员 ${code}`, { senderId: "zhao" }))[0].text).toContain("已失效");
    expect((await db.member.findUnique({ where: { id: "li" } }))!.role).toBe("admin");
  });
});
