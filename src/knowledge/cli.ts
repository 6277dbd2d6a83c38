import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDb } from "../db/client.ts";
import { dbOption, UsageError } from "../cli-support.ts";
import { createLogger } from "../logger.ts";
import { askRows, documentOfRow, parseEvalRows, scoreEval } from "./eval.ts";
import { DocumentFormatError } from "./formats.ts";
import { documentLine } from "./feature.ts";
import { KnowledgeBase } from "./kb.ts";
import { streamProgress } from "./progress.ts";
import type { AnswerResult } from "./types.ts";

/**
 * Runs `fn` on the knowledge base, synchronised with the folder, and closes the database after; `load: false` leaves the
 * in-memory index unbuilt (commands that only manage documents).
 */
async function withKb(dbFile: string | undefined, progress: boolean, load: boolean, fn: (kb: KnowledgeBase) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({ ...process.env, ...(dbFile ? { DB_FILE: dbFile } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.problems.join("；"));
    throw e;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? "warn");
  fs.mkdirSync(path.dirname(path.resolve(config.DB_FILE)), { recursive: true });
  const db = await openDb(config.DB_FILE);
  const kb = new KnowledgeBase({ db, dir: config.KNOWLEDGE_DIR, config, log });
  const report = await kb.refresh(progress ? streamProgress(process.stderr) : undefined, { load });
  if (progress) {
    process.stderr.write(
      `知识库索引：新增 ${report.added.length}，更新 ${report.changed.length}，移除 ${report.removed.length}，未变 ${report.unchanged.length}${report.superseded.length ? `，旧版本移出 ${report.superseded.length}` : ""}${report.embedded ? `，向量 ${report.embedded}` : ""}\n`,
    );
  }
  for (const f of report.failed) process.stderr.write(`未能索引 ${f.source}：${f.reason}\n`);
  try {
    await fn(kb);
  } finally {
    await db.$disconnect();
  }
}

/** Reads and parses a file named on the command line; failing either is a usage error (无法读取问答集 …：…). */
function readArgument<T>(file: string, what: string, parse: (content: Buffer) => T): T {
  try {
    return parse(fs.readFileSync(file));
  } catch (e) {
    throw new UsageError(`无法读取${what} ${file}：${(e as Error).message}`);
  }
}

/** Prints an answer: the JSON object, or the answer with its sources (出处) when it is grounded. */
function printAnswer(a: AnswerResult, json: boolean): void {
  const sources = a.grounded && a.citations.length ? ["", "出处：", ...new Set(a.citations.map((c) => `· ${c.cite}（${c.source}）`))] : [];
  process.stdout.write(`${json ? JSON.stringify(a) : [a.answer, ...sources].join("\n")}\n`);
}

/**
 * Adds the knowledge commands to the program: `ask`, `eval` and `kb index`.
 * Logs and progress go to standard error; with --json, standard output carries the JSON alone.
 */
export function registerKnowledgeCommands(program: Command): void {
  program
    .command("ask")
    .description("政策问答：根据知识库文件回答一个问题，并给出条款出处")
    .argument("<问题>", "要问的问题，例如 “工联会主席由谁兼任？”")
    .option("--json", "输出一个 JSON 对象（仅此内容）")
    .addOption(dbOption())
    .action(async (question: string, opts: { json?: boolean; db?: string }) => {
      if (!question.trim()) throw new UsageError("问题不能为空");
      await withKb(opts.db, false, true, async (kb) => printAnswer(await kb.ask(question), Boolean(opts.json)));
    });

  program
    .command("eval")
    .description("用问答集评估知识库（每行一个 JSON：id、q、expect 或 outOfScope）")
    .argument("<file>", "问答集文件（.jsonl）")
    .option("--k <K>", "hitK 统计前 K 条出处", "3")
    .option("--json", "输出一个 JSON 对象（仅此内容）")
    .addOption(dbOption())
    .action(async (file: string, opts: { k: string; json?: boolean; db?: string }) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1) throw new UsageError(`--k 必须是正整数（当前为 ${opts.k}）`);
      const rows = readArgument(file, "问答集", (b) => parseEvalRows(b.toString("utf8")));
      await withKb(opts.db, false, true, async (kb) => {
        const { answers, latencies } = await askRows(kb, rows);
        const docs = kb.documents();
        const texts = new Map(docs.map((d) => [d.source, ""]));
        for (const c of (await kb.ready()).clauses) texts.set(c.source, `${texts.get(c.source) ?? ""}\n${c.text}`);
        const report = scoreEval(rows, answers, latencies, k, (row) => documentOfRow(row, docs, texts));
        const lines = [
          `题数 ${report.n}`,
          `首条命中率 hit1 ${report.hit1}`,
          `前 ${k} 条命中率 hit${k} ${report.hit3}`,
          `回答命中率 ${report.answerHit}`,
          `超范围拒答率 ${report.oosRejected}`,
          `误拒答 ${report.falseRefusals} 题`,
          `耗时 p50 ${report.p50ms} 毫秒，p95 ${report.p95ms} 毫秒`,
          `未命中：${report.misses.length ? report.misses.join("、") : "无"}`,
          ...Object.entries(report.documents ?? {}).map(([d, f]) => `《${d}》${f.n} 题：hit1 ${f.hit1}，hit${k} ${f.hit3}，回答命中率 ${f.answerHit}，误拒答 ${f.falseRefusals}`),
        ];
        process.stdout.write(`${opts.json ? JSON.stringify(report) : lines.join("\n")}\n`);
      });
    });

  const kbCmd = program.commands.find((c) => c.name() === "kb") ?? program.command("kb").description("知识库：建立索引、加入、列出、删除文件");
  kbCmd
    .command("index")
    .description("按 knowledge/ 目录更新知识库索引（只重建有变化的文件），进度条显示在标准错误")
    .option("--all", "重新解析全部文件")
    .addOption(dbOption())
    .action(async (opts: { db?: string; all?: boolean }) => {
      await withKb(opts.db, !opts.all, true, async (kb) => {
        if (opts.all) await kb.reindex(streamProgress(process.stderr));
        const docs = kb.documents();
        process.stderr.write(`共 ${docs.length} 个文件：${docs.map((d) => `《${d.shortName}》`).join("")}\n`);
      });
    });

  kbCmd
    .command("add")
    .description("把一个文件（.txt .md .docx .doc .pdf）加入知识库：复制到 knowledge/ 并建立索引；同一文件的旧版本被替换")
    .argument("<FILE>", "要加入的文件")
    .option("--json", "输出一个 JSON 对象（仅此内容）")
    .addOption(dbOption())
    .action(async (file: string, opts: { json?: boolean; db?: string }) => {
      const content = readArgument(file, "文件", (b) => b);
      await withKb(opts.db, false, false, async (kb) => {
        try {
          const r = await kb.addDocument(path.basename(file), content, streamProgress(process.stderr));
          if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else process.stdout.write(`${documentLine(r.document)}\n${r.samples.length ? `示例出处：《${r.document.shortName}》${r.samples.join("、")}\n` : ""}${r.replaced.length ? `已替换旧版本：${r.replaced.map((d) => d.source).join("、")}\n` : ""}`);
        } catch (e) {
          if (e instanceof DocumentFormatError) throw new UsageError(e.message);
          throw e;
        }
      });
    });

  kbCmd
    .command("list")
    .description("列出知识库里的文件（编号、名称、发文机关、日期、条数、文件名）")
    .option("--json", "输出 JSON 数组（仅此内容）")
    .addOption(dbOption())
    .action(async (opts: { json?: boolean; db?: string }) => {
      await withKb(opts.db, false, false, async (kb) => {
        const docs = await kb.listDocuments();
        if (opts.json) process.stdout.write(`${JSON.stringify(docs)}\n`);
        else process.stdout.write(docs.length ? `${docs.map(documentLine).join("\n")}\n` : "知识库里还没有文件\n");
      });
    });

  kbCmd
    .command("remove")
    .description("从知识库删除一个文件（编号见 kb list）；原文件移到 knowledge/.removed/ 备查")
    .argument("<ID>", "文件编号")
    .addOption(dbOption())
    .action(async (idText: string, opts: { db?: string }) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`编号必须是正整数（当前为 ${idText}）`);
      await withKb(opts.db, false, false, async (kb) => {
        const removed = await kb.removeDocument(id);
        if (!removed) throw new UsageError(`没有编号为 ${id} 的文件（用 kb list 查看编号）`);
        process.stdout.write(`已删除：${documentLine(removed)}\n`);
      });
    });
}
