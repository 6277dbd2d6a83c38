import type { IngestedDocument } from "./ingest.ts";
import type { KbChunkRecord, KbDocInfo } from "./types.ts";

/** In-memory chunk records of ingested documents (ids follow their order). */
export function recordsOf(docs: IngestedDocument[]): { chunks: KbChunkRecord[]; docs: KbDocInfo[] } {
  const chunks: KbChunkRecord[] = [];
  for (const d of docs) {
    for (const c of d.chunks) {
      chunks.push({ id: chunks.length + 1, source: d.source, ord: c.ord, section: c.section, title: c.title, headings: c.headings, text: c.text, kind: c.kind, parent: c.parent });
    }
  }
  return { chunks, docs: docs.map((d) => ({ id: 0, source: d.source, title: d.title, shortName: d.shortName, issuer: d.issuer, date: d.date, family: d.family })) };
}
