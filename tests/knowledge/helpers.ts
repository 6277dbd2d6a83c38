import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDb, type Db } from "../../src/db/client.ts";
import { expect } from "vitest";
import { askRows, parseEvalRows, scoreEval, type EvalReport } from "../../src/knowledge/eval.ts";
import { KnowledgeBase, type KnowledgeBaseOptions } from "../../src/knowledge/kb.ts";

/** The repository's knowledge folder. */
export const KNOWLEDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../knowledge");
/** Inputs the project was given (the source text, the development question set), copied into the repository. */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
/** The raw opinions as committed. */
export const RAW_FILE = path.join(KNOWLEDGE_DIR, "implementation-opinions.txt");

/** A temporary folder holding a copy of the knowledge folder. */
export function tempKnowledgeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kb-"));
  fs.copyFileSync(RAW_FILE, path.join(dir, "implementation-opinions.txt"));
  return dir;
}

/** A knowledge base on a fresh database (offline unless the config says otherwise). */
export async function makeKb(opts: Partial<KnowledgeBaseOptions> & { dir?: string } = {}): Promise<{ kb: KnowledgeBase; db: Db; dir: string; close(): Promise<void> }> {
  const dir = opts.dir ?? tempKnowledgeDir();
  const db = opts.db ?? (await openDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kbdb-")), "kb.db")));
  const kb = new KnowledgeBase({
    db,
    dir,
    config: opts.config ?? { LLM_TIMEOUT_MS: 1000, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, OPENAI_MODEL: undefined, OPENAI_EMBEDDING_MODEL: undefined },
    embedder: opts.embedder,
    chat: opts.chat,
    log: opts.log,
    recheckMs: opts.recheckMs,
  });
  return { kb, db, dir, close: () => db.$disconnect() };
}

/** Asks every question of a JSON-lines set and scores the answers (hit@3). */
export async function evaluateFile(kb: KnowledgeBase, file: string): Promise<EvalReport> {
  const rows = parseEvalRows(fs.readFileSync(file, "utf8"));
  const { answers, latencies } = await askRows(kb, rows);
  return scoreEval(rows, answers, latencies, 3);
}

/** Asserts that each question is answered and the answer holds its phrase. */
export async function expectAnswered(kb: KnowledgeBase, pairs: Array<[question: string, phrase: string]>): Promise<void> {
  for (const [q, phrase] of pairs) {
    const a = await kb.ask(q);
    expect(a.grounded, q).toBe(true);
    expect(a.answer, q).toContain(phrase);
  }
}
