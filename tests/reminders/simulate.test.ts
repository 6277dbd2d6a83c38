import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSimulation } from "../../src/transports/simulate.ts";
import { tempDbFile } from "../helpers/context.ts";

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "scripts", name), "utf8")) as unknown;

describe("reminders through gonghui simulate (advance, at, downFor)", () => {
  it("weekly reminder, heads-up, calendar deadlines, catch-up within grace and skip beyond it", async () => {
    const out = await runSimulation(load("weekly-and-outage.json"), { dbFile: tempDbFile() });
    const rows = out.map((o) => [o.at, o.room ?? `to:${o.to}`, o.text.split("\n")[0]]);
    expect(rows).toEqual([
      ["2026-11-25T10:00:00+08:00", "taiping", expect.stringContaining("已将本群绑定到「太平镇」")],
      ["2026-11-25T10:00:01+08:00", "taiping", "抱歉，只有管理员和乡镇干部可以在群里设置提醒。您可以私聊我，给自己设置提醒。"],
      ["2026-11-25T10:00:03+08:00", "taiping", expect.stringContaining("已设置：每周一 09:00 在本群提醒：报送周报，下次 11月30日（周一）09:00")],
      ["2026-11-25T10:00:03+08:00", "to:li", expect.stringContaining("已设置：11月26日（周四）15:00 私聊提醒：交台账，并提前2小时预告")],
      ["2026-11-26T13:00:00+08:00", "to:li", "⏰ 预告：11月26日（周四）15:00（提前2小时提醒）"],
      ["2026-11-26T15:00:00+08:00", "to:li", "⏰ 提醒：交台账"],
      ["2026-11-30T09:00:00+08:00", "taiping", "⏰ 提醒：报送周报"],
      ["2026-12-01T09:00:00+08:00", "taiping", "【政策日历】应建尽建年底期限提醒"],
      ["2026-12-07T09:00:00+08:00", "taiping", "⏰ 提醒：报送周报"],
      ["2026-12-14T09:00:00+08:00", "taiping", "⏰ 提醒：报送周报"],
      // downFor P1D from 12-14 15:00: 冬送温暖 at 12-15 09:00 fell due 6 h before the restart.
      ["2026-12-15T15:00:05+08:00", "taiping", "【补发】原定 12月15日 09:00，因系统中断延后发送"],
      ["2026-12-17T09:00:00+08:00", "taiping", "【政策日历】应建尽建年底期限提醒"],
      // downFor P2D from 12-20 12:00: the 12-21 09:00 weekly reminder is 27 h old at restart: skipped.
      ["2026-12-24T09:00:00+08:00", "taiping", "【政策日历】应建尽建年底期限提醒"],
      ["2026-12-28T09:00:00+08:00", "taiping", "⏰ 提醒：报送周报"],
      ["2026-12-29T12:00:00+08:00", "taiping", "本群的提醒："],
    ]);
    expect(out[10].text).toContain("冬送温暖");
    expect(out[7].text).toContain("还有 30 天");
    expect(out[11].text).toContain("还有 14 天");
    expect(out[12].text).toContain("还有 7 天");
    expect(out[14].text).toContain("下次 2027年1月4日（周一）09:00");
  });
});

