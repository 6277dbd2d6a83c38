import type { IngestedDocument } from "./ingest.ts";
import type { KbChunkRecord, KbDocInfo } from "./types.ts";

/** In-memory chunk records of ingested documents (ids follow their order). */
export function recordsOf(docs: IngestedDocument[]): { chunks: KbChunkRecord[]; docs: KbDocInfo[] } {
  const chunks = docs.flatMap((d) => d.chunks.map((c) => ({ source: d.source, ...c }))).map((c, i) => ({ id: i + 1, ...c }));
  return { chunks, docs: docs.map(({ chunks: _chunks, ...d }) => ({ id: 0, ...d })) };
}
