import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY, yesNoField, type SurveyDefinition } from "../../src/survey/definition.ts";
import { startDialog, step, summaryText, type EngineEnv, type SurveyState } from "../../src/survey/dialog.ts";
import { DEFAULT_TOWNSHIPS } from "../../src/config.ts";

const env: EngineEnv = { townships: DEFAULT_TOWNSHIPS, boundTownship: null, group: false };

function run(inputs: string[], def: SurveyDefinition = DEFAULT_SURVEY, e: EngineEnv = env) {
  let { state } = startDialog(def, e);
  let last = step(def, state, "继续填报", e);
  for (const i of inputs) {
    last = step(def, state, i, e);
    state = last.state;
  }
  return { state, last };
}

describe("survey engine", () => {
  it("asks the fields in DESIGN order, numbered without gaps when 工会会员人数 is skipped", () => {
    const { state: s0, reply } = startDialog(DEFAULT_SURVEY, env);
    expect(reply).toContain("第1项 单位名称");
    const asked: number[] = [1];
    let state: SurveyState = s0;
    for (const a of ["某某公司", "太平", "企业", "50", "没有", "是", "3", "张三", "13812345678"]) {
      const r = step(DEFAULT_SURVEY, state, a, env);
      state = r.state;
      const m = /第(\d+)项/.exec(r.reply);
      if (m) asked.push(Number(m[1]));
    }
    expect(asked).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const summary = summaryText(DEFAULT_SURVEY, state, env);
    expect(summary).toContain("5. 是否已建立工会：否\n6. 是否已建立党组织：是");
    expect(summary).toContain("9. 联系电话：13812345678");
    expect(state.current).toBeNull();
    expect(state.answers).toMatchObject({ orgName: "某某公司", township: "太平镇", orgType: "企业", headcount: 50, hasUnion: false, hasPartyOrg: true, partyMembers: 3, contactName: "张三", contactPhone: "13812345678" });
  });

  it("in a bound room does not ask the township, and the numbers, the total and the summary agree", () => {
    const e = { ...env, boundTownship: "太平镇", group: true };
    const { reply } = startDialog(DEFAULT_SURVEY, e);
    expect(reply).toContain("所属乡镇已按本群设为「太平镇」");
    expect(reply).toContain("最多 9 项");
    let state = startDialog(DEFAULT_SURVEY, e).state;
    const asked = [Number(/第(\d+)项/.exec(reply)![1])];
    for (const a of ["某某公司", "企业", "50", "有", "40", "是", "3", "张三", "13812345678"]) {
      const r = step(DEFAULT_SURVEY, state, a, e);
      state = r.state;
      const m = /第(\d+)项 (\S+?)：/.exec(r.reply);
      if (m) asked.push(Number(m[1]));
    }
    expect(asked).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const summary = summaryText(DEFAULT_SURVEY, state, e);
    expect(summary).toContain("1. 单位名称：某某公司\n· 所属乡镇（园区）：太平镇（按本群绑定");
    expect(summary).toContain("2. 单位类型：企业");
    expect(summary).toContain("9. 联系电话：138****5678");
    expect(step(DEFAULT_SURVEY, state, "修改 2", e).reply).toContain("第2项 单位类型");
  });

  it("checks 6 ≤ 4 and revalidates after 修改 4", () => {
    let { state } = run(["某某公司", "太平", "企业", "50", "有", "40", "是", "3", "张三", "13812345678"]);
    expect(state.current).toBeNull();
    let r = step(DEFAULT_SURVEY, state, "修改 4", env);
    expect(summaryText(DEFAULT_SURVEY, state, env)).toContain("4. 职工人数：50");
    expect(r.reply).toContain("第4项 职工人数");
    expect(r.reply).toContain("当前：50");
    r = step(DEFAULT_SURVEY, r.state, "30", env);
    expect(r.reply).toContain("工会会员人数（40）不能超过职工人数");
    expect(r.reply).toContain("第6项");
    r = step(DEFAULT_SURVEY, r.state, "45", env);
    expect(r.invalid).toBe(true);
    r = step(DEFAULT_SURVEY, r.state, "25", env);
    expect(r.summary).toBe(true);
    state = r.state;
    expect(state.answers).toMatchObject({ headcount: 30, unionMembers: 25 });
  });

  it("上一步 goes back and keeps the answers", () => {
    const { state } = run(["某某公司", "太平", "企业"]);
    const r = step(DEFAULT_SURVEY, state, "上一步", env);
    expect(r.reply).toContain("第3项 单位类型");
    expect(r.reply).toContain("当前：企业");
    expect(r.state.answers.orgName).toBe("某某公司");
    const first = step(DEFAULT_SURVEY, startDialog(DEFAULT_SURVEY, env).state, "上一步", env);
    expect(first.reply).toContain("已经是第一项");
  });

  it("offers 取消 or to continue later after three failed tries, and keeps the data", () => {
    let { state } = run(["某某公司", "太平", "企业"]);
    let r = step(DEFAULT_SURVEY, state, "很多", env);
    expect(r.reply).toContain("例如");
    expect(r.reply).not.toContain("取消");
    r = step(DEFAULT_SURVEY, r.state, "100多", env);
    r = step(DEFAULT_SURVEY, r.state, "不知道", env);
    expect(r.reply).toContain("取消");
    expect(r.reply).toContain("继续填报");
    state = r.state;
    expect(state.answers.orgType).toBe("企业");
    r = step(DEFAULT_SURVEY, state, "80", env);
    expect(r.reply).toContain("第5项");
    expect(r.state.failures).toBe(0);
  });

  it("修改 N takes the numbers of the summary, and names the range when there is no such item", () => {
    const e = { ...env, boundTownship: "太平镇" };
    const { state } = run(["某某公司", "企业", "50", "没有", "是", "3", "张三", "13812345678"], DEFAULT_SURVEY, e);
    expect(step(DEFAULT_SURVEY, state, "修改 9", e).reply).toBe("没有第9项，可修改的是第 1–8 项，例如：修改 3");
    expect(step(DEFAULT_SURVEY, state, "修改 12", e).reply).toContain("没有第12项");
    expect(step(DEFAULT_SURVEY, state, "修改第四项", e).reply).toContain("第4项 是否已建立工会");
    expect(step(DEFAULT_SURVEY, state, "修改 5", e).reply).toContain("第5项 是否已建立党组织");
    expect(step(DEFAULT_SURVEY, state, "确认", e).action).toBe("confirm");
    expect(step(DEFAULT_SURVEY, state, "取消", e).action).toBe("cancel");
  });

  it("确认 before the end says what is missing", () => {
    const { state } = run(["某某公司"]);
    const r = step(DEFAULT_SURVEY, state, "确认", env);
    expect(r.action).toBe("none");
    expect(r.reply).toContain("还没有填完");
  });

  it("a county-added field needs no engine change", () => {
    const def: SurveyDefinition = { fields: [...DEFAULT_SURVEY.fields, yesNoField({ key: "hasWomenCommittee", label: "是否建立女职工委员会", prompt: "是否建立女职工委员会？", when: (a) => a.hasUnion === true })] };
    const { state, last } = run(["某某公司", "太平", "企业", "50", "有", "40", "是", "3", "张三", "13812345678", "是"], def);
    expect(last.summary).toBe(true);
    expect(state.answers.hasWomenCommittee).toBe(true);
  });
});
