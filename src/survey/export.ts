/**
 * Ledger export: JSON exactly as DESIGN.md §4, CSV (UTF-8 with BOM, Chinese headers) and
 * xlsx (exceljs; a summary sheet 汇总 plus one sheet per township), as the county uses it.
 */
import type ExcelJS from "exceljs";
import { pushTo } from "../collections.ts";
import { formatShanghai } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { GUIDANCE_INFO, PRIORITY_INFO } from "./classify.ts";
import { CORE_KEYS, DEFAULT_SURVEY, type SurveyDefinition } from "./definition.ts";
import { listLedger, type LedgerEntry } from "./ledger.ts";
import { tallyStats, totalStats, type TownshipStats } from "./stats.ts";

export const EXPORT_FORMATS = ["json", "csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Cell = string | number | null;

/** One exported column: Chinese header, value and width (characters). */
export interface Column {
  header: string;
  width: number;
  value(e: LedgerEntry): Cell;
}

const yn = (b: unknown) => (b === true ? "是" : b === false ? "否" : "");
const shanghaiText = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** The columns of CSV and xlsx, the survey's extra fields after the core ones. */
export function ledgerColumns(def: SurveyDefinition = DEFAULT_SURVEY): Column[] {
  const cols: Column[] = [
    { header: "单位名称", width: 32, value: (e) => e.orgName },
    { header: "所属乡镇（园区）", width: 14, value: (e) => e.township },
    { header: "单位类型", width: 10, value: (e) => e.orgType },
    { header: "职工人数", width: 10, value: (e) => e.headcount },
    { header: "是否已建立工会", width: 10, value: (e) => yn(e.hasUnion) },
    { header: "工会会员人数", width: 10, value: (e) => e.unionMembers },
    { header: "是否已建立党组织", width: 10, value: (e) => yn(e.hasPartyOrg) },
    { header: "党员人数", width: 10, value: (e) => e.partyMembers },
    { header: "联系人", width: 10, value: (e) => e.contactName },
    { header: "联系电话", width: 15, value: (e) => e.contactPhone },
  ];
  for (const f of def.fields) {
    if ((CORE_KEYS as readonly string[]).includes(f.key)) continue;
    cols.push({ header: f.label, width: 12, value: (e) => (typeof e[f.key] === "boolean" ? yn(e[f.key]) : ((e[f.key] as Cell) ?? null)) });
  }
  cols.push(
    { header: "分类", width: 26, value: (e) => PRIORITY_INFO[e.priority]?.label ?? e.priority },
    { header: "指导意见（《实施意见》三（二）2）", width: 44, value: (e) => e.guidance.map((g) => GUIDANCE_INFO[g]?.label ?? g).join("；") },
    { header: "版本", width: 6, value: (e) => e.version },
    { header: "填报时间", width: 17, value: (e) => shanghaiText(e.reportedAt) },
    { header: "填报人", width: 12, value: (e) => e.reportedBy },
  );
  return cols;
}

/** JSON: an array of ledger entries, exactly the DESIGN.md §4 keys (plus extra fields if the survey has any). */
export function ledgerJson(entries: LedgerEntry[]): string {
  return JSON.stringify(entries, null, 2);
}

/** What a spreadsheet may read as a formula (OWASP CSV injection): =, +, -, @, tab, carriage return first. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number such as -5 or +3.5 stays a number. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** A CSV cell: text that could start a formula gets a leading ' (plain numbers excepted), then quoting. */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a UTF-8 BOM (Excel/WPS read the Chinese correctly), CRLF line ends. */
export function ledgerCsv(entries: LedgerEntry[], def: SurveyDefinition = DEFAULT_SURVEY): string {
  const cols = ledgerColumns(def);
  const lines = [cols.map((c) => csvCell(c.header)).join(",")];
  for (const e of entries) lines.push(cols.map((c) => csvCell(c.value(e))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const INVALID_SHEET_CHARS = /[\\/?*[\]:]/g;

function sheetName(name: string, used: Set<string>): string {
  const base = (name.replace(INVALID_SHEET_CHARS, "_").slice(0, 31) || "未分类").replace(/^'|'$/g, "_");
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base.slice(0, 28)}(${i})`;
  used.add(n);
  return n;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FFBFBFBF" } },
  bottom: { style: "thin", color: { argb: "FFBFBFBF" } },
  left: { style: "thin", color: { argb: "FFBFBFBF" } },
  right: { style: "thin", color: { argb: "FFBFBFBF" } },
};

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.height = 30;
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = BORDER;
  });
}

const SUMMARY_HEADERS = ["乡镇（园区）", "已填报（家）", "本周填报（家）", "已建工会（家）", "25人以上未建工会（家）", "其中100人以上（家）"];

function summaryRow(s: TownshipStats): (string | number)[] {
  return [s.township, s.reported, s.reportedThisWeek, s.established, s.targetsLeft, s.focusLeft];
}

/** Options of the xlsx export. */
export interface XlsxOptions {
  /** Township order (config TOWNSHIPS); each gets a sheet, even when empty. */
  townships: string[];
  now: Date;
  def?: SurveyDefinition;
  /** Only this township's sheet (and the summary). */
  township?: string;
}

/** The xlsx workbook: 汇总 first, then one sheet per township, Chinese headers, frozen header rows. */
export async function ledgerXlsx(entries: LedgerEntry[], opts: XlsxOptions): Promise<Buffer> {
  // Loaded on demand: exceljs is large and only exports need it.
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = "工会助手";
  wb.created = opts.now;
  const names = opts.township ? [opts.township] : opts.townships;
  const stats = tallyStats(entries.map((e) => ({ township: e.township, headcount: e.headcount, hasUnion: e.hasUnion, reportedAt: new Date(e.reportedAt) })), names, opts.now);

  const summary = wb.addWorksheet("汇总", { views: [{ state: "frozen", ySplit: 2 }] });
  summary.columns = SUMMARY_HEADERS.map((_, i) => ({ width: i === 0 ? 16 : 14 }));
  summary.addRow([`摸底排查台账汇总（截至 ${formatShanghai(opts.now, true)}）`]).font = { bold: true, size: 13 };
  summary.mergeCells(1, 1, 1, SUMMARY_HEADERS.length);
  styleHeader(summary.addRow(SUMMARY_HEADERS));
  for (const s of stats) summary.addRow(summaryRow(s)).eachCell((c) => (c.border = BORDER));
  const total = summary.addRow(summaryRow(totalStats(stats)));
  total.font = { bold: true };
  total.eachCell((c) => (c.border = BORDER));
  summary.addRow([]);
  summary.addRow(["说明：依据《实施意见》二，25人以上未建工会的经济组织和社会组织年底前应建尽建；100人以上的开展集中攻坚。“以上”含本数。"]);

  const cols = ledgerColumns(opts.def);
  const used = new Set<string>(["汇总"]);
  const byTownship = new Map<string, LedgerEntry[]>();
  for (const e of entries) pushTo(byTownship, e.township, e);
  for (const s of stats) {
    const ws = wb.addWorksheet(sheetName(s.township, used), { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
    ws.columns = [{ header: "序号", width: 6 }, ...cols.map((c) => ({ header: c.header, width: c.width }))];
    styleHeader(ws.getRow(1));
    const list = byTownship.get(s.township) ?? [];
    list.forEach((e, i) => ws.addRow([i + 1, ...cols.map((c) => c.value(e))]));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length + 1 } };
  }
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

const COLLATOR = new Intl.Collator("zh-Hans-CN");

/** The ledger in export order: by the township list, then by name in pinyin order. */
export async function ledgerInExportOrder(db: Db, opts: { townships: string[]; township?: string }): Promise<LedgerEntry[]> {
  const entries = await listLedger(db, { township: opts.township });
  const order = new Map(opts.townships.map((t, i) => [t, i]));
  return entries.sort((a, b) => (order.get(a.township) ?? 999) - (order.get(b.township) ?? 999) || COLLATOR.compare(a.orgName, b.orgName));
}

/** Loads the ledger and renders it in a format (ordered by township list, then name in pinyin order). */
export async function exportLedger(
  db: Db,
  opts: { format: ExportFormat; townships: string[]; now: Date; township?: string; def?: SurveyDefinition },
): Promise<{ data: string | Buffer; count: number }> {
  const entries = await ledgerInExportOrder(db, opts);
  const data =
    opts.format === "json" ? ledgerJson(entries) : opts.format === "csv" ? ledgerCsv(entries, opts.def) : await ledgerXlsx(entries, { townships: opts.townships, now: opts.now, def: opts.def, township: opts.township });
  return { data, count: entries.length };
}