describe("联席会议, digests and 收到 through gonghui simulate", () => {
  it("admin sets the meeting, it survives a restart, leaders get the digest, 收到 is tracked", async () => {
    const out = await runSimulation(load("meeting-and-digest.json"), { dbFile: tempDbFile() });
    // Each digest is followed by its chart: a caption, then the PNG file, both privately to the leader.
    const charts = out.filter((o) => o.file);
    expect(charts.map((o) => [o.to, /^乡镇进度-.*\.png$/.test(o.file!)])).toEqual([
      ["chen", true],
      ["chen", true],
    ]);
    expect(out.filter((o) => o.text === "附：各乡镇进度图").map((o) => o.to)).toEqual(["chen", "chen"]);
    const texts = out.filter((o) => o.text !== "附：各乡镇进度图" && !o.file);
    expect(texts.map((o) => [o.at, o.room ?? `to:${o.to}`, o.text.split("\n")[0]])).toEqual([
      ["2026-11-25T10:00:00+08:00", "taiping", expect.stringContaining("已将本群绑定到「太平镇」")],
      ["2026-11-25T10:00:00+08:00", "mashi", expect.stringContaining("已将本群绑定到「马市镇」")],
      ["2026-11-25T10:00:01+08:00", "taiping", "抱歉，联席会议时间仅限管理员设置。如需调整，请联系县总工会管理员。"],
      ["2026-11-25T10:00:01+08:00", "to:wang", "已设置联席会议：每月5日 15:00，提前1天在各乡镇群和领导私聊预告，下次 12月5日（周六）15:00。（注意：12月5日是周六，不是工作日）"],
      ["2026-11-25T10:00:01+08:00", "to:li", expect.stringContaining("仅限领导、管理员使用")],
      ["2026-11-30T08:30:00+08:00", "to:chen", "【工会工作简报】11月30日（周一）08:30"],
      ["2026-12-01T09:00:00+08:00", "mashi", "【政策日历】应建尽建年底期限提醒"],
      ["2026-12-01T09:00:00+08:00", "taiping", "【政策日历】应建尽建年底期限提醒"],
      ["2026-12-04T15:00:00+08:00", "mashi", "【政策日历】党建带工建联席会议"],
      ["2026-12-04T15:00:00+08:00", "taiping", "【政策日历】党建带工建联席会议"],
      ["2026-12-04T15:00:00+08:00", "to:chen", "【政策日历】党建带工建联席会议"],
      ["2026-12-05T15:00:00+08:00", "mashi", "【政策日历】党建带工建联席会议"],
      ["2026-12-05T15:00:00+08:00", "taiping", "【政策日历】党建带工建联席会议"],
      ["2026-12-05T15:00:00+08:00", "to:chen", "【政策日历】党建带工建联席会议"],
      ["2026-12-05T16:00:00+08:00", "to:chen", "【工会工作简报】12月5日（周六）16:00"],
    ]);
    expect(texts[8].text).toContain("⏰ 预告（12月5日（周六）15:00）");
    const digest = texts.at(-1)!.text;
    expect(digest).toContain("四、未回复“收到”的群\n· 马市镇工会工作群（马市镇）：12月5日 15:00 【政策日历】党建带工建联席会议");
    expect(digest).not.toContain("· 太平镇工会工作群");
    expect(digest).toContain("三、未来14天\n· 12月15日（周二）09:00 四季歌·冬送温暖（各乡镇群）\n· 12月17日（周四）09:00 应建尽建年底期限提醒（截止前14天）（各乡镇群）\n四、");
  });
});

describe("unsure times and working days through gonghui simulate", () => {
  it("a question answered with 是 in the room, 打卡 on working days only (国庆 off, 调休 Saturday on)", async () => {
    const out = await runSimulation(load("confirm-and-workdays.json"), { dbFile: tempDbFile() });
    const rows = out.map((o) => [o.at.slice(0, 16), o.room ?? `to:${o.to}`, o.text.split("\n")[0]]);
    expect(rows.slice(0, 5)).toEqual([
      ["2026-09-28T10:00", "taiping", "是指9月29日（周二）15:00吗？（03:00 还是 15:00？）回复 是 确认，或发来正确的时间（提醒内容：开会）"],
      ["2026-09-28T10:00", "taiping", expect.stringMatching(/^已设置：9月29日（周二）15:00 在本群提醒：开会。（编号 \d+/)],
      ["2026-09-28T10:00", "taiping", expect.stringMatching(/^已设置：每个工作日 17:30 在本群提醒：打卡，下次 9月28日（周一）17:30。（编号 \d+/)],
      ["2026-09-28T10:00", "taiping", expect.stringMatching(/^已设置：10月2日（周五）09:00 在本群提醒：开会。（注意：10月2日是国庆节假期，不是工作日）/)],
      ["2026-09-28T10:00", "taiping", expect.stringMatching(/^“昨天下午”（9月27日（周日）15:00）已经过去了/)],
    ]);
    const fired = (text: string) => rows.filter((r) => r[2] === text).map((r) => r[0].slice(5));
    expect(fired("⏰ 提醒：打卡")).toEqual(["09-28T17:30", "09-29T17:30", "09-30T17:30", "10-08T17:30", "10-09T17:30", "10-10T17:30", "10-12T17:30"]);
    expect(fired("⏰ 提醒：开会")).toEqual(["09-29T15:00", "10-02T09:00"]);
  });
});
