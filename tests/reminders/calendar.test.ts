import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isoShanghai } from "../../src/clock.ts";
import { CALENDAR_FILE, calendarRows, loadCalendarFile, syncCalendar } from "../../src/reminders/calendar.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { makeServices, type TestServices } from "../helpers/context.ts";
import { addOrg, bindRoom, outbox, runUntil } from "./helpers.ts";

const open: TestServices[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function setup(start: string): Promise<TestServices> {
  const t = await makeServices({ start: new Date(start) });
  open.push(t);
  return t;
}

const opinions = fs.readFileSync(path.resolve(import.meta.dirname, "../../knowledge/implementation-opinions.txt"), "utf8");

describe("policy calendar data file", () => {
  const entries = loadCalendarFile();

  it("has every required entry, each citing its clause", () => {
    const keys = entries.map((e) => e.key);
    expect(keys).toEqual(expect.arrayContaining(["survey-round", "survey-deadline", "build-all", "joint-meeting", "season-spring", "season-summer", "season-autumn", "season-winter", "model-plan", "model-review"]));
    const clauses = Object.fromEntries(entries.map((e) => [e.key, e.clause]));
    expect(clauses).toMatchObject({ "survey-round": "三（二）1", "survey-deadline": "三（二）1", "build-all": "二", "joint-meeting": "四（一）", "season-winter": "三（三）3", "model-plan": "四（三）" });
  });

  it("quotes the opinions word for word", () => {
    const flat = opinions.replace(/\s+/g, "");
    for (const e of entries) expect(flat, e.key).toContain(e.quote.replace(/\s+/g, "").split("……").pop());
  });

  it("expands deadlines into reminders 14/7/1 and 30/14/7 days before at 09:00", () => {
    const { rows, errors } = calendarRows(entries, new Date("2026-11-25T10:00:00+08:00"), "30 8 * * 1");
    expect(errors).toEqual([]);
    const crons = Object.fromEntries(rows.map((r) => [r.calendarKey, r.spec.schedule.kind === "cron" ? r.spec.schedule.cron : ""]));
    expect(crons).toMatchObject({
      "survey-deadline@14d": "0 9 16 9 *",
      "survey-deadline@7d": "0 9 23 9 *",
      "survey-deadline@1d": "0 9 29 9 *",
      "build-all@30d": "0 9 1 12 *",
      "build-all@14d": "0 9 17 12 *",
      "build-all@7d": "0 9 24 12 *",
      "survey-round": "0 9 1 9 *",
      "season-spring": "0 9 20 2 *",
      "season-summer": "0 9 1 6 *",
      "season-autumn": "0 9 20 7 *",
      "season-winter": "0 9 15 12 *",
      "model-plan": "0 9 1 3 *",
      "digest-weekly": "30 8 * * 1",
    });
    expect(rows.find((r) => r.calendarKey === "joint-meeting")).toBeUndefined();
  });

  it("rejects a malformed file with a clear Chinese message", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cal-")), "c.json");
    fs.writeFileSync(file, JSON.stringify({ entries: [{ key: "x", title: "t", clause: "", text: "t", schedule: "每天" }] }));
    expect(() => loadCalendarFile(file)).toThrow(/政策日历文件.*有误.*clause/);
  });
});

describe("calendar in the scheduler", () => {
  it("loads once, keeps nextAt on reload, disables removed entries", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    const first = await syncCalendar(t.services, t.clock.now());
    expect(first.created).toBe(14);
    const again = await syncCalendar(t.services, t.clock.now());
    expect(again).toEqual({ created: 0, updated: 0, disabled: 0 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cal-")), "c.json");
    const data = JSON.parse(fs.readFileSync(CALENDAR_FILE, "utf8"));
    data.entries = data.entries.filter((e: { key: string }) => e.key !== "season-spring");
    fs.writeFileSync(file, JSON.stringify(data));
    const third = await syncCalendar(t.services, t.clock.now(), file);
    expect(third.disabled).toBe(1);
    expect((await t.db.reminder.findUnique({ where: { calendarKey: "season-spring" } }))?.active).toBe(false);
  });

  it("survey deadline posts go to every bound room 14, 7 and 1 days before, with that township's own numbers", async () => {
    const t = await setup("2027-09-01T10:00:00+08:00");
    await bindRoom(t.db, "taiping", "太平镇工会工作群", "太平镇");
    await bindRoom(t.db, "mashi", "马市镇工会群", "马市镇");
    await bindRoom(t.db, "chat", "闲聊群", null);
    const before = new Date("2027-09-10T10:00:00+08:00");
    await addOrg(t.db, "太平镇", 120, false, before); // focus
    await addOrg(t.db, "太平镇", 30, false, before); // target
    await addOrg(t.db, "太平镇", 60, true, before); // established
    await addOrg(t.db, "马市镇", 10, false, before); // coverage
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await runUntil(feature, t.clock, new Date("2027-09-30T12:00:00+08:00"));
    const posts = (await outbox(t.db)).filter((m) => m.text.includes("摸底排查截止"));
    expect(posts.map((m) => [isoShanghai(m.at), m.roomId])).toEqual([
      ["2027-09-16T09:00:00+08:00", "mashi"],
      ["2027-09-16T09:00:00+08:00", "taiping"],
      ["2027-09-23T09:00:00+08:00", "mashi"],
      ["2027-09-23T09:00:00+08:00", "taiping"],
      ["2027-09-29T09:00:00+08:00", "mashi"],
      ["2027-09-29T09:00:00+08:00", "taiping"],
    ]);
    const taiping = posts.find((m) => m.roomId === "taiping")!;
    expect(taiping.text).toContain("距摸底排查截止（9月30日）还有 14 天");
    expect(taiping.text).toContain("太平镇进度：已填报 3 家（本周新增 0 家），已建会 1 家，25人以上未建会 2 家（其中100人以上 1 家）");
    expect(taiping.text).toContain("依据：《实施意见》三（二）1");
    const mashi = posts.find((m) => m.roomId === "mashi")!;
    expect(mashi.text).toContain("马市镇进度：已填报 1 家（本周新增 0 家），已建会 0 家，25人以上未建会 0 家（其中100人以上 0 家）");
    expect(posts.at(-1)!.text).toContain("还有 1 天");
    const round = (await outbox(t.db)).filter((m) => m.text.includes("年度摸底排查启动"));
    expect(round).toHaveLength(0); // 9月1日 09:00 was before start-up at 10:00 on a fresh database
  });

  it("应建尽建 posts carry the township's remaining targets", async () => {
    const t = await setup("2026-11-25T10:00:00+08:00");
    await bindRoom(t.db, "taiping", "太平镇工会工作群", "太平镇");
    await addOrg(t.db, "太平镇", 120, false, new Date("2026-10-01T10:00:00+08:00"));
    await addOrg(t.db, "太平镇", 40, false, new Date("2026-10-01T10:00:00+08:00"));
    await addOrg(t.db, "太平镇", 26, true, new Date("2026-10-01T10:00:00+08:00"));
    const feature = remindersFeature(t.services);
    await feature.start!(t.services);
    await runUntil(feature, t.clock, new Date("2026-12-01T12:00:00+08:00"));
    const post = (await outbox(t.db)).find((m) => m.text.includes("应建尽建"))!;
    expect(isoShanghai(post.at)).toBe("2026-12-01T09:00:00+08:00");
    expect(post.text).toContain("距年底应建尽建期限（12月31日）还有 30 天");
    expect(post.text).toContain("太平镇还有 2 家25人以上未建会单位待组建，其中100人以上 1 家需集中攻坚；已建会 1 家。");
  });
});
