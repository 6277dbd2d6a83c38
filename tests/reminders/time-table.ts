/**
 * Our own table of Chinese time expressions, per category, with fixed “now” values (the
 * development set; the held-out set is time-heldout.ts). `evaluate` reads every row and says
 * what came out, so the same rows can be checked in this process and in a child process
 * running under another server time zone (time-table-run.ts).
 * Expected: “2026-12-02T15:00” (the moment), “ask 2026-12-02T15:00” (a question proposing that
 * moment) or “refuse /pattern/” (an error message matching the pattern).
 */
import { isoShanghai } from "../../src/clock.ts";
import { parseReminder } from "../../src/reminders/parse-time.ts";

export type TimeRow = [now: string, expression: string, expected: string];

const TUE = "2026-12-01T10:00:00+08:00";
const MON = "2027-06-14T08:00:00+08:00";
const SAT_NIGHT = "2026-11-28T22:30:00+08:00";

export const TIME_TABLE: Record<string, TimeRow[]> = {
  "parts of the day": [
    [TUE, "明天凌晨", "2026-12-02T05:00"],
    [TUE, "明天早上", "2026-12-02T08:00"],
    [TUE, "明早7点半", "2026-12-02T07:30"],
    [TUE, "明天上午", "2026-12-02T09:00"],
    [TUE, "明天中午", "2026-12-02T12:00"],
    [TUE, "中午1点", "2026-12-01T13:00"],
    [TUE, "下午", "2026-12-01T15:00"],
    [TUE, "傍晚6点", "2026-12-01T18:00"],
    [TUE, "今晚", "2026-12-01T20:00"],
    [TUE, "夜里12点", "2026-12-02T00:00"],
    [TUE, "今天晚上12点", "2026-12-02T00:00"],
    [TUE, "明天半夜", "2026-12-03T00:00"],
    [TUE, "晚上1点", "2026-12-02T01:00"],
    [TUE, "明天凌晨12点", "2026-12-02T00:00"],
    [TUE, "周五下午两点半", "2026-12-04T14:30"],
    [TUE, "明天下午三点一刻", "2026-12-02T15:15"],
    [TUE, "明天上午九点三刻", "2026-12-02T09:45"],
    [TUE, "明天20时15分", "2026-12-02T20:15"],
    [TUE, "明天8时许", "2026-12-02T08:00"],
    [TUE, "明天下午3点多钟", "2026-12-02T15:00"],
    [TUE, "明天十点钟", "2026-12-02T10:00"],
    [TUE, "明天十点零五", "2026-12-02T10:05"],
    [TUE, "明天：15：30", "2026-12-02T15:30"],
    [TUE, "明天的下午三点", "2026-12-02T15:00"],
    [TUE, "明天 下午 3点", "2026-12-02T15:00"],
    [TUE, "下午3点至5点", "2026-12-01T15:00"],
  ],
  "dates in every form": [
    [TUE, "2027-03-05 14:30", "2027-03-05T14:30"],
    [TUE, "2027-03-05-14：30", "2027-03-05T14:30"],
    [TUE, "2027/3/5", "2027-03-05T09:00"],
    [TUE, "2027.3.5 8:00", "2027-03-05T08:00"],
    [TUE, "20270305", "2027-03-05T09:00"],
    [TUE, "12-25 20:01", "2026-12-25T20:01"],
    [TUE, "12/25", "2026-12-25T09:00"],
    [TUE, "12.25", "2026-12-25T09:00"],
    [TUE, "28年1月2日", "2028-01-02T09:00"],
    [TUE, "二〇二七年三月五日", "2027-03-05T09:00"],
    [TUE, "２０２７年３月５日", "2027-03-05T09:00"],
    [TUE, "12月25", "2026-12-25T09:00"],
    [TUE, "十二月二十五日下午", "2026-12-25T15:00"],
    [TUE, "下月15号下午6点", "2027-01-15T18:00"],
    [TUE, "下个月的15号", "2027-01-15T09:00"],
    [TUE, "20号", "2026-12-20T09:00"],
    [TUE, "下下周三", "2026-12-16T09:00"],
    [TUE, "下周日", "2026-12-13T09:00"],
    [TUE, "这周末", "2026-12-05T09:00"],
    [TUE, "月底", "2026-12-31T09:00"],
    [TUE, "下月初", "2027-01-01T09:00"],
    [TUE, "明年年初", "2027-01-01T09:00"],
    [TUE, "年底", "2026-12-31T09:00"],
    [TUE, "下个月第一个周一", "2027-01-04T09:00"],
    [TUE, "本月最后一个周五", "2026-12-25T09:00"],
    [MON, "八月份的第一个周二", "2027-08-03T09:00"],
    [MON, "6月第3个星期日", "2027-06-20T09:00"],
    [TUE, "一个半小时后", "2026-12-01T11:30"],
    [TUE, "半小时以后", "2026-12-01T10:30"],
    [TUE, "2小时30分钟后", "2026-12-01T12:30"],
    [TUE, "过两天", "2026-12-03T09:00"],
    [TUE, "两周后", "2026-12-15T09:00"],
    [TUE, "3个月后", "2027-03-01T09:00"],
    [TUE, "三天后下午2点", "2026-12-04T14:00"],
  ],
  "festivals and the lunar calendar": [
    [TUE, "春节", "2027-02-06T09:00"],
    [TUE, "除夕晚上8点", "2027-02-05T20:00"],
    [TUE, "元宵节", "2027-02-20T09:00"],
    [TUE, "端午", "2027-06-09T09:00"],
    [TUE, "七夕", "2027-08-08T09:00"],
    [TUE, "中秋节", "2027-09-15T09:00"],
    [TUE, "腊八", "2027-01-15T09:00"],
    [TUE, "北方小年", "2027-01-30T09:00"],
    [TUE, "小年", "ask 2027-01-31T09:00"],
    [TUE, "正月初八", "2027-02-13T09:00"],
    [TUE, "腊月二十三", "2027-01-30T09:00"],
    [TUE, "农历八月十五", "2027-09-15T09:00"],
    [TUE, "八月十五", "ask 2027-08-15T09:00"],
    [TUE, "清明", "2027-04-05T09:00"],
    [TUE, "冬至", "2026-12-22T09:00"],
    [TUE, "国庆节", "2027-10-01T09:00"],
    [TUE, "元旦", "2027-01-01T09:00"],
    [TUE, "劳动节", "2027-05-01T09:00"],
    [TUE, "妇女节", "2027-03-08T09:00"],
    [TUE, "建党节", "2027-07-01T09:00"],
    [TUE, "春节前一周", "2027-01-30T09:00"],
    [TUE, "中秋节前三天", "2027-09-12T09:00"],
    [TUE, "国庆节后两天", "2027-10-03T09:00"],
    [TUE, "重阳节", "ask 2027-10-08T09:00"],
    [TUE, "2028年春节", "2028-01-26T09:00"],
  ],
  "recurring": [
    [TUE, "每个工作日的下午三点", "2026-12-01T15:00"],
    [SAT_NIGHT, "每个工作日 09:00", "2026-11-30T09:00"],
    [TUE, "每周一三五 18:00", "2026-12-02T18:00"],
    [TUE, "每月5号 15:00", "2026-12-05T15:00"],
    [TUE, "每月月底 17:00", "2026-12-31T17:00"],
    [TUE, "每月31号", "ask 2026-12-31T09:00"],
    [TUE, "每月第二个周三", "2026-12-09T09:00"],
    [TUE, "每年9月1日", "2027-09-01T09:00"],
    [TUE, "每年中秋", "2027-09-15T09:00"],
    [TUE, "每年春节前一周", "2027-01-30T09:00"],
    [TUE, "每年农历八月十五晚上", "2027-09-15T20:00"],
    [TUE, "每天3点", "ask 2026-12-01T15:00"],
  ],
  "never silently wrong": [
    [TUE, "3点", "2026-12-01T15:00"],
    [TUE, "9点", "ask 2026-12-02T09:00"],
    [TUE, "8点", "ask 2026-12-02T08:00"],
    [TUE, "明天3点", "ask 2026-12-02T15:00"],
    [TUE, "今天上午9点", "refuse /已经过去了/"],
    [TUE, "昨天下午", "refuse /已经过去了/"],
    [TUE, "11月20日", "refuse /已经过去了/"],
    [TUE, "明天 25点", "refuse /没有“25点”这个时间/"],
    [TUE, "明天 24:00", "refuse /没有“24点”这个时间/"],
    [TUE, "每天 25点", "refuse /没有“25点”这个时间/"],
    [TUE, "每天 23:60", "refuse /没有“23:60”这个时间/"],
    [TUE, "2月30日", "refuse /没有“2月30日”这一天/"],
    [TUE, "凌晨8点", "refuse /前后矛盾/"],
    [TUE, "明天下午3点多钟点", "refuse /没能完全看懂/"],
    [TUE, "下周", "ask 2026-12-07T09:00"],
    [TUE, "下个月", "ask 2027-01-01T09:00"],
    [TUE, "年底前", "ask 2026-12-31T09:00"],
    [TUE, "周二早上", "ask 2026-12-08T08:00"],
    [MON, "周二早上", "2027-06-15T08:00"],
    [MON, "端午节", "ask 2028-05-28T09:00"],
    [TUE, "乱七八糟", "refuse /没能看懂时间/"],
  ],
};

/** What one row gives, in the expected notation; content must be exactly “开会” for a moment to count. */
export function evaluate(now: string, expression: string): string {
  const r = parseReminder(`${expression} 开会`, new Date(now));
  if (!r.ok) return `refuse ${r.error.split("\n")[0]}`;
  const at = isoShanghai(r.value.next).slice(0, 16);
  if (r.value.content !== "开会") return `content “${r.value.content}” at ${at}`;
  return r.value.confirm ? `ask ${at}` : at;
}

/** Whether an outcome meets an expectation. */
export function meets(outcome: string, expected: string): boolean {
  const refuse = /^refuse \/(.*)\/$/.exec(expected);
  if (refuse) return outcome.startsWith("refuse ") && new RegExp(refuse[1]).test(outcome);
  return outcome === expected;
}
