/** Okapi BM25 over pre-tokenised documents. Pure and in memory. */

/** The documents holding a term, each with its term-frequency part of BM25 (computed once, at indexing). */
type Postings = { docs: Int32Array; parts: Float64Array };

/** An inverted index of one field. */
export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  readonly size: number;

  constructor(docs: string[][], { k1, b }: { k1: number; b: number }) {
    this.size = docs.length;
    const avgLength = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, docs.length) || 1;
    const lists = new Map<string, Array<[doc: number, part: number]>>();
    docs.forEach((tokens, id) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      const norm = k1 * (1 - b + (b * tokens.length) / avgLength);
      for (const [t, n] of tf) {
        let list = lists.get(t);
        if (!list) lists.set(t, (list = []));
        list.push([id, (n * (k1 + 1)) / (n + norm)]);
      }
    });
    for (const [t, list] of lists) this.postings.set(t, { docs: Int32Array.from(list, ([d]) => d), parts: Float64Array.from(list, ([, p]) => p) });
  }

  /** Every indexed term. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** True when some document holds the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Adds `factor × weight × BM25(term)` for every weighted term into `scores` (indexed by
   * document id); a document scored for the first time gets 1 in `seen` and joins `touched`.
   */
  accumulate(terms: Array<{ term: string; weight: number }>, scores: Float64Array, factor: number, seen: Uint8Array, touched: number[]): void {
    for (const { term, weight } of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const df = list.docs.length;
      // BM25 idf, never negative.
      const idf = Math.log(1 + (this.size - df + 0.5) / (df + 0.5)) * weight * factor;
      const { docs, parts } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        scores[doc] += idf * parts[i];
        if (!seen[doc]) {
          seen[doc] = 1;
          touched.push(doc);
        }
      }
    }
  }
}
