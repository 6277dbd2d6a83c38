import { afterEach, describe, expect, it } from "vitest";
import { isoShanghai } from "../../src/clock.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { makeContext, makeServices, tempDbFile, type TestServices } from "../helpers/context.ts";
import { outbox, runUntil } from "./helpers.ts";

const open: TestServices[] = [];
async function setup(start: string, env: Record<string, string> = {}, dbFile?: string): Promise<TestServices> {
  const t = await makeServices({ start: new Date(start), env, dbFile });
  open.push(t);
  return t;
}
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function say(t: TestServices, text: string, opts: { room?: string; from?: string; role?: "admin" | "cadre" | "contact" | "leader" } = {}) {
  const feature = remindersFeature(t.services);
  const [word, ...rest] = text.split(" ");
  const cmd = feature.commands!.find((c) => c.name === word || c.aliases?.includes(word))!;
  const ctx = makeContext(t.services, { text, roomId: opts.room ?? null, senderId: opts.from ?? "wang" }, { role: opts.role ?? "admin" });
  await cmd.run(ctx, rest.join(" "));
}

describe("scheduler", () => {
  it("fires a weekly reminder exactly on each Monday 09:00 over several weeks", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await say(t, "提醒 每周一 报送周报", { room: "taiping" });
    const reply = (await outbox(t.db)).pop()!;
    expect(reply.text).toContain("已设置：每周一 09:00 在本群提醒：报送周报，下次 11月30日（周一）09:00");
    const feature = remindersFeature(t.services);
    await runUntil(feature, t.clock, new Date("2026-12-29T12:00:00+08:00"));
    const fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired.map((m) => isoShanghai(m.at))).toEqual([
      "2026-11-30T09:00:00+08:00",
      "2026-12-07T09:00:00+08:00",
      "2026-12-14T09:00:00+08:00",
      "2026-12-21T09:00:00+08:00",
      "2026-12-28T09:00:00+08:00",
    ]);
    expect(fired.every((m) => m.roomId === "taiping" && m.text.startsWith("⏰ 提醒：报送周报"))).toBe(true);
    expect(fired[0].text).toContain("收到请回复“收到”（不用 @我，会自动记录，不另回复）");
  });

  it("sends a one-off reminder with its heads-up, in private chat", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await say(t, "提醒 明天下午3点 交台账 提前2小时", { from: "li", role: "contact" });
    expect((await outbox(t.db)).pop()!.text).toContain("已设置：11月26日（周四）15:00 私聊提醒：交台账，并提前2小时预告");
    const feature = remindersFeature(t.services);
    await runUntil(feature, t.clock, new Date("2026-11-30T00:00:00+08:00"));
    const fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired.map((m) => [isoShanghai(m.at), m.toId, m.text.split("\n")[0]])).toEqual([
      ["2026-11-26T13:00:00+08:00", "li", "⏰ 预告：11月26日（周四）15:00（提前2小时提醒）"],
      ["2026-11-26T15:00:00+08:00", "li", "⏰ 提醒：交台账"],
    ]);
    const row = await t.db.reminder.findFirst();
    expect(row?.active).toBe(false);
    expect(await feature.nextDue!(t.clock.now())).toBeNull();
  });

  it("after an outage within the grace window sends once, marked 【补发】, and continues", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await say(t, "提醒 每天 09:00 晨报", { room: "taiping" });
    // Down from 08:00 to 14:00 on the 26th: the 09:00 occurrence is 5 h late (< 12 h).
    t.clock.set(new Date("2026-11-26T14:00:00+08:00"));
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await feature.start!(t.services);
    let fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired).toHaveLength(1);
    expect(fired[0].text).toMatch(/^【补发】原定 11月26日 09:00/);
    expect(isoShanghai(fired[0].at)).toBe("2026-11-26T14:00:00+08:00");
    await runUntil(feature, t.clock, new Date("2026-11-27T10:00:00+08:00"));
    fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired.map((m) => isoShanghai(m.at))).toEqual(["2026-11-26T14:00:00+08:00", "2026-11-27T09:00:00+08:00"]);
    expect(fired[1].text).not.toContain("补发");
  });

  it("skips and logs occurrences older than the grace window, then continues from the next one", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00", { REMINDER_GRACE_HOURS: "12" });
    await say(t, "提醒 每天 09:00 晨报", { room: "taiping" });
    await say(t, "提醒 明天上午10点 一次性", { room: "taiping" });
    // Down for three days: 26th, 27th and 28th 09:00 all missed; only the 28th is within 12 h of 28th 20:00.
    t.clock.set(new Date("2026-11-28T22:00:00+08:00"));
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    const fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired).toHaveLength(0);
    const occ = await t.db.reminderOccurrence.findMany({ orderBy: { dueAt: "asc" } });
    expect(occ.map((o) => [o.status, isoShanghai(o.dueAt)])).toEqual([
      ["skipped", "2026-11-26T09:00:00+08:00"],
      ["skipped", "2026-11-26T10:00:00+08:00"],
      ["skipped", "2026-11-27T09:00:00+08:00"],
      ["skipped", "2026-11-28T09:00:00+08:00"],
    ]);
    await runUntil(feature, t.clock, new Date("2026-11-29T10:00:00+08:00"));
    const after = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(after.map((m) => [isoShanghai(m.at), m.text.split("\n")[0]])).toEqual([["2026-11-29T09:00:00+08:00", "⏰ 提醒：晨报"]]);
  });

  it("of several missed occurrences within the grace window sends only the latest", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00", { REMINDER_GRACE_HOURS: "72" });
    await say(t, "提醒 每天 09:00 晨报", { room: "taiping" });
    t.clock.set(new Date("2026-11-28T10:00:00+08:00"));
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    const fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired).toHaveLength(1);
    expect(fired[0].text).toContain("原定 11月28日 09:00");
  });

  it("two schedulers on one database fire each occurrence once", async () => {
    const file = tempDbFile();
    const a = await setup("2026-11-25T10:00:00+08:00", {}, file);
    const b2 = await setup("2026-11-25T10:00:00+08:00", {}, file);
    for (let i = 0; i < 30; i++) await say(a, `提醒 每天 09:00 事项${i}`, { room: `room${i % 5}` });
    await say(a, "提醒 明天上午9点 一次性 提前1小时", { room: "room0" });
    const fa = remindersFeature(a.services);
    const fb = remindersFeature(b2.services);
    for (const at of ["2026-11-26T08:00:00+08:00", "2026-11-26T09:00:00+08:00", "2026-11-27T09:00:00+08:00", "2026-11-27T09:00:30+08:00"]) {
      a.clock.set(new Date(at));
      b2.clock.set(new Date(at));
      await Promise.all([fa.tick!(a.clock.now()), fb.tick!(b2.clock.now()), fa.tick!(a.clock.now())]);
    }
    const fired = (await outbox(a.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired).toHaveLength(30 * 2 + 2);
    expect(new Set(fired.map((m) => m.dedupeKey)).size).toBe(fired.length);
    expect(await a.db.reminderOccurrence.count({ where: { status: "sent" } })).toBe(62);
  });

  it("a crash between claim and queueing is repaired at start-up, without duplicates", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await say(t, "提醒 明天上午9点 开会", { room: "taiping" });
    const r = (await t.db.reminder.findFirst())!;
    // Simulate the crash: the occurrence was claimed, nothing queued.
    await t.db.reminderOccurrence.create({ data: { key: `r${r.id}@${r.nextAt!.toISOString()}`, reminderId: r.id, dueAt: r.nextAt!, claimedAt: r.nextAt!, status: "claimed" } });
    t.clock.set(new Date("2026-11-26T09:00:10+08:00"));
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await feature.start!(t.services);
    const fired = (await outbox(t.db)).filter((m) => m.dedupeKey?.startsWith("rem|"));
    expect(fired).toHaveLength(1);
    expect(fired[0].text.split("\n")[0]).toBe("⏰ 提醒：开会");
  });
});
