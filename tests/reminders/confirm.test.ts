import { afterEach, describe, expect, it } from "vitest";
import { getDialog, saveDialog } from "../../src/chat/dialogs.ts";
import type { Role } from "../../src/chat/types.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";
import { outbox } from "./helpers.ts";

const open: TestServices[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function setup(start = "2026-11-25T10:00:00+08:00"): Promise<TestServices> {
  const t = await makeServices({ start: new Date(start) });
  open.push(t);
  return t;
}

/**
 * Sends one message the way the router does: to the sender's active dialog first, then to a
 * command. Returns the texts queued and whether anything took the message.
 */
async function send(t: TestServices, text: string, opts: { room?: string; from?: string; role?: Role; mentioned?: boolean } = {}): Promise<{ replies: string[]; taken: boolean }> {
  const feature = remindersFeature(t.services);
  const before = (await outbox(t.db)).length;
  const from = opts.from ?? "u1";
  const key = `${opts.room ?? "private"}:${from}`;
  const dialog = await getDialog(t.db, key);
  const ctx = makeContext(t.services, { text, roomId: opts.room ?? null, senderId: from }, { role: opts.role ?? "cadre", dialog: dialog?.status === "active" ? dialog : null, mentioned: opts.mentioned ?? true });
  let taken = false;
  if (ctx.dialog) taken = await feature.dialogs!.find((d) => d.kind === ctx.dialog!.kind)!.handle(ctx, ctx.dialog);
  if (!taken) {
    const [word, ...rest] = text.split(" ");
    const cmd = feature.commands!.find((c) => c.name === word);
    if (cmd) {
      await cmd.run(ctx, rest.join(" "));
      taken = true;
    }
  }
  return { replies: (await outbox(t.db)).slice(before).map((m) => m.text), taken };
}

describe("unsure times are asked back", () => {
  it("是 saves the proposed time; nothing is saved before", async () => {
    const t = await setup();
    const { replies } = await send(t, "提醒 明天3点 开会");
    expect(replies).toEqual(["是指11月26日（周四）15:00吗？（03:00 还是 15:00？）回复 是 确认，或发来正确的时间（提醒内容：开会）"]);
    expect(await t.db.reminder.count()).toBe(0);
    const yes = await send(t, "是");
    expect(yes.replies[0]).toMatch(/^已设置：11月26日（周四）15:00 私聊提醒：开会。（编号 \d+/);
    const row = await t.db.reminder.findFirstOrThrow();
    expect(row.nextAt?.toISOString()).toBe(new Date("2026-11-26T15:00:00+08:00").toISOString());
    expect(await getDialog(t.db, "private:u1")).toBeNull();
  });

  it("a new time replaces the proposal; 取消 drops it", async () => {
    const t = await setup();
    await send(t, "提醒 9点 交材料");
    const retimed = await send(t, "明天上午10点");
    expect(retimed.replies[0]).toMatch(/^已设置：11月26日（周四）10:00 私聊提醒：交材料/);
    await send(t, "提醒 8点 打卡");
    expect((await send(t, "取消")).replies).toEqual(["好的，这条提醒（打卡）没有设置。需要时请重新发送：提醒 <时间> <内容>"]);
    expect(await t.db.reminder.count()).toBe(1);
  });

  it("another command ends the question and runs; room chatter not for the bot is dropped silently", async () => {
    const t = await setup();
    await send(t, "提醒 9点 开会", { room: "r1" });
    const chatter = await send(t, "大家好", { room: "r1", mentioned: false });
    expect(chatter).toEqual({ replies: [], taken: true });
    expect(await getDialog(t.db, "r1:u1")).toBeNull();
    await send(t, "提醒 9点 开会", { room: "r1" });
    const other = await send(t, "提醒列表", { room: "r1" });
    expect(other.replies[0]).toMatch(/^本群的提醒：/);
    expect(await t.db.reminder.count()).toBe(0);
  });

  it("never replaces an open survey dialog: asks for a clear time instead", async () => {
    const t = await setup();
    await saveDialog(t.db, { key: "private:u1", kind: "survey", roomId: null, userId: "u1", state: { step: 3 }, status: "paused" }, t.clock.now());
    const { replies } = await send(t, "提醒 明天3点 开会");
    expect(replies).toEqual(["是指11月26日（周四）15:00吗？（03:00 还是 15:00？）请用明确的时间重新发送，例如“提醒 明天下午3点 开会”。"]);
    expect((await getDialog(t.db, "private:u1"))?.kind).toBe("survey");
  });

  it("每月31号 asks whether 月底 is meant and then fires on the last day of every month", async () => {
    const t = await setup();
    expect((await send(t, "提醒 每月31号 17:00 报送月报")).replies[0]).toMatch(/^有的月份没有31号。是指每月最后一天（月底）17:00吗？/);
    const saved = await send(t, "是");
    expect(saved.replies[0]).toMatch(/^已设置：每月最后一天 17:00 私聊提醒：报送月报，下次 11月30日（周一）17:00。/);
    const row = await t.db.reminder.findFirstOrThrow();
    expect(JSON.parse(row.spec).schedule).toMatchObject({ kind: "cron", cron: "0 17 L * *" });
  });

  it("a pending question expires after 30 minutes", async () => {
    const t = await setup();
    await send(t, "提醒 9点 开会");
    t.clock.advance(31 * 60_000);
    const late = await send(t, "是");
    expect(late.taken).toBe(false);
    expect(await t.db.reminder.count()).toBe(0);
    expect(await getDialog(t.db, "private:u1")).toBeNull();
  });
});

describe("clear answers", () => {
  it("提醒 昨天下午 开会 is refused as past, not echoed as 09:00", async () => {
    const t = await setup();
    const { replies } = await send(t, "提醒 昨天下午 开会");
    expect(replies[0]).toMatch(/^“昨天下午”（11月24日（周二）15:00）已经过去了，请换一个将来的时间/);
    expect(replies[0]).not.toMatch(/09:00（/);
    expect(await t.db.reminder.count()).toBe(0);
  });

  it.each(["提醒 明天 25点 开会", "提醒 明天 24:00 开会", "提醒 每天 25点 开会", "提醒 每天 23:60 开会"])("%s is refused with an example", async (text) => {
    const t = await setup();
    const { replies } = await send(t, text);
    expect(replies[0]).toMatch(/^没有“(25点|24点|23:60)”这个时间，钟点应在 0 到 23 点之间、分钟在 0 到 59 之间，例如“明天下午3点”/);
    expect(await t.db.reminder.count()).toBe(0);
  });

  it("shows the year when the date is not this year", async () => {
    const t = await setup();
    expect((await send(t, "提醒 春节前一周 走访慰问困难职工")).replies[0]).toMatch(/^已设置：2027年1月30日（周六）09:00 私聊提醒：走访慰问困难职工。/);
  });
});

describe("meetings on rest days", () => {
  it("a meeting on a weekend is pointed out; other reminders are not", async () => {
    const t = await setup();
    expect((await send(t, "提醒 11月28日下午3点 开会")).replies[0]).toMatch(/（注意：11月28日是周六，不是工作日）/);
    expect((await send(t, "提醒 11月28日下午3点 走访企业")).replies[0]).not.toMatch(/注意/);
    expect((await send(t, "提醒 11月27日下午3点 召开例会")).replies[0]).not.toMatch(/注意/);
  });

  it("a meeting on a public holiday is pointed out, a make-up working day is not", async () => {
    const t = await setup("2026-09-20T10:00:00+08:00");
    expect((await send(t, "提醒 10月2日下午3点 开会")).replies[0]).toMatch(/（注意：10月2日是国庆节假期，不是工作日）/);
    expect((await send(t, "提醒 10月10日下午3点 开会")).replies[0]).not.toMatch(/注意/);
  });
});
