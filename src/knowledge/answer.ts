import { typeNouns } from "./answer-type.ts";
import { isLeadSentence } from "./ingest.ts";
import { ANSWER_TYPES, askedForm } from "./lexicon.ts";
import { parseChineseNumber, searchForm } from "./normalize.ts";
import type { LexicalIndex } from "./retrieve.ts";
import { answeringUnit } from "./scope.ts";
import { tokenizeDocument } from "./segment.ts";
import { splitSentences } from "./structure.ts";
import type { AnswerResult, Citation, KbDocInfo, RankedClause, RetrievalResult } from "./types.ts";

/** Longest quote (characters) an extractive answer aims for before its citation. */
const QUOTE_BUDGET = 200;
/** A clause (without its lead title) up to this length is quoted whole. */
const WHOLE_QUOTE = 100;
/** Citations listed with an answer. */
export const CITE_K = 3;

/** How a place is named in an answer (the notice has no number). */
export function placeLabel(place: string): string {
  return place === "通知" ? "印发通知" : place;
}

/** The document of a source (a stand-in named after the file when the list lacks it). */
function docOf(docs: KbDocInfo[], source: string): KbDocInfo {
  const name = source.replace(/\.[^.]+$/, "");
  return docs.find((d) => d.source === source) ?? { id: 0, source, title: name, shortName: name, issuer: null, date: null, family: "official" };
}

/** The citation of a ranked clause, with its document and the full place (《…条例》第十一条第一款第（二）项). */
export function citationOf(c: RankedClause, docs: KbDocInfo[]): Citation {
  const { section, title, text, source } = c.chunk;
  const d = docOf(docs, source);
  // The finest place that answers: the best sentence's 款/项/目 inside an article, else the clause's place.
  const p = c.sentences[0]?.place;
  const place = p && p.startsWith(section) ? p : section;
  const document = { id: d.id, title: d.title, shortName: d.shortName, issuer: d.issuer, date: d.date, source: d.source };
  return { section, title, text, source, place, cite: `《${d.title}》${placeLabel(place)}`, document };
}

/** The short name of a source's document (工会法). */
export function docName(docs: KbDocInfo[], source: string): string {
  return docOf(docs, source).shortName;
}

/** True for an article of a law (its own title is its number: 第十一条). */
const isArticle = (c: RankedClause) => c.chunk.title === c.chunk.section && /^第.+条(之.+)?$/.test(c.chunk.section);

/** Numbers of 款, 项 and 目 in a place or a question (第十一条第一款第（二）项 → 1, 2, undefined). */
function partNumbers(text: string): { kuan?: number; item?: number; mu?: number } {
  const n = (s: string | undefined) => (s === undefined ? undefined : parseChineseNumber(s));
  const form = text.normalize("NFKC");
  return {
    kuan: n(/第([\d一二三四五六七八九十]+)款/.exec(form)?.[1]),
    item: n(/第[（(]?([\d一二三四五六七八九十]+)[）)]?项/.exec(form)?.[1]),
    mu: n(/第([\d一二三四五六七八九十]+)目/.exec(form)?.[1]),
  };
}

/**
 * The article as the question points at it: the 款, 项 or 目 it names (第十一条第一款第（二）项)
 * becomes the best sentence; without one, the article itself is cited.
 */
function focusStructural(question: string, c: RankedClause): RankedClause {
  if (!isArticle(c)) return c;
  const asked = partNumbers(question.replace(/^.*?第[\d一二三四五六七八九十百]+条/, ""));
  if (asked.kuan === undefined && asked.item === undefined && asked.mu === undefined) return { ...c, sentences: c.sentences.map(({ text, score }) => ({ text, score })) };
  const fits = (place: string) => {
    const p = partNumbers(place.slice(c.chunk.section.length));
    return (asked.kuan === undefined || (p.kuan ?? 1) === asked.kuan) && (asked.item === undefined || p.item === asked.item) && (asked.mu === undefined || p.mu === asked.mu);
  };
  const hit = c.sentences.filter((x) => x.place && fits(x.place)).sort((a, b) => a.place!.length - b.place!.length)[0];
  return hit ? { ...c, sentences: [{ ...hit, score: 1 }, ...c.sentences.filter((x) => x !== hit).map((x) => ({ ...x, score: 0 }))] } : c;
}

