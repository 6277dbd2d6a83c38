import fs from "node:fs";
import type { Db } from "../db/client.ts";
import type { Embedder } from "./embeddings.ts";
import { ingestText, listSourceFiles } from "./ingest.ts";
import { shortNameOf } from "./structure.ts";
import type { KbChunkRecord, KbDocInfo } from "./types.ts";
import { decodeVector, encodeVector } from "./vectors.ts";

/** What a synchronisation of the index with the knowledge folder did. */
export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Chunks whose embeddings were computed in this run. */
  embedded: number;
  /** True when anything in the database changed. */
  rebuilt: boolean;
}

/** Progress callback: a short Chinese line per step. */
export type Progress = (line: string) => void;

/** How KbChunk.path stores the heading path and chunk kind (JSON). */
interface PathInfo {
  headings: string[];
  kind: KbChunkRecord["kind"];
  parent: number | null;
}

/**
 * Brings the cached index (KbDocument/KbChunk) in line with the knowledge folder: files
 * whose content hash changed or that are new are re-ingested, removed files are dropped,
 * unchanged files are left alone. With an embedder, chunks lacking vectors of its model
 * get them.
 */
export async function syncIndex(db: Db, dir: string, opts: { embedder?: Embedder | null; progress?: Progress; now?: Date } = {}): Promise<SyncReport> {
  const progress = opts.progress ?? (() => {});
  const files = listSourceFiles(dir);
  const stored = await db.kbDocument.findMany({ select: { source: true, hash: true } });
  const storedHash = new Map(stored.map((d) => [d.source, d.hash]));
  const report: SyncReport = { added: [], changed: [], removed: [], unchanged: [], embedded: 0, rebuilt: false };

  const removed = stored.filter((d) => !files.some((f) => f.source === d.source)).map((d) => d.source);
  if (removed.length) {
    await db.kbChunk.deleteMany({ where: { source: { in: removed } } });
    await db.kbDocument.deleteMany({ where: { source: { in: removed } } });
    for (const r of removed) progress(`已移除：${r}`);
    report.removed = removed;
  }

  for (const [n, f] of files.entries()) {
    const prev = storedHash.get(f.source);
    if (prev === f.hash) {
      report.unchanged.push(f.source);
      continue;
    }
    progress(`解析 ${n + 1}/${files.length}：${f.source}`);
    const doc = ingestText(f.source, fs.readFileSync(f.file, "utf8"));
    await db.$transaction([
      db.kbChunk.deleteMany({ where: { source: f.source } }),
      db.kbDocument.upsert({
        where: { source: f.source },
        create: { source: f.source, hash: f.hash, title: doc.title, indexedAt: opts.now ?? new Date() },
        update: { hash: f.hash, title: doc.title, indexedAt: opts.now ?? new Date() },
      }),
      db.kbChunk.createMany({
        data: doc.chunks.map((c) => ({
          source: f.source,
          ord: c.ord,
          section: c.section,
          title: c.title,
          path: JSON.stringify({ headings: c.headings, kind: c.kind, parent: c.parent } satisfies PathInfo),
          text: c.text,
        })),
      }),
    ]);
    progress(`已索引：${f.source}（${doc.chunks.length} 段）`);
    (prev === undefined ? report.added : report.changed).push(f.source);
  }

  if (opts.embedder) report.embedded = await embedMissing(db, opts.embedder, progress);
  report.rebuilt = report.added.length + report.changed.length + report.removed.length + report.embedded > 0;
  return report;
}

/** Computes vectors for chunks that have none of the embedder's model. */
async function embedMissing(db: Db, embedder: Embedder, progress: Progress): Promise<number> {
  const missing = await db.kbChunk.findMany({
    where: { OR: [{ embedding: null }, { embedModel: { not: embedder.model } }, { embedModel: null }] },
    select: { id: true, text: true, title: true },
    orderBy: { id: "asc" },
  });
  const batch = 64;
  for (let i = 0; i < missing.length; i += batch) {
    const slice = missing.slice(i, i + batch);
    const vectors = await embedder.embedDocuments(slice.map((c) => `${c.title}\n${c.text}`));
    await db.$transaction(slice.map((c, k) => db.kbChunk.update({ where: { id: c.id }, data: { embedding: encodeVector(vectors[k]), embedModel: embedder.model } })));
    progress(`向量 ${Math.min(i + batch, missing.length)}/${missing.length}`);
  }
  return missing.length;
}

/** Loads every chunk of the index and the documents' identities. */
export async function loadIndex(db: Db, embedModel?: string | null): Promise<{ chunks: KbChunkRecord[]; docs: KbDocInfo[] }> {
  const docs = await db.kbDocument.findMany({ orderBy: { source: "asc" } });
  const rows = await db.kbChunk.findMany({ orderBy: [{ source: "asc" }, { ord: "asc" }] });
  const chunks = rows.map((r): KbChunkRecord => {
    const info = JSON.parse(r.path) as PathInfo;
    return {
      id: r.id,
      source: r.source,
      ord: r.ord,
      section: r.section,
      title: r.title,
      headings: info.headings,
      text: r.text,
      kind: info.kind,
      parent: info.parent,
      embedding: r.embedding && embedModel && r.embedModel === embedModel ? decodeVector(r.embedding) : null,
    };
  });
  return { chunks, docs: docs.map((d) => ({ source: d.source, title: d.title, shortName: shortNameOf(d.title) })) };
}
