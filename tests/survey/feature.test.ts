import { describe, expect, it } from "vitest";
import { getDialog } from "../../src/chat/dialogs.ts";
import { listLedger, organisationHistory } from "../../src/survey/ledger.ts";
import { tempDbFile } from "../helpers/context.ts";
import { harnesses, PRIVATE_ANSWERS, ROOM_ANSWERS, TAIPING, texts, UNBOUND } from "./helpers.ts";

const harness = harnesses();

describe("survey dialog in a bound room", () => {
  it("runs to a receipt, masks the phone, saves the ledger", async () => {
    const h = await harness();
    const start = await h.say("li", "@工会助手 我要填报", { room: TAIPING });
    expect(start[0]).toMatchObject({ roomId: "taiping", mentions: ["li"] });
    expect(start[0].text).toContain("第1项 单位名称");
    expect(start[0].text).toContain("太平镇");
    const answers = ROOM_ANSWERS;
    let out = await h.say("li", answers[0], { room: TAIPING });
    expect(texts(out)).toContain("第2项 单位类型");
    for (const a of answers.slice(1, -1)) out = await h.say("li", a, { room: TAIPING });
    expect(texts(out)).toContain("第8项 联系电话");
    out = await h.say("li", answers[answers.length - 1], { room: TAIPING });
    const summary = texts(out);
    expect(summary).toContain("1. 单位名称：始兴县某某食品有限公司");
    expect(summary).toContain("· 所属乡镇（园区）：太平镇（按本群绑定");
    expect(summary).toContain("3. 职工人数：120");
    expect(summary).not.toContain("工会会员人数");
    expect(summary).toContain("8. 联系电话：138****5678");
    expect(summary).not.toContain("13812345678");
    out = await h.say("li", "确认", { room: TAIPING, name: "李经理" });
    const receipt = texts(out);
    expect(receipt).toContain("已保存");
    expect(receipt).toContain("集中攻坚");
    expect(receipt).toContain("《实施意见》二");
    expect(receipt).toContain("尽快建立工会");
    expect(receipt).toContain("三（二）2");
    expect(receipt).toContain("138****5678");
    expect(receipt).not.toContain("13812345678");
    expect(await getDialog(h.t.db, "taiping:li")).toBeNull();
    const [entry] = await listLedger(h.t.db);
    expect(entry).toMatchObject({ orgName: "始兴县某某食品有限公司", township: "太平镇", orgType: "企业", headcount: 120, hasUnion: false, unionMembers: null, hasPartyOrg: true, partyMembers: 5, contactName: "李明", contactPhone: "13812345678", priority: "focus", guidance: ["build-union"], version: 1, reportedBy: "李经理" });
    // after the dialog, plain messages in the room are ignored again
    expect(await h.say("li", "大家好", { room: TAIPING })).toEqual([]);
  });

  it("other members are unaffected and two dialogs run side by side", async () => {
    const h = await harness();
    await h.say("a", "@工会助手 填报", { room: TAIPING });
    await h.say("b", "@工会助手 填报", { room: TAIPING });
    expect(await h.say("c", "今天开会吗", { room: TAIPING })).toEqual([]);
    const A = ["甲公司", "企业", "30", "有", "20", "否", "0", "甲", "13800000001"];
    const B = ["乙协会", "协会", "10", "没有", "否", "0", "乙", "0751-3321234"];
    for (let i = 0; i < Math.max(A.length, B.length); i++) {
      if (A[i]) {
        const out = await h.say("a", A[i], { room: TAIPING });
        expect(out[0].mentions).toEqual(["a"]);
      }
      if (B[i]) await h.say("b", B[i], { room: TAIPING });
    }
    expect(texts(await h.say("b", "确认", { room: TAIPING }))).toContain("联合会覆盖");
    expect(texts(await h.say("a", "确认", { room: TAIPING }))).toContain("发展党员");
    const ledger = await listLedger(h.t.db);
    const byName = Object.fromEntries(ledger.map((e) => [e.orgName, [e.priority, e.guidance.join(","), e.contactPhone]]));
    expect(byName).toEqual({ 乙协会: ["coverage", "joint-build,alliance-coverage", "0751-3321234"], 甲公司: ["established", "develop-party", "13800000001"] });
  });
});

describe("survey in private chat", () => {
  it("asks the township and keeps full phone numbers", async () => {
    const h = await harness();
    const start = await h.say("wang", "填报");
    expect(start[0]).toMatchObject({ roomId: null, toId: "wang" });
    let out = await h.say("wang", PRIVATE_ANSWERS[0]);
    expect(texts(out)).toContain("第2项 所属乡镇");
    for (const a of PRIVATE_ANSWERS.slice(1)) out = await h.say("wang", a);
    expect(texts(out)).toContain("10. 联系电话：0751-3321234");
    expect(texts(out)).toContain("2. 所属乡镇（园区）：顿岗镇");
    out = await h.say("wang", "确认");
    expect(texts(out)).toContain("已建工会");
    const [e] = await listLedger(h.t.db);
    expect(e).toMatchObject({ township: "顿岗镇", headcount: 30, unionMembers: 28, hasPartyOrg: false, partyMembers: 0, contactPhone: "0751-3321234", priority: "established", guidance: ["develop-party"] });
  });

  it("in an unbound room item 2 is asked", async () => {
    const h = await harness();
    await h.say("x", "@工会助手 填报", { room: UNBOUND });
    expect(texts(await h.say("x", "某某公司", { room: UNBOUND }))).toContain("第2项");
  });
});

