import { AsyncLocalStorage } from "node:async_hooks";
import { conversationOf } from "./outbox-store.ts";
import { splitText } from "./split.ts";
import type { OutgoingMessage } from "./types.ts";

/** Longest message the router reads (characters); longer ones are refused before any parsing. */
export const MAX_INPUT_CHARS = 1000;
/** Most outbound parts (text bubbles and files) one inbound message may cause in one conversation. */
export const MAX_PARTS_PER_MESSAGE = 3;
/** Longest run of a person's own words a reply may repeat back. */
export const MAX_QUOTE_CHARS = 30;

/** Characters (code points) in a text, counted without copying it. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

const OMITTED = "……（内容较长，其余部分已省略）";
/** Runs shorter than this are never treated as quoting (common words and phrases). */
const GRAM = 12;

/** What is being answered: the inbound text and the parts already used per conversation. */
interface Scope {
  text: string;
  grams: Set<string> | null;
  partsUsed: Map<string, number>;
}

const storage = new AsyncLocalStorage<Scope>();

/**
 * Runs the handling of one inbound message. Everything queued inside (through services.send,
 * whoever calls it) is an answer to a person: sent before bulk pushes, at most
 * MAX_PARTS_PER_MESSAGE parts in any one conversation (the room or chat it came from, or a
 * person notified about it), and never repeating more than a short excerpt of `text`.
 */
export function inScope<T>(text: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ text, grams: null, partsUsed: new Map() }, fn);
}

/** True while an inbound message is being handled (its messages are answers). */
export function answering(): boolean {
  return storage.getStore() !== undefined;
}

/** A short excerpt of what someone typed, for quoting it back: “前二十个字…”. */
function excerpt(text: string, max = MAX_QUOTE_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 4).join("")}…`;
}

/**
 * Applies the current scope to messages about to be queued: quotes of the inbound text
 * longer than MAX_QUOTE_CHARS become excerpts, and texts are cut so that all messages of
 * this inbound message to one conversation together fill at most MAX_PARTS_PER_MESSAGE parts
 * of `maxLength` characters. Outside a scope, messages pass unchanged. Returns the messages to queue.
 */
export function limitAnswer(msgs: OutgoingMessage[], maxLength: number): OutgoingMessage[] {
  const scope = storage.getStore();
  if (!scope) return msgs;
  const out: OutgoingMessage[] = [];
  for (const m of msgs) {
    const conv = conversationOf(m);
    const used = scope.partsUsed.get(conv) ?? 0;
    const fileParts = m.file ? 1 : 0;
    const textBudget = MAX_PARTS_PER_MESSAGE - used - fileParts;
    if (textBudget < 0) continue;
    let text = shortenQuotes(m.text, scope);
    if (text && splitText(text, maxLength).length > textBudget) text = textBudget > 0 ? cutToParts(text, textBudget, maxLength) : "";
    if (!text && !m.file) continue;
    scope.partsUsed.set(conv, used + (text ? splitText(text, maxLength).length : 0) + fileParts);
    out.push({ ...m, text });
  }
  return out;
}

/** The longest prefix of `text` that, with the omission note, fits in `parts` parts. */
function cutToParts(text: string, parts: number, maxLength: number): string {
  const chars = Array.from(text);
  let keep = Math.max(0, parts * maxLength - Array.from(OMITTED).length - parts * 8);
  for (;;) {
    const candidate = chars.slice(0, keep).join("").trimEnd() + OMITTED;
    if (splitText(candidate, maxLength).length <= parts || keep === 0) return candidate;
    keep = Math.max(0, keep - Math.ceil(maxLength / 10));
  }
}

/**
 * Replaces every run of more than MAX_QUOTE_CHARS characters copied from the inbound text
 * with an excerpt of it. Runs are found through the inbound text's 12-character pieces,
 * in time linear in both lengths.
 */
function shortenQuotes(reply: string, scope: Scope): string {
  if (charCount(scope.text) <= MAX_QUOTE_CHARS) return reply;
  scope.grams ??= gramsOf(scope.text);
  const chars = Array.from(reply);
  const covered = new Uint8Array(chars.length);
  for (let i = 0; i + GRAM <= chars.length; i++) {
    if (scope.grams.has(chars.slice(i, i + GRAM).join(""))) covered.fill(1, i, i + GRAM);
  }
  let out = "";
  for (let i = 0; i < chars.length; ) {
    if (!covered[i]) {
      out += chars[i++];
      continue;
    }
    let j = i;
    while (j < chars.length && covered[j]) j++;
    const run = chars.slice(i, j).join("");
    out += j - i > MAX_QUOTE_CHARS ? excerpt(run) : run;
    i = j;
  }
  return out;
}

/** The 12-character pieces of the text as typed and in the normalised forms replies echo it in. */
function gramsOf(text: string): Set<string> {
  const nfkc = text.normalize("NFKC");
  const grams = new Set<string>();
  for (const form of new Set([text, nfkc, nfkc.replace(/\s+/g, " ").trim(), nfkc.replace(/\s+/g, "")])) {
    const chars = Array.from(form);
    for (let i = 0; i + GRAM <= chars.length; i++) grams.add(chars.slice(i, i + GRAM).join(""));
  }
  return grams;
}
