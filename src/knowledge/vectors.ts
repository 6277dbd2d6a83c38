/** Embedding vectors: storage encoding and similarity. Pure. */

/** Encodes a vector as little-endian float32 bytes (KbChunk.embedding). */
export function encodeVector(v: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const f = Float32Array.from(v);
  return new Uint8Array(f.buffer.slice(0));
}

/** Decodes float32 bytes back into a vector. */
export function decodeVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Cosine similarity (0 when either vector is empty or of another length). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || !a.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Reciprocal rank fusion of several rankings of ids: score(id) = Σ 1 / (k + rank).
 * Returns ids best first.
 */
export function reciprocalRankFusion<T>(rankings: T[][], k = 60): T[] {
  const score = new Map<T, number>();
  for (const ranking of rankings) ranking.forEach((id, rank) => score.set(id, (score.get(id) ?? 0) + 1 / (k + rank + 1)));
  return [...score.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
