/** Embedding vectors: storage encoding and similarity. Pure. */

/** Encodes a vector as little-endian float32 bytes (KbChunk.embedding). */
export function encodeVector(v: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Float32Array.from(v).buffer);
}

/** Decodes float32 bytes back into a vector (copied: the bytes may sit at an unaligned offset of a larger buffer). */
export function decodeVector(bytes: Uint8Array): Float32Array {
  return new Float32Array(Uint8Array.from(bytes).buffer);
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
  return [...score].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