describe("cancel, corrections, pause", () => {
  it("取消 discards the dialog", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.say("li", "某某公司", { room: TAIPING });
    expect(texts(await h.say("li", "取消", { room: TAIPING }))).toContain("已取消");
    expect(await getDialog(h.t.db, "taiping:li")).toBeNull();
    expect(await h.say("li", "取消", { room: TAIPING })).toEqual([]);
    expect(await listLedger(h.t.db)).toEqual([]);
  });

  it("修改 N re-asks and returns to the summary", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ROOM_ANSWERS, { room: TAIPING });
    let out = await h.say("li", "修改 3", { room: TAIPING });
    expect(texts(out)).toContain("第3项 职工人数");
    out = await h.say("li", "二十", { room: TAIPING });
    expect(texts(out)).toContain("3. 职工人数：20");
    expect(texts(out)).toContain("确认");
    out = await h.say("li", "修改 4", { room: TAIPING });
    out = await h.say("li", "有", { room: TAIPING });
    expect(texts(out)).toContain("第5项 工会会员人数");
    out = await h.say("li", "25", { room: TAIPING });
    expect(texts(out)).toContain("不能超过职工人数");
    out = await h.say("li", "15", { room: TAIPING });
    expect(texts(out)).toContain("5. 工会会员人数：15");
    await h.say("li", "确认", { room: TAIPING });
    const [e] = await listLedger(h.t.db);
    expect(e).toMatchObject({ headcount: 20, hasUnion: true, unionMembers: 15, priority: "established", guidance: ["cross-appointment"] });
  });

  it("pauses after 30 silent minutes, tells the user, and 继续填报 resumes", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.say("li", "某某公司", { room: TAIPING });
    const due = await h.feature.nextDue!(h.t.clock.now());
    expect(due!.getTime() - h.t.clock.now().getTime()).toBe(30 * 60_000);
    h.t.clock.advance(29 * 60_000);
    await h.feature.tick!(h.t.clock.now());
    expect(await h.fresh()).toEqual([]);
    h.t.clock.advance(60_000);
    await h.feature.tick!(h.t.clock.now());
    await h.feature.tick!(h.t.clock.now());
    const notes = await h.fresh();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ roomId: "taiping", mentions: ["li"] });
    expect(notes[0].text).toContain("继续填报");
    expect(await h.feature.nextDue!(h.t.clock.now())).toBeNull();
    expect(await h.say("li", "企业", { room: TAIPING })).toEqual([]);
    const out = await h.say("li", "@工会助手 继续填报", { room: TAIPING });
    expect(texts(out)).toContain("第2项 单位类型");
    expect(texts(await h.say("li", "企业", { room: TAIPING }))).toContain("第3项");
    h.t.clock.advance(31 * 60_000);
    await h.feature.tick!(h.t.clock.now());
    await h.fresh();
    expect(texts(await h.say("li", "@工会助手 今天开会吗", { room: TAIPING }))).toBe("(fallback)");
    const resumed = texts(await h.say("li", "@工会助手 一百人", { room: TAIPING }));
    expect(resumed).toContain("已恢复");
    expect(resumed).toContain("第4项");
    expect((await getDialog(h.t.db, "taiping:li"))?.status).toBe("active");
  });

  it("暂停 on request, and 填报 again resumes instead of starting over", async () => {
    const h = await harness();
    await h.say("li", "填报");
    await h.say("li", "某某公司");
    expect(texts(await h.say("li", "暂停"))).toContain("继续填报");
    expect((await getDialog(h.t.db, "private:li"))?.status).toBe("paused");
    const out = await h.say("li", "我要填报");
    expect(texts(out)).toContain("未完成");
    expect(texts(out)).toContain("第2项");
  });

  it("继续填报 without a dialog says so", async () => {
    const h = await harness();
    expect(texts(await h.say("li", "继续填报"))).toContain("没有未完成的填报");
  });
});

