import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { isoShanghai } from "../../src/clock.ts";
import { ledgerStats } from "../../src/survey/stats.ts";
import { buildDigest, gatherDigest, overdueItems, renderDigest } from "../../src/reminders/digest.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { syncCalendar } from "../../src/reminders/calendar.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";
import { addOrg, bindRoom, outbox, runUntil } from "./helpers.ts";

const open: TestServices[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function setup(start: string, env: Record<string, string> = {}): Promise<TestServices> {
  const t = await makeServices({ start: new Date(start), env: { TOWNSHIPS: "太平镇,马市镇,澄江镇", ...env } });
  open.push(t);
  return t;
}

async function seed(t: TestServices) {
  const lastWeek = new Date("2026-11-18T10:00:00+08:00");
  const thisWeek = new Date("2026-11-24T10:00:00+08:00");
  await addOrg(t.db, "太平镇", 150, false, lastWeek);
  await addOrg(t.db, "太平镇", 30, false, thisWeek);
  await addOrg(t.db, "太平镇", 80, true, thisWeek);
  await addOrg(t.db, "马市镇", 12, false, lastWeek);
  await addOrg(t.db, "马市镇", 45, true, lastWeek);
  await bindRoom(t.db, "taiping", "太平镇工会工作群", "太平镇");
  await bindRoom(t.db, "mashi", "马市镇工会群", "马市镇");
  await t.db.member.create({ data: { id: "chen", name: "陈书记", role: "leader" } });
  await t.db.member.create({ data: { id: "he", name: "何县长", role: "leader" } });
  await t.db.member.create({ data: { id: "wang", name: "王主任", role: "admin" } });
}

describe("digest", () => {
  it("shows per-township progress exactly as the ledger has it", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await seed(t);
    const now = t.clock.now();
    await syncCalendar(t.services, now);
    const data = await gatherDigest(t.services, now);
    expect(data.stats).toEqual(await ledgerStats(t.db, { townships: ["太平镇", "马市镇", "澄江镇"], now }));
    const text = renderDigest(data);
    expect(text).toContain("太平镇：3／1／2／1（本周新增2）");
    expect(text).toContain("马市镇：2／1／0／0");
    expect(text).toContain("澄江镇：0／0／0／0");
    expect(text).toContain("合计：5／2／2／1（本周新增2）");
    // 9月30日 passed 56 days ago; 澄江镇 has reported nothing.
    expect(text).toContain("摸底排查截止（9月30日，三（二）1）已过期，尚无单位填报：澄江镇");
  });

  it("names a coming deadline once: “9月30日 摸底排查截止（三（二）1）”", async () => {
    const t = await setup("2026-09-20T10:00:00+08:00");
    await seed(t);
    await syncCalendar(t.services, t.clock.now());
    const text = renderDigest(await gatherDigest(t.services, t.clock.now()));
    expect(text).toContain("\n· 9月30日 摸底排查截止（三（二）1）\n");
    expect(text).not.toMatch(/）截止$/m);
  });

  it("lists the next 14 days and the rooms that have not replied 收到", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await seed(t);
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await runUntil(feature, t.clock, new Date("2026-12-01T10:00:00+08:00"));
    // The 12-01 应建尽建 post went to both rooms; only 太平镇 acknowledges, by plain 收到.
    const ctx = makeContext(t.services, { text: "收到", roomId: "taiping", senderId: "zhou" }, { mentioned: false });
    expect(await feature.passive!(ctx)).toBe(true);
    const data = await gatherDigest(t.services, t.clock.now());
    expect(data.unacked.map((u) => u.roomId)).toEqual(["mashi"]);
    const text = renderDigest(data);
    expect(text).toContain("四、未回复“收到”的群\n· 马市镇工会群（马市镇）：12月1日 09:00 【政策日历】应建尽建年底期限提醒");
    expect(text).toContain("12月15日（周二）09:00 四季歌·冬送温暖（各乡镇群）");
    expect(data.upcoming.every((u) => u.at.getTime() <= t.clock.now().getTime() + 14 * 86_400_000)).toBe(true);
  });

  it("goes to every leader on Monday 08:30 with a PNG chart", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await seed(t);
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await runUntil(feature, t.clock, new Date("2026-12-08T00:00:00+08:00"));
    const digests = (await outbox(t.db)).filter((m) => m.text.startsWith("【工会工作简报】"));
    expect(digests.map((m) => [isoShanghai(m.at), m.toId])).toEqual([
      ["2026-11-30T08:30:00+08:00", "chen"],
      ["2026-11-30T08:30:00+08:00", "he"],
      ["2026-12-07T08:30:00+08:00", "chen"],
      ["2026-12-07T08:30:00+08:00", "he"],
    ]);
    const charts = (await outbox(t.db)).filter((m) => m.fileName);
    expect(charts.map((m) => [isoShanghai(m.at), m.toId, m.text, m.fileName])).toEqual([
      ["2026-11-30T08:30:00+08:00", "chen", "附：各乡镇进度图", "乡镇进度-2026-11-30.png"],
      ["2026-11-30T08:30:00+08:00", "he", "附：各乡镇进度图", "乡镇进度-2026-11-30.png"],
      ["2026-12-07T08:30:00+08:00", "chen", "附：各乡镇进度图", "乡镇进度-2026-12-07.png"],
      ["2026-12-07T08:30:00+08:00", "he", "附：各乡镇进度图", "乡镇进度-2026-12-07.png"],
    ]);
    const png = fs.readFileSync(charts[0].filePath!);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(5000);
  });

  it("sends no chart where the transport cannot send files", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    t.services.capabilities = { ...t.services.capabilities, canSendFiles: false };
    const d = await buildDigest(t.services, t.clock.now());
    expect(d.file).toBeUndefined();
  });

  it("lists 应建尽建 as overdue after 31 December while targets remain", () => {
    const stats = [
      { township: "太平镇", reported: 3, targetsLeft: 2, focusLeft: 1, established: 1, reportedThisWeek: 0 },
      { township: "马市镇", reported: 2, targetsLeft: 0, focusLeft: 0, established: 1, reportedThisWeek: 0 },
    ];
    const items = overdueItems([{ title: "应建尽建年底期限", clause: "二", deadline: "12-31", progress: "targets" }], stats, new Date("2027-01-04T09:00:00+08:00"));
    expect(items).toEqual([expect.objectContaining({ townships: ["太平镇（2家）"] })]);
    expect(overdueItems([{ title: "x", clause: "二", deadline: "12-31", progress: "targets" }], stats, new Date("2026-12-31T18:00:00+08:00"))).toEqual([]);
  });
});
