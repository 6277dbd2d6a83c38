import { describe, expect, it } from "vitest";
import type { RoomInfo } from "../../src/chat/types.ts";
import { exportLedger } from "../../src/survey/export.ts";
import { listLedger, normName, organisationHistory } from "../../src/survey/ledger.ts";
import { approve, getChange, listPending, reject, type Reviewer } from "../../src/survey/review.ts";
import { harnesses, type Harness, ROOM_ANSWERS, TAIPING, texts } from "./helpers.ts";

const DUNGANG: RoomInfo = { id: "dungang", topic: "顿岗镇企业群", township: "顿岗镇" };

const create = harnesses();
async function harness() {
  const h = await create({ env: { ADMIN_IDS: "boss" } });
  await h.t.services.rooms.bind(TAIPING.id, "太平镇", "boss");
  await h.t.services.rooms.bind(DUNGANG.id, "顿岗镇", "boss");
  return h;
}

/** li (contact, 太平镇 group) owns the record at version 1 with 120 employees. */
async function owned(h: Harness) {
  await h.say("li", "@工会助手 填报", { room: TAIPING });
  await h.answers("li", ROOM_ANSWERS, { room: TAIPING });
  expect(texts(await h.say("li", "确认", { room: TAIPING, name: "李经理" }))).toContain("第 1 版");
  await h.fresh();
}

/** wang (contact, 顿岗镇 group) reports the same organisation, its name written differently. */
async function foreignReport(h: Harness, name = "始兴县某\u200d某食品有限责任公司", headcount = "80") {
  await h.say("wang", "@工会助手 填报", { room: DUNGANG });
  const summary = await h.answers("wang", [name, "企业", headcount, "没有", "否", "0", "王芳", "139 8765 4321"], { room: DUNGANG });
  return { summary, receipt: await h.say("wang", "确认", { room: DUNGANG, name: "王芳" }) };
}

