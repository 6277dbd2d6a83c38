import fs from "node:fs";
import path from "node:path";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { analysisKey } from "./analysis.ts";
import { CITE_K, citationOf, delegatedAnswer, docName, extractiveAnswer, placeLabel, refusal } from "./answer.ts";
import { embedderFromConfig, type Embedder } from "./embeddings.ts";
import { DocumentFormatError, FORMATS_LABEL } from "./formats.ts";
import { fuseWithVectors } from "./hybrid.ts";
import { contentHash, ingestFile, type IngestedDocument } from "./ingest.ts";
import { askLlm, chatFromConfig, LLM_CLAUSES, LlmRejected, type ChatFn } from "./llm.ts";
import { documentKey, mistypedName, namedDocument, withoutRegion } from "./meta.ts";
import { missingArticle } from "./places.ts";
import { LexicalIndex } from "./retrieve.ts";
import { foreignWords, scopeDecision, type ScopeReason } from "./scope.ts";
import { withoutEmojiCodes } from "./normalize.ts";
import { fromDialect } from "./segment.ts";
import {
  countsOf,
  listStoredDocuments,
  loadAnalysis,
  loadIndex,
  moveAside,
  REMOVED_DIR,
  safeFileName,
  saveAnalysis,
  storeDocument,
  SUPERSEDED_DIR,
  syncIndex,
  type Progress,
  type StoredDocument,
  type SyncReport,
} from "./store.ts";
import type { AnswerResult, KbDocInfo, RetrievalResult } from "./types.ts";

/** Number of clauses retrieved for an answer: the extractive answer quotes the first CITE_K, the model sees them all. */
export const RETRIEVE_K = LLM_CLAUSES;
/** How often (ms) a running knowledge base re-checks the knowledge folder for changes. */
export const RECHECK_MS = 60_000;
/** Longest LLM answer kept (a chat bubble). */
const LLM_ANSWER_MAX = 300;
/** Offline refusals a configured model decides instead: an unknown topic word (perhaps a paraphrase), a number not in the first clauses, a figure left to another body. */
const MODEL_JUDGED = new Set<ScopeReason>(["foreign-topic", "no-answer-type", "delegated"]);

/** The configuration the knowledge base reads (endpoints optional: offline without them; without a region, no document is of another place). */
export type LlmConfig = Pick<Config, "LLM_TIMEOUT_MS"> & Partial<Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "OPENAI_EMBEDDING_MODEL" | "KNOWLEDGE_REGION">>;

/** Options of a knowledge base. */
export interface KnowledgeBaseOptions {
  db: Db;
  /** The knowledge folder (KNOWLEDGE_DIR). */
  dir: string;
  config: LlmConfig;
  /** Where its warnings go (pino-compatible). */
  log?: { warn(obj: object, msg?: string): void };
  /** Overrides for tests; default from config. */
  embedder?: Embedder | null;
  chat?: ChatFn | null;
  /** Re-check interval of the knowledge folder (ms); default RECHECK_MS. */
  recheckMs?: number;
}

/** What adding a document did: the stored document, its counts, three sample places and the older versions it replaced. */
export interface AddResult {
  document: StoredDocument;
  units: number;
  articles: number;
  samples: string[];
  replaced: StoredDocument[];
}

/** Three places spread over a document (first, middle, last), finest places of articles included (第一条, 第十条第二款, 第十九条); none for a text without numbered parts. */
function samplePlaces(doc: IngestedDocument): string[] {
  const places = [...new Set(doc.chunks.filter((c) => c.kind !== "heading" && !["前言", "正文", "通知"].includes(c.section)).map((c) => c.section))];
  return places.length ? [...new Set([0, Math.floor(places.length / 2), places.length - 1])].map((i) => placeLabel(places[i])) : [];
}

/**
 * The policy knowledge base: keeps the cached index in step with the knowledge folder,
 * retrieves (lexical, fused with vectors when configured) and answers (LLM with checked
 * citations, else extractive; refusal when the documents do not cover the question).
 */
export class KnowledgeBase {
  private index: LexicalIndex | null = null;
  private docs: StoredDocument[] = [];
  private readonly embedder: Embedder | null;
  private readonly chat: ChatFn | null;
  private loading: Promise<SyncReport> | null = null;
  private checkedAt = 0;
  /** Writes to the index and the folder run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: KnowledgeBaseOptions) {
    this.embedder = opts.embedder !== undefined ? opts.embedder : embedderFromConfig(opts.config);
    this.chat = opts.chat !== undefined ? opts.chat : chatFromConfig(opts.config);
  }

  /** True when answers may come from the LLM. */
  get llmEnabled(): boolean {
    return this.chat !== null;
  }

