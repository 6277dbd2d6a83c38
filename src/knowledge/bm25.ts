/** Okapi BM25 over pre-tokenised documents. Pure and in memory. */

/** BM25 parameters. */
export interface Bm25Params {
  k1: number;
  b: number;
}

/** An inverted index of one field. */
export class Bm25Index {
  private readonly postings = new Map<string, Array<[doc: number, tf: number]>>();
  private readonly lengths: number[];
  private readonly avgLength: number;
  readonly size: number;

  constructor(
    docs: string[][],
    private readonly params: Bm25Params = { k1: 1.2, b: 0.5 },
  ) {
    this.size = docs.length;
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, docs.length) || 1;
    docs.forEach((tokens, id) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push([id, n]);
      }
    });
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** BM25 idf (never negative). */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
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
   * Adds `factor × weight × BM25(term)` for every weighted term into `scores`
   * (indexed by document id); `touch` is called for every document scored.
   */
  accumulate(terms: Array<{ term: string; weight: number }>, scores: Float64Array, factor = 1, touch?: (doc: number) => void): void {
    const { k1, b } = this.params;
    for (const { term, weight } of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term) * weight * factor;
      for (const [doc, tf] of list) {
        const norm = tf + k1 * (1 - b + (b * this.lengths[doc]) / this.avgLength);
        scores[doc] += (idf * tf * (k1 + 1)) / norm;
        touch?.(doc);
      }
    }
  }
}