/** An item marker opening a sentence: （一） 项, 1． 目. */
const ITEM_START = /^(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[．.、])/;

/** Trims a long sentence to the comma-separated window that holds the most of the query's words (`hits`). */
function trimSentence(sentence: string, budget: number, query: QuoteQuery): string {
  if (sentence.length <= budget) return sentence;
  const parts = sentence.match(/[^，；：,]+[，；：,]?/g) ?? [sentence];
  let best = { from: 0, to: 0, value: -1 };
  for (let from = 0; from < parts.length; from++) {
    let len = 0;
    let value = 0;
    for (let to = from; to < parts.length; to++) {
      len += parts[to].length;
      if (len > budget - 2) break;
      value += hits(parts[to], query);
      if (value > best.value) best = { from, to, value };
    }
  }
  const text = parts.slice(best.from, best.to + 1).join("").replace(/[，；：,]$/, "");
  return `${best.from > 0 ? "……" : ""}${text}${best.to < parts.length - 1 ? "……" : ""}`;
}

/** What a quote is chosen for: the question's content words and the answer types it asks for (a number, a date). */
interface QuoteQuery {
  terms: string[];
  wants: RegExp[];
  /** A sentence opening a list of the kind of thing asked for (啥材料: 应当提交下列材料：), quoted whole; null when no kind is asked. */
  listOfKind: RegExp | null;
}

/** Answer types a quote should show: a date or period, a quantity, an amount in a unit (`#qty:日`). */
const AMOUNT_TYPE = /^#(?:time|qty)/;

/** The quote query of a question whose content words are known. */
export function quoteQuery(question: string, content: string[]): QuoteQuery {
  const form = askedForm(searchForm(question));
  const asked = ANSWER_TYPES.filter((t) => AMOUNT_TYPE.test(t.token) && t.question.test(form));
  // The unit asked for (几天) is wanted before any quantity.
  const units = asked.filter((t) => t.token.includes(":"));
  return { terms: content, wants: (units.length ? units : asked).map((t) => t.text), listOfKind: listOpening(typeNouns(question)) };
}

/**
 * Picks the sentences of the best clause that answer the question: the best one, then
 * others scoring at least 60 % of it while the quote stays within the budget; a sentence
 * holding the number or date asked for when none of those does; the items a chosen list
 * opening (…下列标准支付：) introduces; kept in document order, gaps marked with ……
 */
