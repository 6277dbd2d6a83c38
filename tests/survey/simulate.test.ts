import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { adminFeature } from "../../src/admin/feature.ts";
import { openDb } from "../../src/db/client.ts";
import { surveyFeature } from "../../src/survey/feature.ts";
import { listLedger } from "../../src/survey/ledger.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { phoneNumbers } from "../../src/privacy.ts";
import { runSimulation, type SimOutput } from "../../src/transports/simulate.ts";
import { tempDbFile } from "../helpers/context.ts";

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "scripts", `${name}.json`), "utf8")) as unknown;

async function play(name: string, features = [adminFeature, surveyFeature]): Promise<{ out: SimOutput[]; dbFile: string }> {
  const dbFile = tempDbFile();
  const out = await runSimulation(load(name), { dbFile, features });
  return { out, dbFile };
}

async function ledgerOf(dbFile: string) {
  const db = await openDb(dbFile);
  try {
    return await listLedger(db);
  } finally {
    await db.$disconnect();
  }
}

const item = (o: SimOutput) => /第(\d+)项/.exec(o.text)?.[1];

describe("survey through gonghui simulate scripts", () => {
  it("room dialog: answers without @, others ignored, masked phone, receipt, export privately, progress", async () => {
    const { out, dbFile } = await play("room-dialog");
    const toLi = out.filter((o) => o.room === "taiping" && o.mentions.includes("li"));
    expect(toLi.slice(0, 9).map(item)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", undefined]);
    expect(out.some((o) => o.mentions.includes("he"))).toBe(false);
    const summary = toLi.find((o) => o.text.startsWith("请核对填报信息"))!;
    expect(summary.text).toContain("8. 联系电话：138****5678");
    const receipt = toLi.find((o) => o.text.startsWith("已保存"))!;
    expect(receipt.text).toContain("集中攻坚");
    expect(receipt.text).toContain("三（二）2");
    expect(out.filter((o) => o.room).every((o) => !o.text.includes("13812345678"))).toBe(true);
    expect(toLi.some((o) => o.text.includes("仅限管理员"))).toBe(true);
    expect(out.some((o) => o.room === "taiping" && o.mentions.includes("wang") && o.text.includes("私聊"))).toBe(true);
    expect(out.some((o) => o.to === "wang" && o.text.includes("摸底排查台账"))).toBe(true);
    expect(out.filter((o) => o.file).map((o) => [o.room, o.to, /^摸底排查台账-全县-\d{8}-\d{4}\.xlsx$/.test(o.file!)])).toEqual([[null, "wang", true]]);
    const cadre = out.find((o) => o.mentions.includes("zhou"))!;
    expect(cadre.text).toContain("太平镇：已填报 1 家");
    expect(cadre.text).not.toContain("马市镇");
    expect(out.find((o) => o.to === "chen")!.text).toContain("合计：已填报 1 家");
    const ledger = await ledgerOf(dbFile);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ orgName: "始兴县某某食品有限公司", township: "太平镇", contactPhone: "13812345678", priority: "focus", reportedBy: "李经理" });
  });

  it("private dialog: township asked, range reprompted, landline needs area code, 修改 4", async () => {
    const { out, dbFile } = await play("private-dialog");
    expect(out.every((o) => o.room === null && o.to === "li")).toBe(true);
    expect(out.some((o) => o.text.includes("“100多”是一个大概的范围"))).toBe(true);
    expect(out.some((o) => o.text.includes("固定电话请加上区号"))).toBe(true);
    expect(out.filter((o) => o.text.startsWith("请核对填报信息")).at(-1)!.text).toContain("4. 职工人数：35");
    expect(out.at(-1)!.text).toContain("已保存");
    const [e] = await ledgerOf(dbFile);
    expect(e).toMatchObject({ orgName: "始兴县顺达五金厂", township: "顿岗镇", headcount: 35, unionMembers: 28, contactPhone: "0751-3321234", priority: "established", guidance: ["develop-party"] });
  });

  it("two interleaved dialogs in one room, one cancelled", async () => {
    const { out, dbFile } = await play("interleaved");
    const li = out.filter((o) => o.mentions.includes("li")).map(item);
    const he = out.filter((o) => o.mentions.includes("he")).map(item);
    expect(li).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", undefined, undefined]);
    expect(he).toEqual(["1", "2", "3", "4", "5", "6", "7", undefined]);
    expect(out.filter((o) => o.mentions.includes("he")).at(-1)!.text).toContain("已取消");
    const ledger = await ledgerOf(dbFile);
    expect(ledger.map((e) => e.orgName)).toEqual(["甲公司"]);
  });

  it("restart mid-dialog loses nothing; 30 minutes of silence pauses; 继续填报 resumes; re-report shows version", async () => {
    const { out, dbFile } = await play("restart");
    const pause = out.find((o) => o.text.includes("自动暂停"))!;
    expect(pause).toMatchObject({ at: "2026-11-25T09:31:00+08:00", room: "taiping", mentions: ["li"] });
    const resumed = out.find((o) => o.text.startsWith("接着您上次的填报"))!;
    expect(resumed.text).toContain("第7项 联系人");
    const summary = out.find((o) => o.text.startsWith("请核对填报信息"))!;
    expect(summary.text).toContain("3. 职工人数：120");
    expect(summary.text).toContain("6. 党员人数：5");
    const again = out.filter((o) => o.to === "li");
    expect(again.find((o) => o.text.startsWith("请核对填报信息"))!.text).toContain("当前为第 1 版；确认后将更新为第 2 版");
    expect(again.at(-1)!.text).toContain("台账已更新（第 2 版）");
    expect(again.at(-1)!.text).toContain("13812345678");
    const ledger = await ledgerOf(dbFile);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ version: 2, headcount: 130, hasUnion: true, priority: "established", guidance: ["cross-appointment"] });
  });

  it("ownership: another township's report on a variant name waits for review; a cadre approves; no group message shows a phone", async () => {
    const { out, dbFile } = await play("ownership", [adminFeature, surveyFeature, remindersFeature]);
    const rooms = out.filter((o) => o.room);
    expect(rooms.filter((o) => phoneNumbers(o.text).length)).toEqual([]);
    expect(out.some((o) => o.room === "mashi" && o.text.includes("联系人里请不要填写电话号码"))).toBe(true);
    const toChen = out.filter((o) => o.room === "chengjiang" && o.mentions.includes("chen"));
    expect(toChen.some((o) => o.text.includes("已由其他联系人或乡镇填报"))).toBe(true);
    expect(toChen.some((o) => o.text.includes("已提交审核（编号 1）"))).toBe(true);
    expect(toChen.every((o) => !/第 \d+ 版/.test(o.text))).toBe(true);
    expect(out.find((o) => o.to === "boss" && o.text.startsWith("【待审核】"))!.text).toContain("职工人数 66 → 300");
    expect(out.some((o) => o.room === "mashi" && o.text.startsWith("【待审核】"))).toBe(true);
    expect(out.find((o) => o.mentions.includes("zhou") && o.text.startsWith("待审核"))!.text).toContain("「韶关市宏达电子有限公司」（马市镇，现为第 1 版）← 陈会计（澄江镇）");
    expect(out.some((o) => o.to === "chen" && o.text.includes("已通过审核，台账已更新为第 2 版"))).toBe(true);
    expect(rooms.some((o) => o.room === "mashi" && o.text.includes("请联系刘强 150****2222 确认名单") && !o.mentions.includes("boss"))).toBe(true);
    const ledger = await ledgerOf(dbFile);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ orgName: "韶关市宏达电子有限责任公司", township: "澄江镇", headcount: 300, contactName: "陈会计", contactPhone: "0751-3321234", version: 2 });
  });
});