describe("ledger ownership", () => {
  it("a report from another contact and township waits for review; nobody is told a wrong version", async () => {
    const h = await harness();
    await owned(h);
    const { summary, receipt } = await foreignReport(h);
    expect(summary).toContain("已由其他联系人或乡镇填报");
    expect(summary).not.toMatch(/第 \d 版/);
    const toWang = receipt.filter((m) => m.roomId === "dungang");
    expect(texts(toWang)).toContain("已提交审核（编号 1）");
    expect(texts(toWang)).toContain("审核通过前台账保持不变");
    expect(texts(toWang)).not.toMatch(/第 \d 版/);
    // the record is unchanged
    const [entry] = await listLedger(h.t.db);
    expect(entry).toMatchObject({ version: 1, headcount: 120, township: "太平镇", contactName: "李明", reportedBy: "李经理" });
    // the admin is told privately with the changes; the record's township group briefly
    const toBoss = receipt.find((m) => m.toId === "boss");
    expect(toBoss?.text).toContain("【待审核】");
    expect(toBoss?.text).toContain("职工人数 120 → 80");
    expect(toBoss?.text).toContain("通过 1");
    const toTaiping = receipt.find((m) => m.roomId === "taiping");
    expect(toTaiping?.text).toContain("编号 1");
    expect(toTaiping?.text).not.toContain("139");
    expect(receipt.some((m) => m.roomId === "dungang" && m.text.includes("【待审核】"))).toBe(false);
  });

  it("the same reporter placing the record in another township also waits for review", async () => {
    const h = await harness();
    await owned(h);
    await h.say("li", "@工会助手 填报", { room: DUNGANG });
    await h.answers("li", ROOM_ANSWERS, { room: DUNGANG });
    expect(texts(await h.say("li", "确认", { room: DUNGANG }))).toContain("已提交审核");
    expect((await listLedger(h.t.db))[0].township).toBe("太平镇");
  });

  it("待审核 / 通过 N: cadres of the record's township and admins decide; approval makes a new version, history kept", async () => {
    const h = await harness();
    await owned(h);
    await foreignReport(h);
    expect(texts(await h.say("li", "@工会助手 待审核", { room: TAIPING }))).toMatch(/仅限/);
    expect(texts(await h.say("li", "@工会助手 通过 1", { room: TAIPING }))).toMatch(/仅限/);
    expect(texts(await h.say("zhao", "@工会助手 待审核", { room: DUNGANG, role: "cadre" }))).toContain("没有待审核");
    expect(texts(await h.say("zhao", "@工会助手 通过 1", { room: DUNGANG, role: "cadre" }))).toContain("只有县总工会管理员或太平镇的乡镇干部");
    expect(texts(await h.say("zhou", "待审核", { role: "cadre" }))).toContain("本乡镇工作群");
    const list = texts(await h.say("zhou", "@工会助手 待审核", { room: TAIPING, role: "cadre" }));
    expect(list).toContain("1. 「始兴县某某食品有限公司」（太平镇，现为第 1 版）← 王芳（顿岗镇）");
    expect(list).toContain("职工人数 120 → 80");
    expect((await listLedger(h.t.db))[0].version).toBe(1);
    const out = await h.say("zhou", "@工会助手 通过 1", { room: TAIPING, role: "cadre", name: "周干部" });
    expect(texts(out)).toContain("台账已更新为第 2 版");
    expect(out.find((m) => m.toId === "wang")?.text).toContain("已通过审核，台账已更新为第 2 版");
    const [entry] = await listLedger(h.t.db);
    expect(entry).toMatchObject({ version: 2, headcount: 80, township: "顿岗镇", contactName: "王芳", reportedBy: "王芳" });
    const history = await organisationHistory(h.t.db, "始兴县某某食品有限公司");
    expect(history.map((v) => [v.version, v.data.headcount, v.data.approvedBy ?? null])).toEqual([[1, 120, null], [2, 80, "zhou"]]);
    expect(texts(await h.say("boss", "通过 1", { role: "admin" }))).toContain("已通过，无需再处理");
    expect(await listPending(h.t.db)).toEqual([]);
  });

  it("退回 N leaves the record unchanged and tells the reporter the reason", async () => {
    const h = await harness();
    await owned(h);
    await foreignReport(h);
    const out = await h.say("boss", "退回 1 人数与实际不符", { role: "admin" });
    expect(texts(out)).toContain("保持第 1 版不变");
    expect(out.find((m) => m.toId === "wang")?.text).toContain("未通过审核，理由：人数与实际不符");
    expect((await listLedger(h.t.db))[0]).toMatchObject({ version: 1, headcount: 120 });
    expect((await getChange(h.t.db, 1))?.status).toBe("rejected");
    expect(texts(await h.say("boss", "通过 9", { role: "admin" }))).toContain("没有编号为 9");
    expect(texts(await h.say("boss", "通过", { role: "admin" }))).toContain("例如：通过 3");
  });

  it("public functions: list, approve and reject with who and when; cadres never decide their own change", async () => {
    const h = await harness();
    await owned(h);
    await foreignReport(h);
    const at = new Date("2026-09-02T03:00:00Z");
    const [item] = await listPending(h.t.db, { township: "太平镇" });
    expect(item).toMatchObject({ id: 1, orgName: "始兴县某某食品有限公司", township: "太平镇", proposedTownship: "顿岗镇", currentVersion: 1, baseVersion: 1, reporterId: "wang", status: "pending" });
    expect(await listPending(h.t.db, { township: "顿岗镇" })).toEqual([]);
    const self: Reviewer = { id: "wang", name: "王芳", role: "cadre", township: "太平镇" };
    expect(await approve(h.t.services, 1, self, at)).toMatchObject({ ok: false, code: "own-change" });
    const admin: Reviewer = { id: "boss", name: "管理员", role: "admin", township: null };
    const d = await reject(h.t.services, 1, admin, at, "请联系原填报人");
    expect(d).toMatchObject({ ok: true, item: { status: "rejected", decidedById: "boss", decidedByName: "管理员", reason: "请联系原填报人" }, entry: { version: 1 } });
    expect(d.ok && d.item.decidedAt?.toISOString()).toBe(at.toISOString());
    expect(await approve(h.t.services, 1, admin, at)).toMatchObject({ ok: false, code: "decided" });
  });

  it("a newer report by the same person replaces their pending one; an identical report is not queued", async () => {
    const h = await harness();
    await owned(h);
    await foreignReport(h, undefined, "80");
    await foreignReport(h, undefined, "90");
    const pending = await listPending(h.t.db);
    expect(pending.map((p) => [p.id, p.proposed.headcount])).toEqual([[2, 90]]);
    expect((await getChange(h.t.db, 1))?.status).toBe("superseded");
    await h.say("boss", "退回 2", { role: "admin" });
    await h.say("wu", "@工会助手 填报", { room: TAIPING });
    await h.answers("wu", ROOM_ANSWERS, { room: TAIPING });
    expect(texts(await h.say("wu", "确认", { room: TAIPING }))).toContain("无需修改");
    expect(await listPending(h.t.db)).toEqual([]);
  });

  it("an admin's report changes the record directly", async () => {
    const h = await harness();
    await owned(h);
    await h.say("boss", "填报", { role: "admin" });
    await h.answers("boss", ["始兴县某某食品公司", "太平", "企业", "150", "没有", "否", "0", "李明", "13812345678"], { role: "admin" });
    expect(texts(await h.say("boss", "确认", { role: "admin" }))).toContain("第 2 版");
  });
});