export function quoteOf(clause: RankedClause, query: QuoteQuery, budget = QUOTE_BUDGET, withLead = false): string {
  const text = clause.chunk.text;
  // Asked for an article itself (第十一条讲的啥): its text from the start, as far as the budget goes.
  if (withLead && isArticle(clause)) {
    const whole = text.replace(/\n/g, "");
    if (whole.length <= budget) return whole;
    const cut = whole.slice(0, budget - 2);
    const end = Math.max(cut.lastIndexOf("。"), cut.lastIndexOf("；"), cut.lastIndexOf("："));
    return `${end > budget / 3 ? cut.slice(0, end + 1) : cut}……`;
  }
  // Asked for the clause itself (目标任务第一条讲的啥), the quote opens with its lead title.
  const first = leadOf(clause);
  if (withLead && first) {
    const rest = text.slice(first.length);
    if (!rest) return first;
    const kept = clause.sentences.filter((x) => rest.includes(x.text));
    const tail = quoteOf({ ...clause, chunk: { ...clause.chunk, text: rest }, sentences: kept.length ? kept : [{ text: rest, score: 0 }] }, query, budget - first.length);
    return `${first}${tail.startsWith("……") || rest.startsWith(tail) ? "" : "……"}${tail}`;
  }
  let sentences = clause.sentences;
  if (sentences.length === 1 && sentences[0].text === text) {
    const parts = splitSentences(text).filter((s, k) => !(k === 0 && isLeadSentence(s, clause.chunk.title)));
    // A short clause is quoted whole: its sentences read together (…的，由…责令改正；拒不改正的，由…处理).
    const whole = parts.join("");
    if (parts.length > 1 && whole.length <= WHOLE_QUOTE && text.endsWith(whole)) return whole;
    if (parts.length > 1 || (parts.length === 1 && parts[0] !== text)) {
      sentences = parts.map((text) => ({ text, score: hits(text, query) })).sort((a, b) => b.score - a.score);
    }
  }
  if (!sentences.length) return trimSentence(text, budget, query);
  // A short lead title glued to the first sentence (搞好摸查，建立台账。今年…) is not quoted.
  if (first) sentences = sentences.map((x) => (x.text.startsWith(first) && x.text.length > first.length ? { ...x, text: x.text.slice(first.length) } : x));
  // Words of the clause's own title (抓好基层工联会的队伍建设: 工联会) name what all its sentences are about: a sentence holding more of
  // the other words asked (解决人手问题 → …的用人机制，解决工作力量不足的问题) answers before one that only repeats the title's.
  const titled = new Set(tokenizeDocument(clause.chunk.title).terms);
  const rest = { ...query, terms: query.terms.filter((t) => !titled.has(t)) };
  if (rest.terms.length < query.terms.length) {
    const top = sentences.reduce((a, x) => (hits(x.text, rest) > hits(a.text, rest) ? x : a), sentences[0]);
    sentences = [top, ...sentences.filter((x) => x !== top)];
  }
  const best = sentences[0];
  const chosen = [best];
  let used = best.text.length;
  const add = (s: { text: string; score: number }) => {
    if (chosen.includes(s) || used + s.text.length > budget) return;
    chosen.push(s);
    used += s.text.length;
  };
  for (const s of sentences.slice(1)) {
    if (s.score < best.score * 0.6 || s.score <= 0) break;
    add(s);
  }
  // Asked for a number or a date the chosen sentences lack: the best sentence holding one.
  if (query.wants.length && !chosen.some((c) => holdsWanted(c.text, query))) {
    const withIt = sentences.find((s) => s.score > 0 && holdsWanted(s.text, query));
    if (withIt) add(withIt);
  }
  // A list opening (…按照下列标准支付加班工资：) answers nothing alone: the items it introduces that score best come with it.
  for (const lead of chosen.filter((c) => /[：:]$/.test(c.text))) {
    const listed = itemsAfter(text, lead.text);
    const items = sentences.filter((s) => s.score > 0 && listed.includes(s.text));
    if (!items.length || chosen.some((c) => items.includes(c))) continue;
    const top = Math.max(...items.map((s) => s.score));
    for (const s of items) if (s.score >= top * 0.6) add(s);
  }
  // An item (（二）严重违反…的；) is quoted with the paragraph that introduces it (有下列情形之一的，…：).
  for (const s of [...chosen]) {
    let item = s.text;
    while (ITEM_START.test(item)) {
      // The nearest line before it that ends with a colon introduces it (an item introduces its 目).
      const lead = text.slice(0, text.indexOf(item)).split("\n").reverse().find((l) => /[：:]$/.test(l));
      if (!lead || used + lead.length > budget) break;
      if (!chosen.some((c) => c.text === lead)) add({ text: lead, score: 0 });
      item = lead;
    }
  }
  // An element of a list run into its paragraph (…支付工资。社会活动包括：…；…的时间；) is quoted with the paragraph's words up to
  // the colon that opens the list: they state what the element is an instance of.
  for (const s of [...chosen]) {
    const at = text.indexOf(s.text);
    const lineStart = text.lastIndexOf("\n", at) + 1;
    const colon = Math.max(text.lastIndexOf("：", at), text.lastIndexOf(":", at));
    if (colon < lineStart || at === lineStart || chosen.some((c) => c !== s && text.indexOf(c.text) <= colon && text.indexOf(c.text) >= lineStart)) continue;
    add({ text: text.slice(lineStart, colon + 1), score: 0 });
  }
  // A list of the kind of thing asked for (要准备啥材料: 应当提交下列材料：) is the answer: quoted whole, before the rest.
  const kindLead = query.listOfKind && chosen.find((c) => query.listOfKind!.test(c.text));
  if (kindLead) {
    const list = [kindLead.text, ...itemsAfter(text, kindLead.text)];
    const rest = chosen.filter((c) => !list.includes(c.text));
    chosen.length = 0;
    used = 0;
    for (const s of [...list.map((t) => ({ text: t, score: 0 })), ...rest]) add(s);
  }
  chosen.sort((a, b) => text.indexOf(a.text) - text.indexOf(b.text));
  let out = "";
  let last = -1;
  for (const s of chosen) {
    const at = text.indexOf(s.text);
    if (out && at !== last && text.slice(last, at).trim()) out += "……";
    out += s.text;
    last = at + s.text.length;
  }
  return trimSentence(out, budget, query);
}

