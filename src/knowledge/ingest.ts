import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cleanParagraphs } from "./clean.ts";
import { parseStructure, splitSentences, type Clause, type Paragraph } from "./structure.ts";
import { extractText, KNOWLEDGE_EXTENSIONS } from "./formats.ts";
import type { ChunkDraft, DocMeta } from "./types.ts";

/** Bump when ingestion changes, so cached indexes are rebuilt. */
const INGEST_VERSION = "kb-12";

/** Clauses longer than this are also indexed sentence by sentence. */
const SENTENCE_SPLIT_MIN = 90;

/** One ingested document. */
export interface IngestedDocument extends DocMeta {
  source: string;
  chunks: ChunkDraft[];
}

/** Markdown → paragraphs: headings keep their level; emphasis, links and list bullets are dropped. */
export function markdownParagraphs(raw: string): Paragraph[] {
  const out: Paragraph[] = [];
  let fenced = false;
  for (const line of cleanParagraphs(raw)) {
    if (/^```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^(-{3,}|\*{3,}|_{3,})$/.test(line) || /^<!--.*-->$/.test(line)) continue;
    const h = /^(#{1,6})\s*(.+?)\s*#*$/.exec(line);
    const text = markdownInline(h ? h[2] : line);
    if (h) out.push({ text, heading: h[1].length });
    else if (text) out.push({ text });
  }
  return out;
}

/** A Markdown line's text: images, link targets, emphasis, a quote mark and a list bullet dropped. */
const markdownInline = (s: string) =>
  s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|`)(.+?)\1/g, "$2")
    .replace(/^>\s*/, "")
    .replace(/^[-*+]\s+/, "")
    .trim();

/** True when a sentence is only the clause's lead title (抓好…建设。 / 一是…。). */
export function isLeadSentence(sentence: string, title: string): boolean {
  return sentence.replace(/[。；！？\s]+$/, "").replace(/^[一二三四五六七八九十]+是/, "") === title;
}

/** Turns a document's clauses into chunks: headings, clauses and, for long clauses, sentences. */
function chunkDocument(clauses: Clause[]): ChunkDraft[] {
  const chunks: ChunkDraft[] = [];
  for (const c of clauses) {
    const ord = chunks.length;
    const add = (section: string, text: string, parent: number | null) =>
      chunks.push({ ord: chunks.length, section, title: c.title, headings: c.headings, text, kind: parent === null ? c.kind : "sentence", parent });
    add(c.place, c.text, null);
    // An article: each 款, 项 and 目 (long ones sentence by sentence) with its own place.
    for (const part of c.parts ?? []) {
      for (const text of part.text.length > SENTENCE_SPLIT_MIN ? splitSentences(part.text) : [part.text]) add(part.place, text, ord);
    }
    if (c.parts || c.kind !== "clause" || c.text.length <= SENTENCE_SPLIT_MIN) continue;
    const sentences = splitSentences(c.text).filter((s, k) => !(k === 0 && isLeadSentence(s, c.title)));
    if (sentences.length >= 2) sentences.forEach((s) => add(c.place, s, ord));
  }
  return chunks;
}

/** Ingests one document's raw text (`.md` parsed as Markdown, anything else as plain text). */
export function ingestText(source: string, raw: string): IngestedDocument {
  const base = path.basename(source).replace(/\.[^.]+$/, "");
  const paragraphs = /\.md$/i.test(source) ? markdownParagraphs(raw) : cleanParagraphs(raw).map((text) => ({ text }));
  const { clauses, ...meta } = parseStructure(paragraphs, base);
  return { source, ...meta, chunks: chunkDocument(clauses) };
}

/** Ingests a file of any supported format (.txt, .md, .docx, .pdf, .doc); throws DocumentFormatError with a Chinese message. */
export async function ingestFile(source: string, content: Buffer): Promise<IngestedDocument> {
  return ingestText(source, (await extractText(source, content)).text);
}

/** A knowledge file on disk and the fingerprint of its content. */
interface SourceFile {
  /** Name relative to the knowledge folder (the citation's `source`). */
  source: string;
  file: string;
  hash: string;
}

/** Fingerprint of a file's content under the current ingestion version. */
export function contentHash(content: string | Buffer): string {
  return crypto.createHash("sha256").update(INGEST_VERSION).update("\0").update(content).digest("hex");
}

/** Lists the supported files (.txt, .md, .docx, .pdf, .doc) of the knowledge folder (recursively), with their hashes. */
export function listSourceFiles(dir: string): SourceFile[] {
  if (!fs.existsSync(dir)) return [];
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".")) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (KNOWLEDGE_EXTENSIONS.test(e.name)) out.push({ source: path.relative(dir, full).split(path.sep).join("/"), file: full, hash: contentHash(fs.readFileSync(full)) });
    }
  };
  walk(dir);
  return out;
}
