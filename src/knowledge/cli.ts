import fs from "node:fs";
import path from "node:path";
import { Option, type Command } from "commander";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDb, type Db } from "../db/client.ts";
import { UsageError } from "../cli-support.ts";
import { createLogger } from "../logger.ts";
import { parseEvalRows, scoreEval } from "./eval.ts";
import { KnowledgeBase } from "./kb.ts";
import type { AnswerResult } from "./types.ts";

/** A command-line problem the user can fix (printed as one Chinese line, exit code 2). */
const KbUsageError = UsageError;

async function openKb(dbFile: string | undefined, progress: boolean): Promise<{ kb: KnowledgeBase; db: Db; config: Config }> {
  let config: Config;
  try {
    config = loadConfig({ ...process.env, ...(dbFile ? { DB_FILE: dbFile } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new KbUsageError(e.problems.join("；"));
    throw e;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? "warn");
  fs.mkdirSync(path.dirname(path.resolve(config.DB_FILE)), { recursive: true });
  const db = await openDb(config.DB_FILE);
  const kb = new KnowledgeBase({ db, dir: config.KNOWLEDGE_DIR, config, log });
  const report = await kb.refresh(progress ? (line) => process.stderr.write(`${line}\n`) : undefined);
  if (progress) {
    process.stderr.write(
      `知识库索引：新增 ${report.added.length}，更新 ${report.changed.length}，移除 ${report.removed.length}，未变 ${report.unchanged.length}${report.embedded ? `，向量 ${report.embedded}` : ""}\n`,
    );
  }
  return { kb, db, config };
}

function printAnswer(a: AnswerResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(a)}\n`);
    return;
  }
  const lines = [a.answer];
  if (a.grounded && a.citations.length) {
    lines.push("", "出处：");
    for (const c of a.citations) lines.push(`· ${c.section} ${c.title}（${c.source}）`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Adds the knowledge commands to the program: `ask`, `eval` and `kb index`.
 * Logs and progress go to standard error; with --json, standard output carries the JSON alone.
 */
export function registerKnowledgeCommands(program: Command): void {
  const dbOpt = () => new Option("--db <FILE>", "数据库文件（默认 DB_FILE，即 data/gonghui.db）");

  program
    .command("ask")
    .description("政策问答：根据知识库文件回答一个问题，并给出条款出处")
    .argument("<问题>", "要问的问题，例如 “工联会主席由谁兼任？”")
    .option("--json", "输出一个 JSON 对象（仅此内容）")
    .addOption(dbOpt())
    .action(async (question: string, opts: { json?: boolean; db?: string }) => {
      if (!question.trim()) throw new KbUsageError("问题不能为空");
      const { kb, db } = await openKb(opts.db, false);
      try {
        printAnswer(await kb.ask(question), Boolean(opts.json));
      } finally {
        await db.$disconnect();
      }
    });

  program
    .command("eval")
    .description("用问答集评估知识库（每行一个 JSON：id、q、expect 或 outOfScope）")
    .argument("<file>", "问答集文件（.jsonl）")
    .option("--k <K>", "hitK 统计前 K 条出处", "3")
    .option("--json", "输出一个 JSON 对象（仅此内容）")
    .addOption(dbOpt())
    .action(async (file: string, opts: { k: string; json?: boolean; db?: string }) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1) throw new KbUsageError(`--k 必须是正整数（当前为 ${opts.k}）`);
      let rows;
      try {
        rows = parseEvalRows(fs.readFileSync(file, "utf8"));
      } catch (e) {
        throw new KbUsageError(`无法读取问答集 ${file}：${(e as Error).message}`);
      }
      const { kb, db } = await openKb(opts.db, false);
      try {
        const answers: AnswerResult[] = [];
        const latencies: number[] = [];
        for (const row of rows) {
          const t0 = performance.now();
          answers.push(await kb.ask(row.q));
          latencies.push(performance.now() - t0);
        }
        const report = scoreEval(rows, answers, latencies, k);
        if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          process.stdout.write(
            [
              `题数 ${report.n}`,
              `首条命中率 hit1 ${report.hit1}`,
              `前 ${k} 条命中率 hit${k} ${report.hit3}`,
              `回答命中率 ${report.answerHit}`,
              `超范围拒答率 ${report.oosRejected}`,
              `误拒答 ${report.falseRefusals} 题`,
              `耗时 p50 ${report.p50ms} 毫秒，p95 ${report.p95ms} 毫秒`,
              `未命中：${report.misses.length ? report.misses.join("、") : "无"}`,
            ].join("\n") + "\n",
          );
        }
      } finally {
        await db.$disconnect();
      }
    });

  const kbCmd = program.commands.find((c) => c.name() === "kb") ?? program.command("kb").description("知识库");
  kbCmd
    .command("index")
    .description("按 knowledge/ 目录更新知识库索引（只重建有变化的文件），进度显示在标准错误")
    .addOption(dbOpt())
    .action(async (opts: { db?: string }) => {
      const { kb, db } = await openKb(opts.db, true);
      try {
        const docs = kb.documents();
        process.stderr.write(`共 ${docs.length} 个文件：${docs.map((d) => `《${d.shortName}》`).join("")}\n`);
      } finally {
        await db.$disconnect();
      }
    });
}
