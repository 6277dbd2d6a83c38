import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pushTo } from "../collections.ts";
import type { Db } from "../db/client.ts";
import type { IndexAnalysis } from "./analysis.ts";
import type { Embedder } from "./embeddings.ts";
import { DocumentFormatError, KNOWLEDGE_EXTENSIONS } from "./formats.ts";
import { ingestFile, listSourceFiles, type IngestedDocument } from "./ingest.ts";
import { distinctShortNames, documentKey } from "./meta.ts";
import type { DocFamily, KbChunkRecord, KbDocInfo } from "./types.ts";
import { decodeVector, encodeVector } from "./vectors.ts";

/** Hidden folders of the knowledge folder (never indexed): older versions and removed files are kept there. */
export const SUPERSEDED_DIR = ".superseded";
export const REMOVED_DIR = ".removed";

/** What a synchronisation of the index with the knowledge folder did. */
export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Older versions moved out of the folder because a newer one of the same document is there. */
  superseded: string[];
  /** Files that could not be read, with the Chinese reason (a scan PDF, a damaged file). */
  failed: Array<{ source: string; reason: string }>;
  /** Chunks whose embeddings were computed in this run. */
  embedded: number;
  /** True when anything in the database changed. */
  rebuilt: boolean;
}

/** One step of indexing, for a progress bar: `done` of `total` files (or vectors) at `stage`. */
export interface IndexProgress {
  stage: "parse" | "store" | "remove" | "embed" | "load";
  done: number;
  total: number;
  /** A short Chinese line describing the step. */
  message: string;
}

/** Progress callback. */
export type Progress = (p: IndexProgress) => void;

/** How KbChunk.path stores the heading path, chunk kind and parent clause (JSON). */
type PathInfo = Pick<KbChunkRecord, "headings" | "kind" | "parent">;

/** Counts of a document as the bot reports them: clause-level units and articles (第…条). */
export function countsOf(doc: IngestedDocument): { units: number; articles: number } {
  const clauses = doc.chunks.filter((c) => c.kind !== "sentence");
  return { units: clauses.filter((c) => c.kind === "clause").length, articles: doc.family === "law" ? clauses.filter((c) => /^第.+条(之.+)?$/.test(c.section)).length : 0 };
}