/** The items (（一）…, 1．…) of the list a sentence ending in a colon opens (…提交下列材料：): the item lines right after it. */
function itemsAfter(text: string, lead: string): string[] {
  const lines = text.slice(text.indexOf(lead) + lead.length).split("\n").map((l) => l.trim()).filter(Boolean);
  const end = lines.findIndex((l) => !ITEM_START.test(l));
  return end < 0 ? lines : lines.slice(0, end);
}

/** The lead title sentence a clause opens with (“搞好摸查，建立台账。”, “一是理顺…。”), or "". */
function leadOf(clause: RankedClause): string {
  const { text, title } = clause.chunk;
  const m = /^([一二三四五六七八九十]+是)?([^。]*)。/.exec(text);
  return m && m[2] === title ? m[0] : "";
}

/** True when a text holds an answer of a type the question asks for (a number, a date). */
const holdsWanted = (text: string, query: QuoteQuery) => query.wants.some((re) => re.test(searchForm(text)));

function hits(text: string, query: QuoteQuery): number {
  const form = text.normalize("NFKC");
  return query.terms.reduce((a, t) => a + (t.length >= 2 && form.includes(t) ? t.length : 0), 0) + 0.01;
}

/** A quote as answers give it: 根据《工会法》第四十三条：“…”. */
const quoted = (name: string, clause: RankedClause, text: string) => `根据《${name}》${placeLabel(clause.chunk.section)}：“${text}”`;

/** The answer for a heading: its title and the titles of what it contains. */
function headingAnswer(clause: RankedClause, index: LexicalIndex, name: string): string {
  const kids = index.childClauses(clause.chunk.source, clause.chunk.section);
  const head = quoted(name, clause, clause.chunk.title);
  if (!kids.length) return head;
  const list = kids.map((k) => `${k.section.slice(clause.chunk.section.length)}${k.title}`).join("；");
  const full = `${head}，包括：${list}。`;
  return full.length <= QUOTE_BUDGET + 40 ? full : `${full.slice(0, QUOTE_BUDGET + 38)}……`;
}

/** A sentence introducing a list of the kinds of thing asked for (要准备啥材料: 应当提交下列材料：; not …的标准计算，…：). */
function listOpening(kinds: string[]): RegExp | null {
  const k = kinds.join("|");
  return k ? new RegExp(`(?:下列|以下)[^，。；：]{0,4}(?:${k})[^，。；：]{0,4}[：:]$|(?:${k})(?:包括|如下|有)[：:]$`) : null;
}

/** A clause whose list introduces the kind of thing asked for answers with that list first. */
function focusKind(c: RankedClause, query: QuoteQuery): RankedClause {
  const lead = query.listOfKind && c.sentences.find((s) => query.listOfKind!.test(s.text));
  return lead && lead !== c.sentences[0] ? { ...c, sentences: [{ ...lead, score: c.sentences[0].score }, ...c.sentences.filter((s) => s !== lead)] } : c;
}

/**
 * The extractive answer: the sentence(s) of the best clause that answer, quoted with the
 * document name and place; a second clause is added when it ranks almost as high and
 * the quote budget allows.
 */