  /**
   * Synchronises the cached index with the knowledge folder (re-ingesting only changed,
   * added or removed files) and loads it into memory (`load: false`: the database only,
   * the in-memory index is built on the next question).
   */
  refresh(progress?: Progress, opts: { force?: boolean; load?: boolean } = {}): Promise<SyncReport> {
    return this.exclusive(async () => {
      const sync = (embedder: Embedder | null) => syncIndex(this.opts.db, this.opts.dir, { embedder, progress, force: opts.force });
      const report = await sync(this.embedder).catch((e: unknown) => {
        if (!this.embedder) throw e;
        this.opts.log?.warn({ err: String(e) }, "向量嵌入失败，只用关键词索引");
        return sync(null);
      });
      for (const f of report.failed) this.opts.log?.warn({ source: f.source, reason: f.reason }, "知识库文件未能索引");
      this.checkedAt = performance.now();
      const changed = report.rebuilt || report.superseded.length > 0;
      if (opts.load === false) {
        if (changed) this.index = null;
      } else if (changed || !this.index) {
        progress?.({ stage: "load", done: 0, total: 1, message: "载入索引" });
        await this.load();
        progress?.({ stage: "load", done: 1, total: 1, message: `索引就绪：${this.docs.length} 个文件，${this.index!.clauses.filter((c) => c.kind === "clause").length} 个条款单元` });
      }
      return report;
    });
  }

  /** Re-ingests every file of the knowledge folder (after a change of the parser, or on request). */
  reindex(progress?: Progress): Promise<SyncReport> {
    return this.refresh(progress, { force: true });
  }

  /** Builds the in-memory index from the cache, with the stored analysis of the chunks when it is current (else computed and stored). */
  private async load(): Promise<void> {
    const { chunks, docs } = await loadIndex(this.opts.db, this.embedder?.model);
    const key = analysisKey(chunks, docs);
    const stored = await loadAnalysis(this.opts.db, key);
    this.index = new LexicalIndex(chunks, docs, stored ?? undefined, this.opts.config.KNOWLEDGE_REGION);
    if (!stored) await saveAnalysis(this.opts.db, key, this.index.analysis);
    this.docs = docs;
  }

  /** After a document was added or removed: the in-memory index is rebuilt on the next question. Returns the stored documents. */
  private async invalidate(): Promise<StoredDocument[]> {
    this.index = null;
    return (this.docs = await listStoredDocuments(this.opts.db));
  }

