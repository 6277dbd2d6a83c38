import { afterAll, describe, expect, it } from "vitest";
import { isoShanghai } from "../../src/clock.ts";
import { parseReminder, parseSchedule } from "../../src/reminders/parse-time.ts";
import { toHalfWidth } from "../../src/chat/text.ts";
import { parseNumber } from "../../src/reminders/numerals.ts";

// Wednesday 2026-11-25 10:00 in Shanghai.
const NOW = new Date("2026-11-25T10:00:00+08:00");

type Row = [input: string, label: string, content: string, first: string, lead?: number];
const TABLE: Row[] = [
  ["明天下午3点 开会", "11月26日（周四）15:00", "开会", "2026-11-26T15:00:00+08:00"],
  ["明天下午3点开会", "11月26日（周四）15:00", "开会", "2026-11-26T15:00:00+08:00"],
  ["明天 15:00 开会", "11月26日（周四）15:00", "开会", "2026-11-26T15:00:00+08:00"],
  ["12月3日下午3点 交材料", "12月3日（周四）15:00", "交材料", "2026-12-03T15:00:00+08:00"],
  ["下周一 交材料", "11月30日（周一）09:00", "交材料", "2026-11-30T09:00:00+08:00"],
  ["3天后 回访企业", "11月28日（周六）09:00", "回访企业", "2026-11-28T09:00:00+08:00"],
  ["三天后 回访企业", "11月28日（周六）09:00", "回访企业", "2026-11-28T09:00:00+08:00"],
  ["今晚8点 看材料", "11月25日（周三）20:00", "看材料", "2026-11-25T20:00:00+08:00"],
  ["后天上午十点 开会", "11月27日（周五）10:00", "开会", "2026-11-27T10:00:00+08:00"],
  ["周五下午两点半 交材料", "11月27日（周五）14:30", "交材料", "2026-11-27T14:30:00+08:00"],
  ["十二月三日下午两点半 开会", "12月3日（周四）14:30", "开会", "2026-12-03T14:30:00+08:00"],
  ["１２月３日 上午９点 会议", "12月3日（周四）09:00", "会议", "2026-12-03T09:00:00+08:00"],
  ["2小时后 回电话", "11月25日（周三）12:00", "回电话", "2026-11-25T12:00:00+08:00"],
  ["1月5日 报年报", "2027年1月5日（周二）09:00", "报年报", "2027-01-05T09:00:00+08:00"],
  ["2027年3月1日 启动", "2027年3月1日（周一）09:00", "启动", "2027-03-01T09:00:00+08:00"],
  ["15:00 开会", "11月25日（周三）15:00", "开会", "2026-11-25T15:00:00+08:00"],
  ["每天 早上8点 晨会", "每天 08:00", "晨会", "2026-11-26T08:00:00+08:00"],
  ["每个工作日 17:30 下班打卡", "每个工作日 17:30", "下班打卡", "2026-11-25T17:30:00+08:00"],
  ["每周一 报送周报", "每周一 09:00", "报送周报", "2026-11-30T09:00:00+08:00"],
  ["每周一三五 18:00 锻炼", "每周一、三、五 18:00", "锻炼", "2026-11-25T18:00:00+08:00"],
  ["每周日 总结", "每周日 09:00", "总结", "2026-11-29T09:00:00+08:00"],
  ["每月5号 15:00 例会", "每月5日 15:00", "例会", "2026-12-05T15:00:00+08:00"],
  ["每月五号 例会", "每月5日 09:00", "例会", "2026-12-05T09:00:00+08:00"],
  ["每年9月1日 启动摸底排查", "每年9月1日 09:00", "启动摸底排查", "2027-09-01T09:00:00+08:00"],
  ["每月5号 15:00 例会 提前1天", "每月5日 15:00", "例会", "2026-12-05T15:00:00+08:00", 1440],
  ["明天下午３点 提前２小时 开会", "11月26日（周四）15:00", "开会", "2026-11-26T15:00:00+08:00", 120],
  ["12月31日 年底截止 提前三天", "12月31日（周四）09:00", "年底截止", "2026-12-31T09:00:00+08:00", 4320],
];

const BAD: Array<[string, RegExp]> = [
  ["今天上午9点 已经过了", /已经过去了/],
  ["11月20日 上周的事", /已经过去了/],
  ["乱七八糟 内容", /没能看懂时间/],
  ["每周八 开会", /没能看懂重复的周期/],
  ["每月32号 开会", /1 到 31/],
  ["每年2月30日 开会", /没有“2月30日”这一天/],
  ["明天", /请写上提醒的内容/],
  ["", /请写上提醒的时间/],
  ["明天 开会 提前0天", /没能看懂/],
];

describe("parseReminder", () => {
  const originalTz = process.env.TZ;
  afterAll(() => {
    process.env.TZ = originalTz;
  });

  for (const tz of ["UTC", "Asia/Shanghai", "America/New_York"]) {
    describe(`with TZ=${tz}`, () => {
      it.each(TABLE)("%s", (input, label, content, first, lead = 0) => {
        process.env.TZ = tz;
        const r = parseReminder(input, NOW);
        expect(r.ok, r.ok ? "" : r.error).toBe(true);
        if (!r.ok) return;
        expect(r.value.label).toBe(label);
        expect(r.value.content).toBe(content);
        expect(isoShanghai(r.value.next)).toBe(first);
        expect(r.value.leadMinutes).toBe(lead);
      });
      it.each(BAD)("refuses %s", (input, message) => {
        process.env.TZ = tz;
        const r = parseReminder(input, NOW);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error).toMatch(message);
        expect(r.error).toContain("提醒 每周一 09:00 报送周报");
      });
    });
  }

  it("builds cron strings for recurrences", () => {
    const crons = ["每天", "每周一三五 18:00", "每月5号 15:00", "每年9月1日", "每月最后一天 18:00", "每月第二个周三"].map((t) => {
      const r = parseSchedule(t, NOW);
      return r.ok && r.value.schedule.kind === "cron" ? r.value.schedule.cron : null;
    });
    expect(crons).toEqual(["0 9 * * *", "0 18 * * 1,3,5", "0 15 5 * *", "0 9 1 9 *", "0 18 L * *", "0 9 * * 3#2"]);
  });

  it("rolls a month-day long past to next year but not a recent one", () => {
    const r = parseReminder("9月25日下午3点 交材料", NOW);
    expect(r.ok && isoShanghai(r.value.next)).toBe("2027-09-25T15:00:00+08:00");
  });
});

describe("numerals", () => {
  it.each([
    ["十", 10],
    ["十五", 15],
    ["二十三", 23],
    ["一百二十", 120],
    ["两百", 200],
    ["３０", 30],
    ["二〇二六", 2026],
  ] as const)("%s = %d", (s, n) => expect(parseNumber(s)).toBe(n));
  it("converts full-width", () => expect(toHalfWidth("１２：３０　开会")).toBe("12:30 开会"));
});

describe("content that starts with a numeral", () => {
  it.each([
    ["明天上午10点 一次性检查", "2026-11-26T10:00:00+08:00", "一次性检查"],
    ["每天 09:00 三楼开会", "2026-11-26T09:00:00+08:00", "三楼开会"],
    ["明天 下午三点十五 开会", "2026-11-26T15:15:00+08:00", "开会"],
    ["明天下午3点 2号会议室开会", "2026-11-26T15:00:00+08:00", "2号会议室开会"],
  ])("%s", (input, first, content) => {
    const r = parseReminder(input, NOW);
    expect(r.ok && [isoShanghai(r.value.next), r.value.content]).toEqual([first, content]);
  });
});
