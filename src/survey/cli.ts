/**
 * `gonghui ledger export|stats`: the ledger for the county, from the command line.
 * Standard output carries the data alone (JSON, CSV, or the table); errors are one
 * Chinese line on standard error with a non-zero exit.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { matchTownship } from "../admin/townships.ts";
import { systemClock } from "../clock.ts";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDb, type Db } from "../db/client.ts";
import { EXPORT_FORMATS, exportLedger, type ExportFormat } from "./export.ts";
import { ledgerStats, statsLine, totalStats } from "./stats.ts";

/** A bad argument: printed as “错误：…”, exit code 2. */
export class LedgerCliError extends Error {}

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new LedgerCliError(err.problems.join("；"));
    throw err;
  }
}

async function withDb<T>(file: string, fn: (db: Db) => Promise<T>): Promise<T> {
  if (file !== ":memory:" && !fs.existsSync(file)) throw new LedgerCliError(`数据库文件不存在：${file}（可用 --db 指定）`);
  const db = await openDb(file);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof LedgerCliError) {
      process.stderr.write(`错误：${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

function township(cfg: Config, input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const t = matchTownship(input, cfg.TOWNSHIPS);
  if (!t) throw new LedgerCliError(`未知的乡镇「${input}」，可选：${cfg.TOWNSHIPS.join("、")}`);
  return t;
}

/** Adds `ledger export` and `ledger stats` to the program. */
export function registerSurveyCommands(program: Command): void {
  const ledger = program.command("ledger").description("摸底排查台账：导出、进度统计");

  ledger
    .command("export")
    .description("导出台账：json（默认输出到标准输出）、csv（UTF-8 带 BOM）或 xlsx（汇总表加每个乡镇一张表）")
    .option("--format <格式>", "json、csv 或 xlsx", "json")
    .option("--out <文件>", "写入文件（xlsx 必须指定）")
    .option("--township <名称>", "只导出一个乡镇（园区），可用简称，如 顿岗、园区")
    .option("--db <FILE>", "数据库文件（默认 DB_FILE，即 data/gonghui.db）")
    .action((opts: { format: string; out?: string; township?: string; db?: string }) =>
      guarded(async () => {
        const format = opts.format.toLowerCase() as ExportFormat;
        if (!EXPORT_FORMATS.includes(format)) throw new LedgerCliError(`--format 只能是 json、csv 或 xlsx（收到「${opts.format}」）`);
        if (format === "xlsx" && !opts.out) throw new LedgerCliError("xlsx 格式需要用 --out 指定文件，例如 --out 台账.xlsx");
        const cfg = config();
        const only = township(cfg, opts.township);
        const { data, count } = await withDb(opts.db ?? cfg.DB_FILE, (db) => exportLedger(db, { format, townships: cfg.TOWNSHIPS, now: systemClock.now(), township: only }));
        if (opts.out) {
          fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
          fs.writeFileSync(opts.out, data);
          process.stderr.write(`已导出 ${count} 家单位到 ${opts.out}\n`);
        } else {
          process.stdout.write(typeof data === "string" ? (data.endsWith("\n") ? data : `${data}\n`) : data);
        }
      }),
    );

  ledger
    .command("stats")
    .description("各乡镇（园区）进度：已填报、25人以上未建工会、100人以上未建工会、已建工会、本周填报")
    .option("--json", "输出 JSON 数组（仅此内容）")
    .option("--township <名称>", "只看一个乡镇（园区）")
    .option("--db <FILE>", "数据库文件（默认 DB_FILE，即 data/gonghui.db）")
    .action((opts: { json?: boolean; township?: string; db?: string }) =>
      guarded(async () => {
        const cfg = config();
        const only = township(cfg, opts.township);
        const stats = await withDb(opts.db ?? cfg.DB_FILE, (db) => ledgerStats(db, { townships: cfg.TOWNSHIPS, now: systemClock.now(), township: only }));
        if (opts.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
        else process.stdout.write(`${[...stats, ...(stats.length > 1 ? [totalStats(stats)] : [])].map(statsLine).join("\n")}\n`);
      }),
    );
}