/** Writes (replaces) one document's rows. */
export async function storeDocument(db: Db, doc: IngestedDocument, hash: string, now: Date): Promise<void> {
  const meta = { hash, title: doc.title, shortName: doc.shortName, issuer: doc.issuer, date: doc.date, family: doc.family, docKey: documentKey(doc), ...countsOf(doc), indexedAt: now };
  await db.$transaction([
    db.kbChunk.deleteMany({ where: { source: doc.source } }),
    db.kbDocument.upsert({ where: { source: doc.source }, create: { source: doc.source, ...meta }, update: meta }),
    // One multi-row INSERT per batch: several times faster than createMany for thousands of rows.
    ...Array.from({ length: Math.ceil(doc.chunks.length / CHUNK_BATCH) }, (_, i) => doc.chunks.slice(i * CHUNK_BATCH, (i + 1) * CHUNK_BATCH)).map((part) =>
      db.$executeRawUnsafe(
        `INSERT INTO "KbChunk" ("source", "ord", "section", "title", "path", "text") VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
        ...part.flatMap((c) => [doc.source, c.ord, c.section, c.title, JSON.stringify({ headings: c.headings, kind: c.kind, parent: c.parent } satisfies PathInfo), c.text]),
      ),
    ),
  ]);
}

/** Rows per INSERT (6 parameters each, well under SQLite's limit). */
const CHUNK_BATCH = 500;

/** Moves a file of the knowledge folder into one of its hidden folders (kept, never indexed). */
export function moveAside(dir: string, source: string, to: typeof SUPERSEDED_DIR | typeof REMOVED_DIR): void {
  const from = path.join(dir, source);
  if (!fs.existsSync(from)) return;
  const target = path.join(dir, to);
  fs.mkdirSync(target, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  fs.renameSync(from, path.join(target, `${stamp}-${path.basename(source)}`));
}

/**
 * Brings the cached index (KbDocument/KbChunk) in line with the knowledge folder: files
 * whose content hash changed or that are new are re-ingested, removed files are dropped,
 * unchanged files are left alone. Two files holding versions of one document (same title
 * without version notes): the newer stays, the older is moved to `.superseded/`. A file
 * that cannot be read is reported and left out; the others are indexed. With an embedder,
 * chunks lacking vectors of its model get them.
 */
export async function syncIndex(db: Db, dir: string, opts: { embedder?: Embedder | null; progress?: Progress; force?: boolean } = {}): Promise<SyncReport> {
  const progress = opts.progress ?? (() => {});
  const now = new Date();
  let files = listSourceFiles(dir);
  const stored = await db.kbDocument.findMany({ select: { source: true, hash: true, docKey: true, date: true, indexedAt: true } });
  const storedBySource = new Map(stored.map((d) => [d.source, d]));
  const report: SyncReport = { added: [], changed: [], removed: [], unchanged: [], superseded: [], failed: [], embedded: 0, rebuilt: false };

  // Parse what is new or changed first (nothing is written until every file has been read).
  const parsed = new Map<string, IngestedDocument>();
  const todo = files.filter((f) => opts.force || storedBySource.get(f.source)?.hash !== f.hash);
  for (const [n, f] of todo.entries()) {
    progress({ stage: "parse", done: n, total: todo.length, message: `解析 ${n + 1}/${todo.length}：${f.source}` });
    try {
      parsed.set(f.source, await ingestFile(f.source, fs.readFileSync(f.file)));
    } catch (e) {
      if (!(e instanceof DocumentFormatError)) throw e;
      report.failed.push({ source: f.source, reason: e.message });
    }
  }
  if (todo.length) progress({ stage: "parse", done: todo.length, total: todo.length, message: `已解析 ${todo.length} 个文件` });

  // Versions of one document: the newest stays in the folder (stated dates first, else the later file).
  const versions = new Map<string, Array<{ source: string; date: string | null; at: number }>>();
  for (const f of files) {
    const doc = parsed.get(f.source);
    const prev = storedBySource.get(f.source);
    const known = doc ? { key: documentKey(doc), date: doc.date } : prev?.hash === f.hash ? { key: prev.docKey, date: prev.date } : null;
    if (!known?.key) continue;
    pushTo(versions, known.key, { source: f.source, date: known.date, at: fs.statSync(f.file).mtimeMs });
  }
  for (const list of versions.values()) {
    const newest = list.reduce((a, b) => ((a.date && b.date && a.date !== b.date ? b.date > a.date : b.at >= a.at) ? b : a));
    for (const v of list) {
      if (v === newest) continue;
      moveAside(dir, v.source, SUPERSEDED_DIR);
      report.superseded.push(v.source);
      parsed.delete(v.source);
    }
  }
  files = files.filter((f) => !report.superseded.includes(f.source));

  // A file that fails to read keeps its previous index, if any; a file gone from the folder is dropped (its chunks by cascade).
  const removed = stored.filter((d) => !files.some((f) => f.source === d.source)).map((d) => d.source);
  if (removed.length) {
    await db.kbDocument.deleteMany({ where: { source: { in: removed } } });
    progress({ stage: "remove", done: removed.length, total: removed.length, message: `已移除：${removed.join("、")}` });
    report.removed = removed;
  }

  for (const f of files) {
    const doc = parsed.get(f.source);
    if (!doc) {
      if (!report.failed.some((x) => x.source === f.source)) report.unchanged.push(f.source);
      continue;
    }
    await storeDocument(db, doc, f.hash, now);
    (storedBySource.has(f.source) ? report.changed : report.added).push(f.source);
    const done = report.added.length + report.changed.length;
    progress({ stage: "store", done, total: parsed.size, message: `已索引 ${done}/${parsed.size}：${f.source}（${countsOf(doc).units} 个条款单元）` });
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
    const done = Math.min(i + batch, missing.length);
    progress({ stage: "embed", done, total: missing.length, message: `向量 ${done}/${missing.length}` });
  }
  return missing.length;
}

/** A stored document with its counts, as `知识库` and `kb list` show it. */
export interface StoredDocument extends KbDocInfo {
  units: number;
  articles: number;
  indexedAt: Date;
}

/** The documents of the index, in the order they were added (ids ascending), short names made distinct. */
export async function listStoredDocuments(db: Db): Promise<StoredDocument[]> {
  const rows = await db.kbDocument.findMany({ orderBy: { id: "asc" } });
  const names = distinctShortNames(rows);
  return rows.map(({ id, source, title, issuer, date, family, units, articles, indexedAt }, i) => ({ id, source, title, shortName: names[i], issuer, date, family: family as DocFamily, units, articles, indexedAt }));
}

/** Loads every chunk of the index and the documents' identities. */
export async function loadIndex(db: Db, embedModel?: string | null): Promise<{ chunks: KbChunkRecord[]; docs: StoredDocument[] }> {
  const rows = await db.kbChunk.findMany({ orderBy: [{ source: "asc" }, { ord: "asc" }] });
  const chunks = rows.map(({ id, source, ord, section, title, path: json, text, embedding, embedModel: model }): KbChunkRecord => {
    const { headings, kind, parent } = JSON.parse(json) as PathInfo;
    return { id, source, ord, section, title, headings, text, kind, parent, embedding: embedding && embedModel && model === embedModel ? decodeVector(embedding) : null };
  });
  return { chunks, docs: await listStoredDocuments(db) };
}

/** Row of the stored index analysis (one: the analysis of the current chunks). */
const ANALYSIS_ROW = 1;

/** The stored analysis of the chunks when it was computed from exactly these (`key`, analysisKey), else null. */
export async function loadAnalysis(db: Db, key: string): Promise<IndexAnalysis | null> {
  const row = await db.kbAnalysis.findFirst({ where: { id: ANALYSIS_ROW, key }, select: { data: true } });
  return row ? (JSON.parse(zlib.inflateSync(row.data).toString("utf8")) as IndexAnalysis) : null;
}

/**
 * Stores the analysis of the current chunks, replacing the previous one. Deflated: the JSON of a
 * large base runs to megabytes and shrinks ten times or more, and Prisma passes a parameter through
 * its query compiler at about 0.5 s per megabyte.
 */
export async function saveAnalysis(db: Db, key: string, analysis: IndexAnalysis): Promise<void> {
  const data = { key, data: zlib.deflateSync(JSON.stringify(analysis)), builtAt: new Date() };
  await db.kbAnalysis.upsert({ where: { id: ANALYSIS_ROW }, create: { id: ANALYSIS_ROW, ...data }, update: data });
}

/** A file name safe to write into the knowledge folder: the base name, without path or control characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\p{Cc}<>:"|?*]/gu, "").replace(/^\.+/, "").trim();
  return base && KNOWLEDGE_EXTENSIONS.test(base) ? base : "";
}
