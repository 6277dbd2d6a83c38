import fs from "node:fs";
import type { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import type { LlmConfig } from "./kb.ts";
import { docName, placeLabel, quoteOf, quoteQuery } from "./answer.ts";
import { analyseQuery, fromDialect } from "./segment.ts";
import { projectPath } from "../paths.ts";
import type { KbDocInfo, RankedClause } from "./types.ts";
import { verifyAnswer } from "./verify.ts";
import { maskPersonal } from "../privacy.ts";

/** The first clauses shown to the model, quoted at length (as many as an extractive answer cites). */
const FULL_EXCERPTS = 3;
/** Longest excerpt of each of those clauses (characters): the sentences that match. */
const EXCERPT_BUDGET = 180;
/** Longest excerpt of each further clause: its best sentences, enough to tell whether it answers. */
const RUNNER_UP_BUDGET = 80;
/**
 * Clauses shown to the model: the offline ranking has the answering clause among its first three for
 * about 0.92 of real-law questions and among its first eight for about 0.97; the model picks.
 */
export const LLM_CLAUSES = 8;

/** The JSON an LLM answer must be. */
const llmReplySchema = z.object({
  answer: z.string(),
  citations: z.array(z.string()).default([]),
  grounded: z.boolean().default(true),
});
type LlmReply = z.infer<typeof llmReplySchema>;

/** Why an LLM answer was not used. */
export class LlmRejected extends Error {
  constructor(
    readonly code: "timeout" | "http" | "malformed" | "invented-citation" | "no-citation" | "unverified",
    message: string,
    /** Worth one more attempt (transient failures). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "LlmRejected";
  }
}

/** Sends chat messages and returns the model's text. */
export type ChatFn = (messages: Array<{ role: "system" | "user"; content: string }>, signal: AbortSignal) => Promise<string>;

/** The chat function of an OpenAI-compatible endpoint through LangChain's ChatOpenAI. */
export function chatFromConfig(config: LlmConfig): ChatFn | null {
  if (!config.OPENAI_API_KEY || !config.OPENAI_MODEL) return null;
  let model: ChatOpenAI | null = null;
  return async (messages, signal) => {
    // Loaded on first use: the offline path never pays for LangChain's start-up.
    model ??= new (await import("@langchain/openai")).ChatOpenAI({
      model: config.OPENAI_MODEL,
      apiKey: config.OPENAI_API_KEY,
      configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
      temperature: 0,
      maxRetries: 0,
      timeout: config.LLM_TIMEOUT_MS,
    });
    const res = await model.invoke(
      messages.map((m) => [m.role === "system" ? "system" : "human", m.content] as [string, string]),
      { signal },
    );
    return typeof res.content === "string" ? res.content : res.content.map((p) => ("text" in p ? String(p.text) : "")).join("");
  };
}

/** Reads a prompt template from prompts/ at the repository root. */
export function loadPrompt(name: string): string {
  return fs.readFileSync(projectPath("prompts", name), "utf8");
}

/** The messages for a question and its retrieved clauses (the model sees nothing else). */
export async function buildMessages(question: string, clauses: RankedClause[], docs: KbDocInfo[]): Promise<Array<{ role: "system" | "user"; content: string }>> {
  question = maskPersonal(question);
  const read = fromDialect(question);
  const query = quoteQuery(read, analyseQuery(read).content);
  const names = [...new Set(clauses.map((c) => docName(docs, c.chunk.source)))];
  const listed = clauses
    .map((c, i) => {
      const name = docName(docs, c.chunk.source);
      const where = names.length > 1 ? `《${name}》${placeLabel(c.chunk.section)}` : placeLabel(c.chunk.section);
      const excerpt = c.chunk.kind === "heading" ? c.chunk.text : quoteOf(c, query, i < FULL_EXCERPTS ? EXCERPT_BUDGET : RUNNER_UP_BUDGET);
      return `[${where}] ${c.chunk.title}：${excerpt}`;
    })
    .join("\n");
  const { PromptTemplate } = await import("@langchain/core/prompts");
  const template = PromptTemplate.fromTemplate(loadPrompt("answer.user.md"), { templateFormat: "mustache" });
  const user = await template.format({ document: names.join("》《"), clauses: listed, question });
  return [{ role: "system", content: loadPrompt("answer.system.md") }, { role: "user", content: user }];
}

/** Parses the model's text as the reply JSON (code fences and surrounding text tolerated). */
export function parseReply(text: string): LlmReply {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) throw new LlmRejected("malformed", "回复不是 JSON", true);
  let data: unknown;
  try {
    data = JSON.parse(text.slice(start, end + 1));
  } catch {
    throw new LlmRejected("malformed", "回复 JSON 无法解析", true);
  }
  const parsed = llmReplySchema.safeParse(data);
  if (!parsed.success) throw new LlmRejected("malformed", "回复缺少 answer 字段", true);
  return parsed.data;
}

const norm = (s: string) => s.normalize("NFKC").replace(/[《》\s]/g, "");
const PLACE_IN_TEXT = /[一二三四五六七八九十]{1,3}[（(][一二三四五六七八九十]{1,3}[）)]\d{0,2}|[一二三四五六七八九十]{1,3}[（(][一二三四五六七八九十]是[）)]/g;

/**
 * Checks the reply's citations against the retrieved clauses: every cited place, and
 * every place the answer text names, must be one of them. A place several documents have
 * (第十条) is the clause of the document the citation names (《劳动法》第十条), else the first.
 * `nameOf` gives a clause's document name. Returns the cited clauses in the reply's order.
 */
export function checkCitations(reply: LlmReply, clauses: RankedClause[], nameOf: (c: RankedClause) => string = () => ""): RankedClause[] {
  const byPlace = (p: string) => {
    const at = clauses.filter((c) => norm(p).endsWith(norm(placeLabel(c.chunk.section))) || norm(p) === norm(c.chunk.section));
    const named = at.filter((c) => nameOf(c) && norm(p).includes(norm(nameOf(c))));
    return named.sort((a, b) => nameOf(b).length - nameOf(a).length)[0] ?? at[0];
  };
  const cited: RankedClause[] = [];
  for (const p of reply.citations) {
    const c = byPlace(p);
    if (!c) throw new LlmRejected("invented-citation", `引用了未检索到的条款：${p}`, false);
    if (!cited.includes(c)) cited.push(c);
  }
  for (const m of reply.answer.matchAll(PLACE_IN_TEXT)) {
    if (!byPlace(m[0]) && !clauses.some((c) => norm(c.chunk.section).startsWith(norm(m[0])))) throw new LlmRejected("invented-citation", `回答提到了未检索到的条款：${m[0]}`, false);
  }
  if (reply.grounded && !cited.length) throw new LlmRejected("no-citation", "回答没有引用条款", false);
  return cited;
}

/** The prompt templates sent to the model: an answer repeating them is rejected. */
const PROMPT_FILES = ["answer.system.md", "answer.user.md"];

/** What a cited clause lends an answer: its place, title and full text. */
function clauseEvidence(c: RankedClause): string {
  return `${placeLabel(c.chunk.section)} ${c.chunk.title}\n${c.chunk.text}`;
}

/** Runs `fn` with an abort signal that fires after `ms`, rejecting with a timeout (whether or not `fn` heeds the signal). */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  const timeout = new LlmRejected("timeout", `超过 ${ms} 毫秒未回复`, true);
  const timer = setTimeout(() => ctrl.abort(timeout), ms);
  const timedOut = new Promise<never>((_, reject) => ctrl.signal.addEventListener("abort", () => reject(timeout)));
  try {
    return await Promise.race([fn(ctrl.signal), timedOut]);
  } catch (e) {
    if (e instanceof LlmRejected) throw e;
    throw ctrl.signal.aborted ? timeout : new LlmRejected("http", e instanceof Error ? e.message : String(e), true);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the model (phone and ID numbers in the question masked), with a timeout and one retry
 * for transient failures (timeout, HTTP error, malformed reply); an invented citation or an
 * answer that fails verification against its cited clauses (verify.ts) is rejected at once.
 * Throws LlmRejected.
 */
export async function askLlm(chat: ChatFn, question: string, clauses: RankedClause[], docs: KbDocInfo[], timeoutMs: number, onRetry?: (e: LlmRejected) => void): Promise<{ reply: LlmReply; cited: RankedClause[] }> {
  clauses = clauses.slice(0, LLM_CLAUSES);
  const messages = await buildMessages(question, clauses, docs);
  for (let attempt = 0; ; attempt++) {
    try {
      const text = await withTimeout(timeoutMs, (signal) => chat(messages, signal));
      const reply = parseReply(text);
      const cited = checkCitations(reply, clauses, (c) => docName(docs, c.chunk.source));
      const reason = reply.grounded ? verifyAnswer(reply.answer, { clauses: cited.map(clauseEvidence), prompts: PROMPT_FILES.map(loadPrompt) }) : null;
      if (reason) throw new LlmRejected("unverified", reason, false);
      return { reply, cited };
    } catch (e) {
      const error = e instanceof LlmRejected ? e : new LlmRejected("http", String(e), true);
      if (!error.retryable || attempt > 0) throw error;
      onRetry?.(error);
    }
  }
}