describe("organisation names and stored text", () => {
  it("invisible characters, whitespace and company-form variants name one organisation", () => {
    const base = normName("始兴县某某食品有限公司");
    for (const v of ["始兴县某某食品有限责任公司", "始兴县某某食品公司", "始兴县某\u200d某食品有限公司", "始兴县某\u2060某食品有限公司", "始兴县某\u00ad某食品有限公司", "\ufeff始兴县某某\u200b食品 有限公司", "始兴县某某食品有限\u0000公司", "始兴县某某食品（有限）公司"]) {
      expect(normName(v)).toBe(base);
    }
    expect(normName("始兴县某某食品厂")).not.toBe(base);
    expect(normName("始兴县另一食品有限公司")).not.toBe(base);
  });

  it("NUL and invisible characters are never stored or exported", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ["始兴县\u0000某某\u200d食品\u2060有限公司", "企业", "120", "没有", "否", "0", "李\u0000明\u00ad", "13812345678"], { room: TAIPING });
    await h.say("li", "确认", { room: TAIPING });
    const [entry] = await listLedger(h.t.db);
    expect(entry.orgName).toBe("始兴县某某食品有限公司");
    expect(entry.contactName).toBe("李明");
    const row = await h.t.db.organisationReport.findFirstOrThrow();
    const hidden = ["\\u0000", "\u0000", "\u200d", "\u2060", "\u00ad"];
    for (const c of hidden) expect(row.data).not.toContain(c);
    for (const format of ["json", "csv"] as const) {
      const { data } = await exportLedger(h.t.db, { format, townships: h.t.config.TOWNSHIPS, now: h.t.clock.now() });
      for (const c of hidden) expect(String(data)).not.toContain(c);
    }
  });

  it("the contact-name answer refuses a phone number with a clear note", async () => {
    const h = await harness();
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ROOM_ANSWERS.slice(0, 6), { room: TAIPING });
    const out = texts(await h.say("li", "李明 138 1234 5678", { room: TAIPING }));
    expect(out).toContain("联系人里请不要填写电话号码");
    expect(out).not.toContain("1234 5678");
    expect(texts(await h.say("li", "李明", { room: TAIPING }))).toContain("第8项 联系电话");
  });
});

describe("upgrade", () => {
  it("stored name keys are brought up to the current rule at start, so an old record is still found", async () => {
    const h = await harness();
    await owned(h);
    await h.t.db.organisation.updateMany({ data: { normName: "始兴县某某食品有限公司" } });
    await h.feature.start?.(h.t.services);
    expect((await h.t.db.organisation.findFirstOrThrow()).normName).toBe(normName("始兴县某某食品有限责任公司"));
    await h.say("li", "@工会助手 填报", { room: TAIPING });
    await h.answers("li", ["始兴县某某食品有限责任公司", ...ROOM_ANSWERS.slice(1)], { room: TAIPING });
    expect(texts(await h.say("li", "确认", { room: TAIPING }))).toContain("第 2 版");
    expect(await listLedger(h.t.db)).toHaveLength(1);
  });
});
