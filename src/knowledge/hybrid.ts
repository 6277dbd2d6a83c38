import type { LexicalIndex } from "./retrieve.ts";
import type { RankedClause, RetrievalResult } from "./types.ts";
import { cosine, reciprocalRankFusion } from "./vectors.ts";

/** How many candidates of each ranking enter the fusion. */
const FUSION_DEPTH = 30;

/**
 * Fuses the lexical ranking with a vector ranking (cosine of the query vector to every
 * embedded chunk, clause score = its best chunk) by reciprocal rank fusion. A structural
 * reference keeps the lexical order (it names the place outright).
 */
export function fuseWithVectors(index: LexicalIndex, lexical: RetrievalResult, queryVector: number[], k: number, sources?: string[]): RetrievalResult {
  if (lexical.structural) return lexical;
  const allowed = sources ? new Set(sources) : null;
  const clauseKey = (source: string, ord: number) => `${source}\0${ord}`;
  const best = new Map<string, number>();
  for (const c of index.chunks) {
    if (!c.embedding || (allowed && !allowed.has(c.source))) continue;
    const key = clauseKey(c.source, c.kind === "sentence" && c.parent !== null ? c.parent : c.ord);
    const s = cosine(queryVector, c.embedding);
    if (s > (best.get(key) ?? -Infinity)) best.set(key, s);
  }
  if (!best.size) return lexical;
  const vectorRank = [...best].sort((a, b) => b[1] - a[1]).slice(0, FUSION_DEPTH).map(([key]) => key);
  const wide = index.search(lexical.question, { k: FUSION_DEPTH, sources });
  const lexRank = wide.clauses.map((c) => clauseKey(c.chunk.source, c.chunk.ord));
  const fused = reciprocalRankFusion([lexRank, vectorRank]).slice(0, k);
  const byKey = new Map(wide.clauses.map((c) => [clauseKey(c.chunk.source, c.chunk.ord), c]));
  const clauses: RankedClause[] = fused.map((key) => {
    const known = byKey.get(key);
    if (known) return known;
    const [source, ord] = key.split("\0");
    const chunk = index.clauses.find((c) => c.source === source && c.ord === Number(ord))!;
    return { chunk, score: 0, sentences: [{ text: chunk.text, score: 0 }] };
  });
  return { ...lexical, clauses };
}
