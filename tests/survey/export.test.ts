import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TOWNSHIPS } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { csvCell, exportLedger, ledgerXlsx } from "../../src/survey/export.ts";
import { listLedger } from "../../src/survey/ledger.ts";
import { ledgerStats } from "../../src/survey/stats.ts";
import { tempDbFile } from "../helpers/context.ts";
import { seed } from "./seed.ts";

const run = promisify(execFile);
let db: Db;
let dbFile: string;
const now = new Date("2026-11-25T02:00:00Z");

beforeAll(async () => {
  dbFile = tempDbFile();
  db = await openDb(dbFile);
  await seed(db, [
    { orgName: "甲公司", township: "太平镇", headcount: 120, hasPartyOrg: true, partyMembers: 5 },
    { orgName: "乙公司", township: "太平镇", headcount: 30, hasUnion: true, unionMembers: 20, contactPhone: "0751-3321234" },
    { orgName: "丙协会", township: "顿岗镇", orgType: "社会组织", headcount: 10 },
    { orgName: "丁厂", township: "县工业园", headcount: 99 },
  ]);
  await seed(db, [{ orgName: "戊公司", township: "顿岗镇", headcount: 25 }], new Date("2026-11-20T02:00:00Z"));
});
afterAll(() => db.$disconnect());

describe("ledger JSON", () => {
  it("has exactly the DESIGN.md §4 keys, in order", async () => {
    const { data } = await exportLedger(db, { format: "json", townships: DEFAULT_TOWNSHIPS, now });
    const list = JSON.parse(data as string) as Record<string, unknown>[];
    expect(list).toHaveLength(5);
    for (const e of list) {
      expect(Object.keys(e)).toEqual(["orgName", "township", "orgType", "headcount", "hasUnion", "unionMembers", "hasPartyOrg", "partyMembers", "contactName", "contactPhone", "priority", "guidance", "version", "reportedAt", "reportedBy"]);
    }
    const jia = list.find((e) => e.orgName === "甲公司");
    expect(jia).toEqual({ orgName: "甲公司", township: "太平镇", orgType: "企业", headcount: 120, hasUnion: false, unionMembers: null, hasPartyOrg: true, partyMembers: 5, contactName: "李明", contactPhone: "13812345678", priority: "focus", guidance: ["build-union"], version: 1, reportedAt: "2026-11-24T10:00:00+08:00", reportedBy: "测试" });
    expect(list.map((e) => e.township)).toEqual(["太平镇", "太平镇", "顿岗镇", "顿岗镇", "县工业园"]);
  });
});

describe("ledger CSV", () => {
  it("is UTF-8 with BOM and Chinese headers", async () => {
    const { data } = await exportLedger(db, { format: "csv", townships: DEFAULT_TOWNSHIPS, now, township: "太平镇" });
    const csv = data as string;
    expect(csv.startsWith("\uFEFF单位名称,所属乡镇（园区）,单位类型,职工人数")).toBe(true);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(3);
    expect(csv).toContain("甲公司,太平镇,企业,120,否,,是,5,李明,13812345678,集中攻坚（100人以上未建工会）,尽快建立工会,1,2026-11-24 10:00,测试");
  });
});

describe("ledger xlsx", () => {
  it("reads back: 汇总 plus one sheet per township, Chinese headers, values", async () => {
    const { data } = await exportLedger(db, { format: "xlsx", townships: DEFAULT_TOWNSHIPS, now });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", ...DEFAULT_TOWNSHIPS]);
    const taiping = wb.getWorksheet("太平镇")!;
    expect(taiping.getRow(1).values).toEqual([undefined, "序号", "单位名称", "所属乡镇（园区）", "单位类型", "职工人数", "是否已建立工会", "工会会员人数", "是否已建立党组织", "党员人数", "联系人", "联系电话", "分类", "指导意见（《实施意见》三（二）2）", "版本", "填报时间", "填报人"]);
    expect(taiping.rowCount).toBe(3);
    const yi = taiping.getRow(3);
    expect(yi.getCell(2).value).toBe("乙公司");
    expect(yi.getCell(5).value).toBe(30);
    expect(yi.getCell(7).value).toBe(20);
    expect(yi.getCell(11).value).toBe("0751-3321234");
    expect(yi.getCell(12).value).toBe("已建工会");
    expect(wb.getWorksheet("马市镇")!.rowCount).toBe(1);
    const summary = wb.getWorksheet("汇总")!;
    expect(summary.getRow(2).values).toEqual([undefined, "乡镇（园区）", "已填报（家）", "本周填报（家）", "已建工会（家）", "25人以上未建工会（家）", "其中100人以上（家）"]);
    expect(summary.getRow(3).values).toEqual([undefined, "太平镇", 2, 2, 1, 1, 1]);
    const rows = summary.getSheetValues().filter(Boolean) as unknown[][];
    const total = rows.find((r) => r[1] === "合计");
    expect(total).toEqual([undefined, "合计", 5, 4, 1, 3, 1]);
  });

  // Its speed (target ≤ 3 s) is measured by `npm run bench`, not here.
  it("5,000 organisations export into one workbook, every one on its township's sheet", async () => {
    const entries = (await listLedger(db)).slice(0, 1);
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...entries[0], orgName: `单位${i}`, township: DEFAULT_TOWNSHIPS[i % DEFAULT_TOWNSHIPS.length] }));
    const buf = await ledgerXlsx(many, { townships: DEFAULT_TOWNSHIPS, now });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const perSheet = DEFAULT_TOWNSHIPS.map((t) => wb.getWorksheet(t)!.rowCount - 1);
    expect(perSheet.reduce((a, b) => a + b, 0)).toBe(5000);
  });
});

