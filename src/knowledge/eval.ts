import { pushTo } from "../collections.ts";
import type { AnswerResult } from "./types.ts";

/** One evaluation row (JSON lines, as tests/fixtures/qa-dev.jsonl). */
interface EvalRow {
  id: string;
  q: string;
  /** Phrases of which one must appear. */
  expect?: string[];
  outOfScope?: boolean;
  /** The document the row asks about (short name, title or file); found from the expected phrases when absent. */
  doc?: string;
}

/** Figures of the in-scope rows of one document. */
interface DocumentFigures {
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
type RowStatus = "hit1" | "hitK" | "miss" | "refused" | "declined" | "answered";

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
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    let row: EvalRow;
    try {
      row = JSON.parse(line) as EvalRow;
    } catch {
      throw new Error(`第 ${i + 1} 行不是合法的 JSON`);
    }
    if (typeof row.q !== "string") throw new Error(`第 ${i + 1} 行缺少 q`);
    return [{ ...row, id: String(row.id ?? i + 1) }];
  });
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
function containsAny(text: string, phrases: string[]): boolean {
  const t = loose(text);
  return phrases.some((p) => t.includes(loose(p)));
}

/** Percentile (nearest rank) of a list of numbers. */
function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One in-scope row's outcome: hit1, hitK, the answer holding the phrase, declined. */
type Scored = Record<"h1" | "hk" | "ah" | "refused", boolean>;

/** The figures of some in-scope rows (0 when there are none). */
function figuresOf(list: Scored[]): DocumentFigures {
  const share = (f: (s: Scored) => boolean) => (list.length ? round(list.filter(f).length / list.length) : 0);
  return { n: list.length, hit1: share((s) => s.h1), hit3: share((s) => s.hk), answerHit: share((s) => s.ah), falseRefusals: list.filter((s) => s.refused).length };
}

/**
 * Scores answers against rows. hitK: an expected phrase in the text of one of the first
 * K citations; answerHit: in the answer; denominators are the in-scope rows.
 */
export function scoreEval(rows: EvalRow[], answers: AnswerResult[], latenciesMs: number[], k: number, documentOf?: (row: EvalRow) => string | null): EvalReport {
  const scored: Scored[] = [];
  const perDoc = new Map<string, Scored[]>();
  /** Out of scope: declined or not, per row. */
  const oos: boolean[] = [];
  const misses: string[] = [];
  const statuses: Record<string, RowStatus> = {};
  rows.forEach((row, i) => {
    const a = answers[i];
    if (row.outOfScope || !row.expect?.length) {
      oos.push(!a.grounded);
      if (a.grounded) misses.push(row.id);
      statuses[row.id] = a.grounded ? "answered" : "declined";
      return;
    }
    const texts = a.grounded ? a.citations.map((c) => c.text) : [];
    const s = {
      h1: texts.length > 0 && containsAny(texts[0], row.expect),
      hk: texts.slice(0, k).some((t) => containsAny(t, row.expect!)),
      ah: a.grounded && containsAny(a.answer, row.expect),
      refused: !a.grounded,
    };
    scored.push(s);
    if (!s.hk || !s.ah || s.refused) misses.push(row.id);
    statuses[row.id] = s.refused ? "refused" : s.h1 ? "hit1" : s.hk ? "hitK" : "miss";
    const doc = documentOf?.(row);
    if (doc) pushTo(perDoc, doc, s);
  });
  const { hit1, hit3, answerHit, falseRefusals } = figuresOf(scored);
  return {
    n: rows.length,
    hit1,
    hit3,
    answerHit,
    oosRejected: oos.length ? round(oos.filter(Boolean).length / oos.length) : 1,
    falseRefusals,
    p50ms: round(percentile(latenciesMs, 50), 2),
    p95ms: round(percentile(latenciesMs, 95), 2),
    misses,
    rows: statuses,
    ...(documentOf ? { documents: Object.fromEntries([...perDoc].map(([d, list]) => [d, figuresOf(list)])) } : {}),
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
