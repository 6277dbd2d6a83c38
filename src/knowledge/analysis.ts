/**
 * What building the in-memory index computes from the cached chunks: the segmented fields of
 * every chunk, the names documents define, the sounds of the indexed terms. It depends only on
 * the chunks, the documents' titles and the code that segments them, so it is stored with the
 * knowledge cache (store.ts) and a warm start loads it instead of segmenting every chunk again.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectPath } from "../paths.ts";
import { COLLOQUIAL, DOMAIN_TERMS } from "./lexicon.ts";
import { searchForm } from "./normalize.ts";
import { addTerms, generalIdfEntries, tokenizeDocument } from "./segment.ts";
import { soundTable, type SoundTable } from "./typos.ts";
import type { KbChunkRecord } from "./types.ts";

/** The analysis of an index's chunks (JSON: stored as it is). */
export interface IndexAnalysis {
  /** Names the documents define in quotes (“六有”, “四季歌”): words of their own for the segmenter. */
  names: string[];
  /** Per chunk, in the chunks' order: terms of the text, its adjacent word pairs, of the heading path (with the document's title), of the chunk's own title. */
  body: string[][];
  pairs: string[][];
  heads: string[][];
  titles: string[][];
  /** Sounds of the text terms and of the vocabulary's colloquial words and terms, for typo tolerance. */
  sounds: SoundTable;
  /** Rarity in general Chinese (jieba's table; null: not in it) of the names and of every indexed word: most words of a question about the documents. */
  rarities: Array<[word: string, idf: number | null]>;
}

/** A document as the analysis reads it. */
type AnalysedDoc = { source: string; title: string };

/**
 * Segments every chunk. A document's title is context of each of its units (a weak heading).
 * A document quoting its own title (the issuing notice: 印发《…实施意见》) names itself, not a
 * topic, so the quoted title is not indexed as text of that chunk.
 */
export function analyseIndex(chunks: KbChunkRecord[], docs: AnalysedDoc[]): IndexAnalysis {
  const quoted = docs.map((d) => d.title).filter((t) => t.length >= 4).map((t) => `《${t}》`);
  const docTitles = new Map(docs.map((d) => [d.source, [...new Set(tokenizeDocument(d.title).terms)]]));
  const indexText = (text: string) => quoted.reduce((x, q) => x.split(q).join("《》"), text);
  // Names a document defines in quotes (“六有”, “四季歌”) are words of their own.
  const names = [...new Set(chunks.flatMap((c) => [...searchForm(c.text).matchAll(/“([\u4e00-\u9fff]{2,8})”/g)].map((m) => m[1])))];
  addTerms(names);
  const toks = chunks.map((c) => tokenizeDocument(indexText(c.text)));
  const body = toks.map((t) => t.terms);
  const heads = chunks.map((c) => [...tokenizeDocument(c.headings.slice(0, -1).join("，")).terms, ...(docTitles.get(c.source) ?? [])]);
  const titles = chunks.map((c) => tokenizeDocument(c.headings[c.headings.length - 1] ?? c.title).terms);
  return {
    names,
    body,
    pairs: toks.map((t) => t.pairs),
    heads,
    titles,
    // Every text term once, in the order the index first meets it, then the vocabulary's colloquial words and terms (年假 for 年架, 社保 for 设保).
    sounds: soundTable(new Set([...body.flat(), ...COLLOQUIAL, ...DOMAIN_TERMS])),
    rarities: generalIdfEntries(new Set([...names, ...body.flat(), ...heads.flat(), ...titles.flat()].filter((t) => !t.startsWith("#")))),
  };
}

/**
 * The key a stored analysis is valid for: a hash of everything it is computed from — the
 * chunks' texts, headings and titles in order, the documents' titles, and the analysing code
 * (the .ts and .json files of src/knowledge, numerals.ts, and package-lock.json for the
 * installed packages: jieba's dictionary, OpenCC, pinyin-pro). Editing a document or the code
 * gives a new key, so the analysis is computed again rather than read stale.
 */
export function analysisKey(chunks: KbChunkRecord[], docs: AnalysedDoc[]): string {
  return crypto
    .createHash("sha256")
    .update(analysingCode())
    .update(JSON.stringify([docs.map((d) => [d.source, d.title]), chunks.map((c) => [c.source, c.title, c.headings, c.text])]))
    .digest("hex");
}

let codeHash: string | null = null;

/** Hash of the analysing code's files (read once per process; about 2 ms). */
function analysingCode(): string {
  if (codeHash) return codeHash;
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|json)$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const hash = crypto.createHash("sha256");
  for (const file of [...files(projectPath("src", "knowledge")), projectPath("src", "numerals.ts"), projectPath("package-lock.json")]) {
    hash.update(path.relative(projectPath(), file)).update("\0");
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  }
  return (codeHash = hash.digest("hex"));
}
