import type { AnswerResult } from "./types.ts";

/** One evaluation row (JSON lines, as tests/fixtures/qa-dev.jsonl). */
export interface EvalRow {
  id: string;
  q: string;
  /** Phrases of which one must appear. */
  expect?: string[];
  outOfScope?: boolean;
  /** The document the row asks about (short name, title or file); found from the expected phrases when absent. */
  doc?: string;
}

/** Figures of the in-scope rows of one document. */
export interface DocumentFigures {
  n: number;
  hit1: number;
  hit3: number;
  answerHit: number;
  /** Count of in-scope rows declined. */
  falseRefusals: number;
}

/**
 * What became of one row: in scope, the expected phrase in the first citation, within the first K, in none, or the
 * question declined; out of scope, declined or answered. Two runs' statuses compare row by row.
 */
export type RowStatus = "hit1" | "hitK" | "miss" | "refused" | "declined" | "answered";

/** Evaluation figures, as `eval --json` prints them. */
export interface EvalReport extends DocumentFigures {
  /** Fraction (0–1) of out-of-scope rows declined (1 when there are none). */
  oosRejected: number;
  p50ms: number;
  p95ms: number;
  /** Ids of rows that failed: in scope and not hit within k, answer lacking the phrase, or declined; out of scope and answered. */
  misses: string[];
  /** Each row's status by id. */
  rows: Record<string, RowStatus>;
  /** In-scope figures per document (by the document each row asks about), when documents are known. */
  documents?: Record<string, DocumentFigures>;
}

/** Parses JSON lines into rows; blank lines are skipped, a bad line throws with its number. */
export function parseEvalRows(text: string): EvalRow[] {
  const rows: EvalRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let row: EvalRow;
    try {
      row = JSON.parse(line) as EvalRow;
    } catch {
      throw new Error(`第 ${i + 1} 行不是合法的 JSON`);
    }
    if (typeof row.q !== "string") throw new Error(`第 ${i + 1} 行缺少 q`);
    rows.push({ ...row, id: String(row.id ?? i + 1) });
  });
  return rows;
}

/** Asks every row's question in turn, timing each answer (ms). */
export async function askRows(kb: { ask(question: string): Promise<AnswerResult> }, rows: EvalRow[]): Promise<{ answers: AnswerResult[]; latencies: number[] }> {
  const answers: AnswerResult[] = [];
  const latencies: number[] = [];
  for (const row of rows) {
    const t0 = performance.now();
    answers.push(await kb.ask(row.q));
    latencies.push(performance.now() - t0);
  }
  return { answers, latencies };
}

const loose = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

/** True when one of the phrases occurs in the text (width and whitespace ignored). */
export function containsAny(text: string, phrases: string[]): boolean {
  const t = loose(text);
  return phrases.some((p) => t.includes(loose(p)));
}

/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Scores answers against rows. hitK: an expected phrase in the text of one of the first
 * K citations; answerHit: in the answer; denominators are the in-scope rows.
 */
export function scoreEval(rows: EvalRow[], answers: AnswerResult[], latenciesMs: number[], k = 3, documentOf?: (row: EvalRow) => string | null): EvalReport {
  const perDoc = new Map<string, { n: number; hit1: number; hitK: number; answerHit: number; falseRefusals: number }>();
  let inScope = 0;
  let hit1 = 0;
  let hitK = 0;
  let answerHit = 0;
  let oos = 0;
  let oosDeclined = 0;
  let falseRefusals = 0;
  const misses: string[] = [];
  const statuses: Record<string, RowStatus> = {};
  rows.forEach((row, i) => {
    const a = answers[i];
    if (row.outOfScope || !row.expect?.length) {
      oos++;
      if (!a.grounded) oosDeclined++;
      else misses.push(row.id);
      statuses[row.id] = a.grounded ? "answered" : "declined";
      return;
    }
    inScope++;
    const texts = a.grounded ? a.citations.map((c) => c.text) : [];
    const h1 = texts.length > 0 && containsAny(texts[0], row.expect);
    const hk = texts.slice(0, k).some((t) => containsAny(t, row.expect!));
    const ah = a.grounded && containsAny(a.answer, row.expect);
    if (h1) hit1++;
    if (hk) hitK++;
    if (ah) answerHit++;
    if (!a.grounded) falseRefusals++;
    if (!hk || !ah || !a.grounded) misses.push(row.id);
    statuses[row.id] = !a.grounded ? "refused" : h1 ? "hit1" : hk ? "hitK" : "miss";
    const doc = documentOf?.(row);
    if (doc) {
      const f = perDoc.get(doc) ?? { n: 0, hit1: 0, hitK: 0, answerHit: 0, falseRefusals: 0 };
      f.n++;
      f.hit1 += Number(h1);
      f.hitK += Number(hk);
      f.answerHit += Number(ah);
      f.falseRefusals += Number(!a.grounded);
      perDoc.set(doc, f);
    }
  });
  const documents = documentOf
    ? Object.fromEntries([...perDoc].map(([d, f]) => [d, { n: f.n, hit1: round(f.hit1 / f.n), hit3: round(f.hitK / f.n), answerHit: round(f.answerHit / f.n), falseRefusals: f.falseRefusals }]))
    : undefined;
  return {
    n: rows.length,
    hit1: inScope ? round(hit1 / inScope) : 0,
    hit3: inScope ? round(hitK / inScope) : 0,
    answerHit: inScope ? round(answerHit / inScope) : 0,
    oosRejected: oos ? round(oosDeclined / oos) : 1,
    falseRefusals,
    p50ms: round(percentile(latenciesMs, 50), 2),
    p95ms: round(percentile(latenciesMs, 95), 2),
    misses,
    rows: statuses,
    ...(documents ? { documents } : {}),
  };
}

/**
 * The document an evaluation row asks about: its `doc` field matched to a document's short
 * name, title or file, else the first document whose text holds one of the expected phrases.
 */
export function documentOfRow(row: EvalRow, docs: Array<{ source: string; title: string; shortName: string }>, texts: Map<string, string>): string | null {
  if (row.doc) {
    const d = docs.find((x) => [x.shortName, x.title, x.source].includes(row.doc!));
    return d?.shortName ?? row.doc;
  }
  if (row.outOfScope || !row.expect?.length) return null;
  return docs.find((d) => containsAny(texts.get(d.source) ?? "", row.expect!))?.shortName ?? null;
}
