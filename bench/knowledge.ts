import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ingestText } from "../src/knowledge/ingest.ts";
import { buildMessages, LLM_CLAUSES } from "../src/knowledge/llm.ts";
import { recordsOf } from "../src/knowledge/records.ts";
import { LexicalIndex } from "../src/knowledge/retrieve.ts";
import { scopeDecision } from "../src/knowledge/scope.ts";
import type { KbChunkRecord } from "../src/knowledge/types.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

function questions(): string[] {
  const files = [path.join(root, "tests/knowledge/qa-colloquial.jsonl"), path.join(root, "tests/knowledge/qa-colloquial-2.jsonl"), path.join(root, "tests/fixtures/qa-dev.jsonl")];
  return files
    .flatMap((f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l.trim()))
    .map((l) => (JSON.parse(l) as { q: string }).q);
}

/** Times `search` (and the scope decision) over the questions, `rounds` times; returns per-query milliseconds. */
function timeQueries(index: LexicalIndex, qs: string[], rounds: number): number[] {
  for (const q of qs) index.search(q);
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of qs) {
      const t0 = performance.now();
      scopeDecision(q, index.search(q, { k: 4 }));
      out.push(performance.now() - t0);
    }
  }
  return out;
}

/** A synthetic knowledge base: clauses recombined from the opinions' phrases, with numbered places. */
function syntheticChunks(base: KbChunkRecord[], target: number): KbChunkRecord[] {
  const phrases = base.flatMap((c) => c.text.split(/[，。；]/)).filter((p) => p.length >= 4);
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const out: KbChunkRecord[] = [];
  let doc = 0;
  while (out.length < target) {
    const source = `synthetic-${doc++}.txt`;
    for (let i = 0; i < 200 && out.length < target; i++) {
      const n = 2 + rand(6);
      const text = Array.from({ length: n }, () => phrases[rand(phrases.length)]).join("，") + "。";
      const section = `${"一二三四五六七八九十"[rand(10)]}（${"一二三四五"[rand(5)]}）${1 + rand(9)}`;
      out.push({ id: out.length + 1, source, ord: i, section, title: phrases[rand(phrases.length)], headings: [phrases[rand(phrases.length)], phrases[rand(phrases.length)]], text, kind: "clause", parent: null });
    }
  }
  return out;
}

async function countTokens(): Promise<{ count: (s: string) => number; unit: string }> {
  try {
    const { Tiktoken } = await import("js-tiktoken/lite");
    const ranks = (await import("js-tiktoken/ranks/cl100k_base")).default;
    const enc = new Tiktoken(ranks);
    return { count: (s) => enc.encode(s).length, unit: "tokens (cl100k_base)" };
  } catch {
    return { count: (s) => s.length, unit: "chars" };
  }
}

/** Retrieval latency (document and ≥ 10,000-chunk synthetic base), index build time, prompt size per LLM answer. */
export async function run(): Promise<Record<string, string | number>> {
  const raw = fs.readFileSync(path.join(root, "knowledge/implementation-opinions.txt"), "utf8");
  const qs = questions();

  let t0 = performance.now();
  const doc = ingestText("implementation-opinions.txt", raw);
  const { chunks, docs } = recordsOf([doc]);
  const index = new LexicalIndex(chunks);
  const buildDoc = performance.now() - t0;
  const docTimes = timeQueries(index, qs, 20);

  const synthetic = syntheticChunks(chunks, 10_000);
  t0 = performance.now();
  const big = new LexicalIndex([...chunks, ...synthetic]);
  const buildBig = performance.now() - t0;
  const bigTimes = timeQueries(big, qs, 3);

  const { count, unit } = await countTokens();
  const tokens: number[] = [];
  for (const q of qs) {
    const result = index.search(q, { k: LLM_CLAUSES });
    if (scopeDecision(q, result) || !result.clauses.length) continue;
    const messages = await buildMessages(q, result.clauses, docs);
    tokens.push(messages.reduce((a, m) => a + count(m.content) + 4, 3));
  }

  return {
    "document chunks": chunks.length,
    "document retrieval p50 ms": ms(percentile(docTimes, 50)),
    "document retrieval p95 ms (target ≤ 2)": ms(percentile(docTimes, 95)),
    "document index build ms": ms(buildDoc),
    "synthetic chunks": synthetic.length + chunks.length,
    "synthetic retrieval p50 ms": ms(percentile(bigTimes, 50)),
    "synthetic retrieval p95 ms (target ≤ 20)": ms(percentile(bigTimes, 95)),
    "synthetic index build ms": ms(buildBig),
    [`prompt ${unit} per LLM answer, mean`]: Math.round(tokens.reduce((a, b) => a + b, 0) / Math.max(1, tokens.length)),
    [`prompt ${unit} per LLM answer, max (target ≤ 1600)`]: Math.max(0, ...tokens),
  };
}
