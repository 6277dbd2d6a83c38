import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { citationOf, extractiveAnswer, placeLabel, refusal } from "./answer.ts";
import { embedderFromConfig, type Embedder } from "./embeddings.ts";
import { fuseWithVectors } from "./hybrid.ts";
import { askLlm, chatFromConfig, LlmRejected, type ChatFn } from "./llm.ts";
import { LexicalIndex } from "./retrieve.ts";
import { scopeDecision } from "./scope.ts";
import { loadIndex, syncIndex, type Progress, type SyncReport } from "./store.ts";
import type { AnswerResult, KbDocInfo, RetrievalResult } from "./types.ts";

/** Number of clauses retrieved for an answer (and shown to the LLM). */
export const RETRIEVE_K = 4;
/** Citations listed with an answer. */
export const CITE_K = 3;
/** How often (ms) a running knowledge base re-checks the knowledge folder for changes. */
export const RECHECK_MS = 60_000;
/** Longest LLM answer kept (a chat bubble). */
const LLM_ANSWER_MAX = 300;

/** Minimal logger the knowledge base writes to (pino-compatible). */
export interface KbLog {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/** The configuration the knowledge base reads (endpoints optional: offline without them). */
export type LlmConfig = Pick<Config, "LLM_TIMEOUT_MS"> & Partial<Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "OPENAI_EMBEDDING_MODEL">>;

/** Options of a knowledge base. */
export interface KnowledgeBaseOptions {
  db: Db;
  /** The knowledge folder (KNOWLEDGE_DIR). */
  dir: string;
  config: LlmConfig;
  log?: KbLog;
  /** Overrides for tests; default from config. */
  embedder?: Embedder | null;
  chat?: ChatFn | null;
  /** Re-check interval of the knowledge folder (ms); default RECHECK_MS. */
  recheckMs?: number;
}

/**
 * The policy knowledge base: keeps the cached index in step with the knowledge folder,
 * retrieves (lexical, fused with vectors when configured) and answers (LLM with checked
 * citations, else extractive; refusal when the documents do not cover the question).
 */
export class KnowledgeBase {
  private index: LexicalIndex | null = null;
  private docs: KbDocInfo[] = [];
  private readonly embedder: Embedder | null;
  private readonly chat: ChatFn | null;
  private loading: Promise<SyncReport> | null = null;
  private checkedAt = 0;

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
   * added or removed files) and loads it into memory.
   */
  async refresh(progress?: Progress): Promise<SyncReport> {
    let report: SyncReport;
    try {
      report = await syncIndex(this.opts.db, this.opts.dir, { embedder: this.embedder, progress });
    } catch (e) {
      if (!this.embedder) throw e;
      this.opts.log?.warn({ err: String(e) }, "embedding failed; lexical index only");
      report = await syncIndex(this.opts.db, this.opts.dir, { progress });
    }
    this.checkedAt = performance.now();
    if (report.rebuilt || !this.index) {
      const { chunks, docs } = await loadIndex(this.opts.db, this.embedder?.model);
      this.index = new LexicalIndex(chunks, docs.map((d) => d.title));
      this.docs = docs;
    }
    return report;
  }

  /**
   * Loads the index once (concurrent callers share the work), then re-checks the
   * knowledge folder at most every RECHECK_MS, so files added or edited while the bot
   * runs become answerable without a restart (hashing a few files takes milliseconds).
   */
  async ready(): Promise<LexicalIndex> {
    const now = performance.now();
    if (!this.index || now - this.checkedAt > (this.opts.recheckMs ?? RECHECK_MS)) {
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

  /** Ranked clauses for a question (hybrid when vectors exist and the query embeds). */
  async retrieve(question: string, k = RETRIEVE_K): Promise<RetrievalResult> {
    const index = await this.ready();
    const lexical = index.search(question, { k });
    if (!this.embedder || !index.chunks.some((c) => c.embedding)) return lexical;
    try {
      const vector = await this.embedder.embedQuery(question);
      return fuseWithVectors(index, lexical, vector, k);
    } catch (e) {
      this.opts.log?.warn({ err: String(e) }, "query embedding failed; lexical ranking");
      return lexical;
    }
  }

  /** Answers a question; never throws for LLM trouble (falls back to the extractive answer). */
  async ask(question: string): Promise<AnswerResult> {
    const q = question.trim();
    const index = await this.ready();
    const result = await this.retrieve(q);
    const reason = scopeDecision(q, result, this.docs.flatMap((d) => [d.title, d.shortName]));
    if (reason) return refusal(q, index, this.docs);
    const extractive = extractiveAnswer(result, index, this.docs, CITE_K);
    if (!this.chat) return extractive;
    try {
      const { reply, cited } = await askLlm(this.chat, q, result.clauses, this.docs, this.opts.config.LLM_TIMEOUT_MS, (e) =>
        this.opts.log?.warn({ code: e.code }, "LLM answer failed; retrying once"),
      );
      if (!reply.grounded) return refusal(q, index, this.docs);
      let answer = reply.answer.trim();
      if (answer.length > LLM_ANSWER_MAX) answer = `${answer.slice(0, LLM_ANSWER_MAX - 1)}…`;
      const places = cited.map((c) => placeLabel(c.chunk.section));
      if (!places.some((p) => answer.includes(p))) {
        const name = this.docs.find((d) => d.source === cited[0].chunk.source)?.shortName ?? cited[0].chunk.source;
        answer += `（依据《${name}》${places.join("、")}）`;
      }
      const rest = result.clauses.filter((c) => !cited.includes(c));
      return { question: q, answer, grounded: true, mode: "llm", citations: [...cited, ...rest].slice(0, Math.max(CITE_K, cited.length)).map(citationOf) };
    } catch (e) {
      const code = e instanceof LlmRejected ? e.code : "error";
      this.opts.log?.warn({ code, err: e instanceof Error ? e.message : String(e) }, "LLM answer rejected; extractive answer");
      return extractive;
    }
  }
}