describe("restart and re-reporting", () => {
  it("a restart mid-dialog loses nothing", async () => {
    const dbFile = tempDbFile();
    const h1 = await harness({ dbFile });
    await h1.say("li", "@工会助手 填报", { room: TAIPING });
    await h1.answers("li", ROOM_ANSWERS.slice(0, 4), { room: TAIPING });
    await h1.t.close();
    const h2 = await harness({ dbFile });
    await h2.fresh();
    const out = await h2.answers("li", ROOM_ANSWERS.slice(4), { room: TAIPING });
    expect(out).toContain("1. 单位名称：始兴县某某食品有限公司");
    expect(out).toContain("3. 职工人数：120");
    await h2.say("li", "确认", { room: TAIPING });
    expect(await listLedger(h2.t.db)).toHaveLength(1);
  });

  it("reporting the same organisation again makes version 2, history kept", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ROOM_ANSWERS, { room: TAIPING });
    await h.say("li", "确认", { room: TAIPING });
    await h.say("li", "填报");
    const again = ["始兴县某某食品有限公司 ", "太平", "企业", "130", "已经建了", "100", "是", "6", "李明", "13812345678"];
    const summary = await h.answers("li", again);
    expect(summary).toContain("已在台账中，当前为第 1 版");
    const receipt = texts(await h.say("li", "确认"));
    expect(receipt).toContain("第 2 版");
    const ledger = await listLedger(h.t.db);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ version: 2, headcount: 130, hasUnion: true, unionMembers: 100, priority: "established" });
    const history = await organisationHistory(h.t.db, "始兴县某某食品有限公司");
    expect(history.map((v) => [v.version, v.data.headcount])).toEqual([[1, 120], [2, 130]]);
  });

  it("names differing only by spaces, full-width characters or brackets are one organisation", async () => {
    const { normName } = await import("../../src/survey/ledger.ts");
    expect(normName("始兴县某某有限公司 ")).toBe(normName("始兴县某某有限公司"));
    expect(normName("始兴县某某（韶关）有限公司")).toBe(normName("始兴县某某(韶关)有限公司"));
    expect(normName("始兴县ＡＢＣ 有限公司")).toBe(normName("始兴县abc有限公司"));
  });
});

describe("permissions", () => {
  it("only admins export; the file goes privately", async () => {
    const h = await harness({ env: { DB_FILE: tempDbFile() } });
    await h.say("li", "填报");
    await h.answers("li", PRIVATE_ANSWERS);
    await h.say("li", "确认");
    await h.fresh();
    for (const role of ["contact", "cadre", "leader"] as const) {
      const out = await h.say("x", "@工会助手 导出台账", { room: TAIPING, role });
      expect(out).toHaveLength(1);
      expect(out[0].text).toMatch(/仅限管理员/);
      expect(out[0].file).toBeUndefined();
    }
    const out = await h.say("boss", "@工会助手 台账", { room: TAIPING, role: "admin" });
    const file = out.find((m) => m.file);
    expect(file).toMatchObject({ roomId: null, toId: "boss" });
    expect(file!.file!.name).toMatch(/\.xlsx$/);
    expect(out.find((m) => m.roomId === "taiping")!.text).toContain("私聊");
  });

  it("progress: contacts refused, cadres see their township, leaders all", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ROOM_ANSWERS, { room: TAIPING });
    await h.say("li", "确认", { room: TAIPING });
    await h.fresh();
    expect(texts(await h.say("li", "进度"))).toMatch(/仅限/);
    const cadre = texts(await h.say("c", "@工会助手 进度", { room: TAIPING, role: "cadre" }));
    expect(cadre).toContain("太平镇：已填报 1 家（本周 1 家），已建工会 0 家；25人以上未建工会 1 家（其中100人以上 1 家）");
    expect(cadre).not.toContain("马市镇");
    expect(texts(await h.say("c", "@工会助手 进度 马市", { room: TAIPING, role: "cadre" }))).toContain("只能查看本乡镇");
    expect(texts(await h.say("c", "进度", { role: "cadre" }))).toContain("工作群");
    expect(texts(await h.say("c", "@工会助手 进度", { room: UNBOUND, role: "cadre" }))).toContain("绑定");
    const all = texts(await h.say("boss", "进度", { role: "leader" }));
    expect(all).toContain("马市镇：已填报 0 家");
    expect(all).toContain("合计：已填报 1 家");
    expect(texts(await h.say("boss", "进度 太平", { role: "leader" }))).not.toContain("马市镇");
    expect(texts(await h.say("boss", "进度 北京", { role: "admin" }))).toContain("没有找到乡镇");
  });
});

describe("other messages during a dialog", () => {
  it("commands and @-questions in a room go to the router; the dialog waits", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    expect(texts(await h.say("li", "@工会助手 帮助", { room: TAIPING }))).toBe("(fallback)");
    expect(texts(await h.say("li", "@工会助手 进度", { room: TAIPING }))).toContain("仅限");
    expect(texts(await h.say("li", "@工会助手 工联会主席由谁兼任？", { room: TAIPING }))).toBe("(fallback)");
    expect(texts(await h.say("li", "某某公司", { room: TAIPING }))).toContain("第2项");
    await h.say("li", "公司", { room: TAIPING });
    expect(texts(await h.say("li", "@工会助手 职工人数包括临时工吗？", { room: TAIPING }))).toBe("(fallback)");
    expect(texts(await h.say("li", "@工会助手 120", { room: TAIPING }))).toContain("第4项");
  });
});