export function extractiveAnswer(result: RetrievalResult, index: LexicalIndex, docs: KbDocInfo[]): AnswerResult {
  const second = result.clauses[1];
  const query = quoteQuery(result.question, result.content);
  const first = result.structural ? focusStructural(result.question, result.clauses[0]) : focusKind(result.clauses[0], query);
  const part = first !== result.clauses[0] && first.sentences[0]?.place;
  const name = docName(docs, first.chunk.source);
  let answer: string;
  if (first.chunk.kind === "heading") {
    answer = headingAnswer(first, index, name);
  } else {
    // A place asked about with words of its own (工伤保险条例第十四条，上下班路上被车撞了算不算工伤) is quoted where they match, not from
    // its opening; words of the document's title or of the article's opening sentence (第十五条，视同工伤是哪几种情况) ask for the article.
    const asksMore = () => {
      const opening = `${docOf(docs, first.chunk.source).title}${/^[^。：:]*/.exec(first.chunk.text)?.[0]}`;
      return result.words.some((w) => !w.weak && !w.word.startsWith("#") && !opening.includes(w.word));
    };
    let quote = quoteOf(first, query, QUOTE_BUDGET, result.structural && !part && !asksMore());
    let more = "";
    if (second && second.chunk.kind !== "heading" && second.score >= first.score * 0.85 && !result.structural) {
      const secondName = docName(docs, second.chunk.source);
      const where = secondName === name ? placeLabel(second.chunk.section) : `《${secondName}》${placeLabel(second.chunk.section)}`;
      const addition = (text: string) => `；另见${where}：“${text}”`;
      // Both quotes and the second label stay within the budget; a close rival clause is
      // worth more than the first clause's weaker sentences.
      const fit = (q: string) => {
        const room = QUOTE_BUDGET - q.length - addition("").length;
        const extra = room >= 30 ? quoteOf(second, query, room) : "";
        return extra && extra.length <= room && !q.includes(extra) ? addition(extra) : "";
      };
      more = fit(quote);
      const bestOnly = first.sentences[0]?.text ?? "";
      if (!more && bestOnly && bestOnly.length < quote.length && quote.includes(bestOnly)) {
        const shorter = quoteOf({ ...first, sentences: [first.sentences[0]] }, query);
        // Not at the cost of the number or period asked (…台账应当至少保存两年): the rival is worth less than the answer.
        if (fit(shorter) && (holdsWanted(shorter, query) || !holdsWanted(quote, query))) [quote, more] = [shorter, fit(shorter)];
      }
    }
    answer = quoted(name, first, quote) + more;
  }
  return { question: result.question, answer, grounded: true, mode: "extractive", citations: [first, ...result.clauses.slice(1, CITE_K)].map((c) => citationOf(c, docs)) };
}

/** Topics the knowledge base covers, for the refusal: document names and their part titles. */
function coverageSummary(question: string, index: LexicalIndex, docs: KbDocInfo[]): string {
  if (docs.length > 3) {
    // Many documents: their names only (a chat bubble, not a catalogue), another place's rules (上海市… for a county in 广东) last.
    const elsewhere = (d: KbDocInfo) => Number(index.placeElsewhere(d.source, question) !== undefined);
    const named = [...docs].sort((a, b) => elsewhere(a) - elsewhere(b));
    return `${named.slice(0, 6).map((d) => `《${d.shortName}》`).join("、")}${docs.length > 6 ? `等 ${docs.length} 个文件` : ""}`;
  }
  const parts = docs.map((d) => {
    const tops = index.clauses.filter((c) => c.source === d.source && c.kind === "heading" && c.headings.length === 1).map((c) => c.title);
    // A title of its own may open with 关于 (关于职工服务驿站建设): not 关于关于.
    return tops.length ? `《${d.shortName}》中关于${tops.slice(0, 6).map((t) => t.replace(/^关于/, "")).join("、")}等方面` : `《${d.shortName}》`;
  });
  return parts.length ? parts.join("，以及") : "已收录文件";
}

/**
 * The answer to a question for a figure the documents leave to another body: no figure, but the part (paragraph, item)
 * that says who sets it (文件没有写出具体数字。根据《工伤保险条例》第三十七条：“…具体标准由省、自治区、直辖市人民政府规定。”).
 */
export function delegatedAnswer(question: string, result: RetrievalResult, docs: KbDocInfo[]): AnswerResult {
  const best = result.clauses[0];
  const answer = `文件没有写出具体数字。${quoted(docName(docs, best.chunk.source), best, answeringUnit(best))}`;
  return { question, answer, grounded: false, mode: "extractive", citations: [citationOf(best, docs)] };
}

const SMALL_TALK = /^(你好|您好|hi|hello|在吗|在不在|早上好|下午好|晚上好|谢谢|多谢|感谢|辛苦了|好的|收到)[呀啊！!。~～，,\s]*$/i;

/** The refusal for a question the documents do not cover (a greeting or thanks gets a friendly introduction instead). */
export function refusal(question: string, index: LexicalIndex, docs: KbDocInfo[]): AnswerResult {
  const scope = coverageSummary(question, index, docs);
  const answer = SMALL_TALK.test(question.trim())
    ? `您好！我是工会助手，可以回答${scope}的问题，请直接提问。`
    : `文件中没有相关规定，这个问题我无法回答。我可以回答${scope}的问题。`;
  return { question, answer, grounded: false, mode: "extractive", citations: [] };
}