describe("ledgerStats", () => {
  it("counts per township with this week since Monday (Shanghai)", async () => {
    const stats = await ledgerStats(db, { townships: DEFAULT_TOWNSHIPS, now });
    expect(stats.map((s) => s.township)).toEqual(DEFAULT_TOWNSHIPS);
    expect(stats.find((s) => s.township === "顿岗镇")).toEqual({ township: "顿岗镇", reported: 2, targetsLeft: 1, focusLeft: 0, established: 0, reportedThisWeek: 1 });
    expect(stats.find((s) => s.township === "太平镇")).toEqual({ township: "太平镇", reported: 2, targetsLeft: 1, focusLeft: 1, established: 1, reportedThisWeek: 2 });
    expect(stats.find((s) => s.township === "县工业园")).toMatchObject({ targetsLeft: 1, focusLeft: 0 });
    expect(await ledgerStats(db, { townships: DEFAULT_TOWNSHIPS, now, township: "马市镇" })).toEqual([{ township: "马市镇", reported: 0, targetsLeft: 0, focusLeft: 0, established: 0, reportedThisWeek: 0 }]);
  });
});

describe("ledger CLI", () => {
  const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures/ledger-cli.ts"), ...args], { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8" });

  it("export json to stdout, xlsx to a file, stats --json", async () => {
    const json = await cli(["ledger", "export", "--format", "json", "--db", dbFile, "--township", "顿岗"]);
    expect((JSON.parse(json.stdout) as { orgName: string }[]).map((e) => e.orgName).sort()).toEqual(["丙协会", "戊公司"].sort());
    const out = path.join(path.dirname(dbFile), "台账.xlsx");
    await cli(["ledger", "export", "--format", "xlsx", "--out", out, "--db", dbFile]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0].name).toBe("汇总");
    const stats = await cli(["ledger", "stats", "--json", "--db", dbFile]);
    expect(JSON.parse(stats.stdout)).toHaveLength(DEFAULT_TOWNSHIPS.length);
    expect(fs.existsSync(out)).toBe(true);
  });

  it("bad arguments fail with one Chinese line", async () => {
    for (const [args, msg] of [
      [["ledger", "export", "--format", "pdf", "--db", dbFile], "--format 只能是"],
      [["ledger", "export", "--format", "xlsx", "--db", dbFile], "--out"],
      [["ledger", "export", "--township", "北京", "--db", dbFile], "未知的乡镇"],
      [["ledger", "stats", "--db", "/nonexistent/x.db"], "数据库文件不存在"],
    ] as const) {
      const err = (await cli([...args]).then(() => null, (e: { code: number; stderr: string }) => e))!;
      expect(err).not.toBeNull();
      expect(err.code).toBe(2);
      expect(err.stderr.trim().split("\n")).toHaveLength(1);
      expect(err.stderr).toContain(msg);
    }
  });
});

describe("CSV formula neutralisation (OWASP)", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ["+1+2", "'+1+2"],
    ["-2+3+HYPERLINK(\"http://x.example\",\"点我\")", "\"'-2+3+HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\""],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "\"'\r=1+1\""],
  ])("%s is text", (input, cell) => {
    expect(csvCell(input)).toBe(cell);
  });

  it("keeps plain numbers, negative ones included, as numbers", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell("+3")).toBe("+3");
    expect(csvCell(120)).toBe("120");
    expect(csvCell("甲公司")).toBe("甲公司");
  });
});