  /** Syncs with the folder once before the first change or listing (without building the in-memory index). */
  private async synced(): Promise<void> {
    if (!this.checkedAt) await this.refresh(undefined, { load: false });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The documents of the knowledge base with their ids and counts (as `知识库` lists them). */
  async listDocuments(): Promise<StoredDocument[]> {
    await this.synced();
    return listStoredDocuments(this.opts.db);
  }

  /**
   * Adds a document from its bytes: read and parsed first (a scan PDF or an unreadable file
   * throws DocumentFormatError and nothing is saved), then written to the knowledge folder
   * and indexed. An older version of the same document (same title without version notes)
   * is moved to `.superseded/` and leaves the index; a document older than the one indexed
   * is refused.
   */
  async addDocument(name: string, content: Buffer, progress?: Progress): Promise<AddResult> {
    const safe = safeFileName(name);
    if (!safe) throw new DocumentFormatError(`不支持这种文件（${name}），知识库只收 ${FORMATS_LABEL} 文件。`);
    await this.synced();
    progress?.({ stage: "parse", done: 0, total: 1, message: `解析：${safe}` });
    const parsed = await ingestFile(safe, content);
    const counts = countsOf(parsed);
    if (!counts.units) throw new DocumentFormatError("这个文件里没有找到可以回答问题的正文，没有加入知识库。");
    return this.exclusive(async () => {
      const same = await this.opts.db.kbDocument.findMany({ where: { docKey: documentKey(parsed) }, select: { source: true } });
      const older = (await listStoredDocuments(this.opts.db)).filter((d) => same.some((r) => r.source === d.source));
      const newer = older.find((d) => d.date && parsed.date && d.date > parsed.date);
      if (newer) throw new DocumentFormatError(`知识库里已有《${newer.shortName}》更新的版本（${newer.date}），这份（${parsed.date}）较旧，没有替换。`);
      let source = safe;
      for (let n = 2; fs.existsSync(path.join(this.opts.dir, source)) && !older.some((d) => d.source === source); n++) source = safe.replace(/(\.[^.]+)$/, `-${n}$1`);
      for (const d of older) moveAside(this.opts.dir, d.source, SUPERSEDED_DIR);
      await this.opts.db.kbDocument.deleteMany({ where: { source: { in: older.map((d) => d.source) } } });
      fs.mkdirSync(this.opts.dir, { recursive: true });
      fs.writeFileSync(path.join(this.opts.dir, source), content);
      progress?.({ stage: "parse", done: 1, total: 1, message: `已解析：${source}（${counts.units} 个条款单元）` });
      const doc = { ...parsed, source };
      await storeDocument(this.opts.db, doc, contentHash(content), new Date());
      const document = (await this.invalidate()).find((d) => d.source === source)!;
      return { document, ...counts, samples: samplePlaces(doc), replaced: older };
    });
  }

  /** Removes a document by id: its file moves to `.removed/` in the knowledge folder, its units leave the index. Null when no such id. */
  async removeDocument(id: number): Promise<StoredDocument | null> {
    await this.synced();
    return this.exclusive(async () => {
      const doc = (await listStoredDocuments(this.opts.db)).find((d) => d.id === id);
      if (!doc) return null;
      moveAside(this.opts.dir, doc.source, REMOVED_DIR);
      await this.opts.db.kbDocument.delete({ where: { source: doc.source } });
      await this.invalidate();
      return doc;
    });
  }

  /**
   * Loads the index once (concurrent callers share the work), then re-checks the
   * knowledge folder at most every RECHECK_MS, so files added or edited while the bot
   * runs become answerable without a restart (hashing a few files takes milliseconds).
   */
  async ready(): Promise<LexicalIndex> {
    if (!this.index || performance.now() - this.checkedAt > (this.opts.recheckMs ?? RECHECK_MS)) {
      this.loading ??= this.refresh().finally(() => (this.loading = null));
      try {
        await this.loading;
      } catch (e) {
        if (!this.index) throw e;
        this.opts.log?.warn({ err: String(e) }, "knowledge folder re-check failed; keeping the loaded index");
      }
    }
    return this.index!;
  }

  /** The documents in the index. */
  documents(): KbDocInfo[] {
    return this.docs;
  }

  /** Ranked clauses for a question (hybrid when vectors exist and the query embeds), from the given documents only when `sources` is set. */
  async retrieve(question: string, k = RETRIEVE_K, sources?: string[]): Promise<RetrievalResult> {
    const index = await this.ready();
    const lexical = index.search(question, { k, sources });
    if (!this.embedder || !index.chunks.some((c) => c.embedding)) return lexical;
    try {
      const vector = await this.embedder.embedQuery(question);
      return fuseWithVectors(index, lexical, vector, k, sources);
    } catch (e) {
      this.opts.log?.warn({ err: String(e) }, "问题的向量嵌入失败，只按关键词排序");
      return lexical;
    }
  }

  /** Answers a question; never throws for LLM trouble (falls back to the extractive answer). */
  async ask(question: string): Promise<AnswerResult> {
    const q = question.trim();
    // Read in standard Mandarin (冇 → 没, 几耐 → 多久); the model reads the question as typed.
    const read = fromDialect(withoutEmojiCodes(q));
    const index = await this.ready();
    // A question naming a document (工会法里…, 实施意见第三部分第二条) is answered from that document.
    let named = namedDocument(read, this.docs);
    let sources = named ? [named.doc.source] : undefined;
    let result = await this.retrieve(named ? named.rest : read, RETRIEVE_K, sources);
    // 工伤保险条列第三十三条: an article several documents have, after a mistyped name of one of them.
    const mistyped = !named && (result.hintSources?.length ?? 0) > 1 ? mistypedName(read, this.docs.filter((d) => result.hintSources!.includes(d.source))) : null;
    if (mistyped) {
      named = mistyped;
      sources = [mistyped.doc.source];
      result = await this.retrieve(mistyped.rest, RETRIEVE_K, sources);
    }
    result.question = read;
    // 第四十三条讲的啥, and no law here has a 第四十三条: say so rather than quote something else.
    const missing = !result.structural && missingArticle(named ? named.rest : read, named ? index.outlines.filter((o) => o.source === named.doc.source) : index.outlines);
    if (missing) {
      const which = missing.laws.map((l) => `《${docName(this.docs, l.source)}》共 ${l.articles} 条`).join("，");
      return { question: q, answer: `${which}，没有${missing.asked}。请核对条号，或写上文件名。`, grounded: false, mode: "extractive", citations: [] };
    }
    const names = [...this.docs.flatMap((d) => [d.title, d.shortName, withoutRegion(d.title)]), ...(named ? [named.name] : [])];
    let reason = scopeDecision(read, result, names);
    const respelled = reason === "foreign-topic" || !reason ? await this.respelledRetrieval(index, named ? named.rest : read, result, names, sources) : null;
    if (respelled) {
      result = { ...respelled.result, question: read };
      reason = "";
    }
    // A question declined for a word the documents lack or a number no close clause holds is the model's to
    // judge when there is one: it reads what the clauses say, and it sees more of them.
    const declined = () => (reason === "delegated" ? delegatedAnswer(q, result, this.docs) : refusal(q, index, this.docs));
    if (reason && !(this.chat && MODEL_JUDGED.has(reason))) return declined();
    if (!named && (result.hintSources?.length ?? 0) > 1) return this.whichDocument(q, result.hintSources!);
    // Say how a word was read (“实效”按“时效”理解), so that a wrong reading is plain to see.
    const readAs = [...(mistyped ? [`“${mistyped.name}”按《${docName(this.docs, mistyped.doc.source)}》理解`] : []), ...(respelled?.read.map(([w, t]) => `“${w}”按“${t}”理解`) ?? [])];
    const notes = (source?: string) => {
      // Another place's rule quoted first for a question that does not name the place: say where it applies.
      const place = source && index.placeElsewhere(source, read);
      const all = [...readAs, ...(place ? [`这是${place}的地方规定，只在${place}适用`] : [])];
      return all.length ? `（${all.join("；")}）\n` : "";
    };
    // Without the model's answer: the extractive one, or the refusal of a question declined offline.
    const fallback = reason ? declined() : { ...extractiveAnswer(result, index, this.docs), question: q };
    fallback.answer = notes(fallback.citations[0]?.source) + fallback.answer;
    if (!this.chat) return fallback;
    try {
      const { reply, cited } = await askLlm(this.chat, q, result.clauses, this.docs, this.opts.config.LLM_TIMEOUT_MS, (e) =>
        this.opts.log?.warn({ code: e.code }, "LLM answer failed; retrying once"),
      );
      if (!reply.grounded) return refusal(q, index, this.docs);
      let answer = notes(cited[0]?.chunk.source) + reply.answer.trim();
      if (answer.length > LLM_ANSWER_MAX) answer = `${answer.slice(0, LLM_ANSWER_MAX - 1)}…`;
      const places = cited.map((c) => placeLabel(c.chunk.section));
      if (!places.some((p) => answer.includes(p))) answer += `（依据《${docName(this.docs, cited[0].chunk.source)}》${places.join("、")}）`;
      const rest = result.clauses.filter((c) => !cited.includes(c));
      return { question: q, answer, grounded: true, mode: "llm", citations: [...cited, ...rest].slice(0, Math.max(CITE_K, cited.length)).map((c) => citationOf(c, this.docs)) };
    } catch (e) {
      const code = e instanceof LlmRejected ? e.code : "error";
      this.opts.log?.warn({ code, err: e instanceof Error ? e.message : String(e) }, "LLM answer rejected; extractive answer");
      return fallback;
    }
  }

  /**
   * The retrieval with words read as the indexed terms they sound exactly like: for a question declined for
   * words that name no topic of the documents (仲裁实效是几年: 实效 for 时效), when it leaves no such word; for an
   * answered one, words the documents hold too but typed where the documents write their homophone (工商认定 for
   * 工伤认定). Either must be in scope.
   */
  private async respelledRetrieval(index: LexicalIndex, text: string, result: RetrievalResult, names: string[], sources?: string[]): Promise<{ result: RetrievalResult; read: Array<[string, string]> } | null> {
    const declined = foreignWords(result);
    const respelled = declined.length
      ? index.respelled(text, declined)
      : index.respelled(text, result.words.filter((w) => !w.weak && w.word.length >= 2).map((w) => w.word), true);
    if (!respelled) return null;
    const again = await this.retrieve(respelled.text, RETRIEVE_K, sources);
    return (!declined.length || !foreignWords(again).length) && !scopeDecision(respelled.text, again, names) ? { result: again, read: respelled.read } : null;
  }

  /** A place that several documents have (第十一条): the question must say which document. */
  private whichDocument(question: string, sources: string[]): AnswerResult {
    const names = sources.map((src) => docName(this.docs, src));
    const answer = `有 ${names.length} 个文件都有这一处：${names.map((n) => `《${n}》`).join("、")}。请在问题里写上文件名，例如：${names[0]}${question.replace(/^.*?(第[^，。？?]{1,12}[条章节编部分])/, "$1")}`;
    return { question, answer, grounded: true, mode: "extractive", citations: [] };
  }
}

const shared = new WeakMap<Db, Map<string, KnowledgeBase>>();

/**
 * The one knowledge base of a database and knowledge folder: the chat feature and the web
 * console use the same instance, so a document added or removed by one is answered from by
 * the other at once, and writes are serialised.
 */
export function sharedKnowledgeBase(opts: KnowledgeBaseOptions): KnowledgeBase {
  let byDir = shared.get(opts.db);
  if (!byDir) shared.set(opts.db, (byDir = new Map()));
  const key = path.resolve(opts.dir);
  let kb = byDir.get(key);
  if (!kb) byDir.set(key, (kb = new KnowledgeBase(opts)));
  return kb;
}
