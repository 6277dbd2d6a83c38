import { afterEach, describe, expect, it } from "vitest";
import type { Role } from "../../src/chat/types.ts";
import { syncCalendar } from "../../src/reminders/calendar.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";
import { outbox } from "./helpers.ts";

const open: TestServices[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function setup(): Promise<TestServices> {
  const t = await makeServices({ start: new Date("2026-11-25T10:00:00+08:00") });
  open.push(t);
  return t;
}

/** Runs a command as the router would after matching it; returns the texts it queued. */
async function say(t: TestServices, text: string, opts: { room?: string; from?: string; role?: Role } = {}): Promise<string[]> {
  const feature = remindersFeature(t.services);
  const before = (await outbox(t.db)).length;
  const [word, ...rest] = text.split(" ");
  const cmd = feature.commands!.find((c) => c.name === word || c.aliases?.includes(word));
  if (!cmd) throw new Error(`no command ${word}`);
  const ctx = makeContext(t.services, { text, roomId: opts.room ?? null, senderId: opts.from ?? "u1" }, { role: opts.role ?? "contact" });
  await cmd.run(ctx, rest.join(" "));
  return (await outbox(t.db)).slice(before).map((m) => m.text);
}

describe("permissions", () => {
  it("in a room only admins and cadres set reminders; anyone may in private chat", async () => {
    const t = await setup();
    for (const role of ["contact", "leader"] as const) {
      const [reply] = await say(t, "提醒 明天下午3点 开会", { room: "taiping", role });
      expect(reply).toBe("抱歉，只有管理员和乡镇干部可以在群里设置提醒。您可以私聊我，给自己设置提醒。");
    }
    expect(await t.db.reminder.count()).toBe(0);
    for (const role of ["admin", "cadre"] as const) expect((await say(t, "提醒 明天下午3点 开会", { room: "taiping", role }))[0]).toMatch(/^已设置：/);
    expect((await say(t, "提醒 明天下午3点 开会", { role: "contact" }))[0]).toMatch(/^已设置：11月26日（周四）15:00 私聊提醒：开会/);
  });

  it("简报 is for leaders and admins", async () => {
    const t = await setup();
    const feature = remindersFeature(t.services);
    expect(feature.commands!.find((c) => c.name === "简报")!.roles).toEqual(["leader", "admin"]);
    expect(await say(t, "简报", { role: "cadre" })).toEqual(["抱歉，简报仅限领导和管理员查看。如需开通，请联系县总工会管理员。"]);
    const [digest] = await say(t, "简报", { role: "leader", from: "chen" });
    expect(digest).toMatch(/^【工会工作简报】/);
    const inRoom = await say(t, "简报", { role: "admin", room: "taiping", from: "wang" });
    expect(inRoom[0]).toBe("简报已私信发给您。");
    expect((await outbox(t.db)).at(-1)).toMatchObject({ roomId: null, toId: "wang" });
  });

  it("联席会议 is set by admins only; others may read it", async () => {
    const t = await setup();
    expect(await say(t, "联席会议 每月5号 15:00", { role: "cadre" })).toEqual(["抱歉，联席会议时间仅限管理员设置。如需调整，请联系县总工会管理员。"]);
    expect((await say(t, "联席会议", { role: "cadre" }))[0]).toMatch(/尚未设置/);
    expect((await say(t, "联席会议 每月5号 15:00", { role: "admin" }))[0]).toBe("已设置联席会议：每月5日 15:00，提前1天在各乡镇群和领导私聊预告，下次 12月5日（周六）15:00。（注意：12月5日是周六，不是工作日）");
    expect((await say(t, "联席会议", { role: "cadre" }))[0]).toMatch(/^联席会议：每月5日 15:00，提前1天预告，下次 12月5日（周六）15:00/);
    const row = await t.db.reminder.findUnique({ where: { calendarKey: "joint-meeting" } });
    expect(row?.nextAt?.toISOString()).toBe(new Date("2026-12-04T15:00:00+08:00").toISOString());
    expect((await say(t, "联席会议 取消", { role: "admin" }))[0]).toBe("已停止联席会议提醒。");
  });

  it("删除提醒: the creator, the room's admins and cadres, or an admin", async () => {
    const t = await setup();
    await say(t, "提醒 每周一 报送周报", { room: "taiping", role: "cadre", from: "zhou" });
    const id = (await t.db.reminder.findFirst())!.id;
    expect(await say(t, `删除提醒 ${id}`, { room: "taiping", role: "contact", from: "li" })).toEqual(["抱歉，只有提醒的设置人、本群的管理员或乡镇干部可以删除这条提醒。"]);
    expect(await say(t, `删除提醒 ${id}`, { room: "other", role: "cadre", from: "liu" })).toEqual(["抱歉，只有提醒的设置人、本群的管理员或乡镇干部可以删除这条提醒。"]);
    expect(await say(t, `删除提醒 ${id}`, { room: "taiping", role: "cadre", from: "zhou" })).toEqual([`已删除提醒 ${id}：报送周报`]);
    expect(await say(t, `删除提醒 ${id}`, { room: "taiping", role: "cadre", from: "zhou" })).toEqual([`没有找到编号 ${id} 的有效提醒，请用“提醒列表”查看编号。`]);
  });
});

describe("commands", () => {
  it("repeats back what it understood, lists and explains bad times", async () => {
    const t = await setup();
    expect(await say(t, "提醒 每周一 报送周报", { room: "taiping", role: "admin" })).toEqual([expect.stringMatching(/^已设置：每周一 09:00 在本群提醒：报送周报，下次 11月30日（周一）09:00。（编号 \d+/)]);
    const [bad] = await say(t, "提醒 下辈子 开会", { room: "taiping", role: "admin" });
    expect(bad).toMatch(/^没能看懂时间“下辈子”。可以这样写：\n提醒 明天下午3点 开会/);
    const [past] = await say(t, "提醒 今天上午8点 开会", { role: "admin" });
    expect(past).toMatch(/已经过去了/);
    const [list] = await say(t, "提醒列表", { room: "taiping" });
    expect(list).toMatch(/^本群的提醒：\n\d+\. 每周一 09:00：报送周报，下次 11月30日（周一）09:00/);
    const [empty] = await say(t, "提醒", { room: "taiping", role: "admin" });
    expect(empty).toMatch(/^请告诉我时间和内容/);
  });

  it("提醒列表 counts the policy-calendar entries 政策日历 shows (the leaders' weekly digest is not one)", async () => {
    const t = await setup();
    await syncCalendar(t.services, t.clock.now());
    const [calendar] = await say(t, "政策日历", { room: "taiping" });
    const shown = calendar.split("\n").filter((l) => l.startsWith("· ")).length;
    expect(shown).toBeGreaterThan(5);
    expect(await t.db.reminder.count({ where: { origin: "calendar", active: true } })).toBe(shown + 1);
    const [list] = await say(t, "提醒列表", { room: "taiping" });
    expect(list).toContain(`另有政策日历提醒 ${shown} 项`);
  });

  it("收到 is recorded quietly", async () => {
    const t = await setup();
    const feature = remindersFeature(t.services);
    const plain = makeContext(t.services, { text: "收到", roomId: "taiping", senderId: "li" }, { mentioned: false });
    expect(await feature.passive!(plain)).toBe(false); // no reminder in the room yet: not ours
    await t.services.send({ roomId: "taiping", toId: null, text: "⏰ 提醒：开会", dedupeKey: "rem|r1@2026-11-25T02:00:00.000Z|room:taiping" });
    const before = (await outbox(t.db)).length;
    for (const text of ["收到", "收到！", "好的，收到", "已收到"]) expect(await feature.passive!(makeContext(t.services, { text, roomId: "taiping", senderId: "li" }, { mentioned: false }))).toBe(true);
    expect(await feature.passive!(makeContext(t.services, { text: "收到请回复吗？", roomId: "taiping", senderId: "li" }, { mentioned: false }))).toBe(false);
    expect((await outbox(t.db)).length).toBe(before);
    expect(await t.db.reminderAck.count()).toBe(1);
    expect(await say(t, "收到", { room: "taiping", from: "zhou" })).toEqual(["已记录。"]);
    expect(await t.db.reminderAck.count()).toBe(2);
  });
});
