import { Jieba } from "@node-rs/jieba";
import { dict, idf as idfDict } from "@node-rs/jieba/dict.js";
import { ANSWER_TYPES, askedForm, ASPECT_WORDS, CANONICAL, COLLOQUIAL, DIALECT, DOMAIN_TERMS, EXPANSIONS, LIGHT_VERBS, QUERY_REWRITES, QUESTION_WORD, STOPWORDS, VERB_COMPLEMENT } from "./lexicon.ts";
import { searchForm, toSimplified } from "./normalize.ts";
import { conditionTokens, STATED_SHARE, withoutStated } from "./quantities.ts";

let jieba: Jieba | null = null;

/** The words of the domain lexicon: terms, equivalent forms and colloquial keys (jieba's user dictionary). */
const LEXICON_TERMS = new Set([...DOMAIN_TERMS, ...Object.keys(EXPANSIONS)]);

/**
 * The shared jieba instance with the domain user dictionary loaded, and the stop words of several
 * characters (后生仔, 说得过去), so that they are cut whole and dropped.
 */
export function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const terms = [...LEXICON_TERMS].filter((t) => t.length > 1).map((t) => `${t} 200000 n`);
    const fillers = [...STOPWORDS].filter((t) => t.length > 1 && !LEXICON_TERMS.has(t)).map((t) => `${t} 2000 r`);
    jieba.loadDict(Buffer.from([...terms, ...fillers].join("\n")));
  }
  return jieba;
}

const PUNCT = /^[\p{P}\p{S}\s]+$/u;

/** Maps a token to its canonical form (工联会 → 工会联合会). */
function canonical(token: string): string {
  return CANONICAL[token] ?? token;
}

/**
 * Segments a search-form text: jieba's precise cut with canonical forms; words of three
 * or more characters that are not domain terms also yield their dictionary sub-words.
 * Returns the main words (in order) and all terms.
 */
export function segment(form: string, opts: { splitUnknown?: boolean; knows?: (word: string) => boolean } = {}): { words: string[]; terms: string[]; subwords: Set<string> } {
  const words: string[] = [];
  const terms: string[] = [];
  const subwords = new Set<string>();
  // 多少 stays one word (按多少发 is 按/多少/发, not 按多/少发; 多少钱 is one); so do 几个点, 这个月, 多久内, 还是, 最少, 最多, 怎么 and 咋 (几个点拨
  // is 几个点/拨, not 点拨; 这个月光加班 is 这个月/光/加班, not 月光; 多久内能报 is 多久/内/能/报, not 内能; 提前发还是 is 提前/发/还是,
  // not 发还; 最少发多少 is 最少/发/多少, not 少发; 怎么办理 is 怎么/办理, not 怎么办/理).
  const cut = form.split(/(多少(?!钱)|几个点|[这那]个月|多久内|还是|最[少多]|怎么样|咋样|怎么|咋)/).flatMap((part) => (part ? getJieba().cut(part, true) : []));
  for (const w of opts.splitUnknown ? cut.flatMap((x) => splitUnknown(x, opts.knows)) : cut) {
    if (PUNCT.test(w)) continue;
    const c = canonical(w);
    words.push(c);
    terms.push(c);
    if (c.length >= 3 && !STOPWORDS.has(c)) {
      for (const sub of getJieba().cutForSearch(c, false)) {
        if (sub === c || sub.length < 2) continue;
        terms.push(canonical(sub));
        subwords.add(canonical(sub));
      }
    }
  }
  for (const w of words) subwords.delete(w);
  return { words, terms, subwords };
}

/** Terms documents define (addTerms). */
const added = new Set<string>();

/** True when the word is in jieba's general dictionary or the domain lexicon. */
export function isDictionaryWord(word: string): boolean {
  return LEXICON_TERMS.has(word) || isGeneralWord(word) || added.has(word);
}

/**
 * A word jieba's statistical model made up from typed characters (有家厂, 前要, 拨钱, 融到)
 * is split back into dictionary pieces when one of them is a function word or a lexicon
 * word: the pieces then meet stop words, canonical forms and expansions as usual.
 * Unknown words without such a piece (断缴, 工建) stay whole. A word of two characters the
 * documents lack, opening with a stop word (没交, 是从), is split into its characters when the
 * second is a stop word or a lexicon word too, or when the first is a negation (没去, 不干): a negated
 * or particle form of that word.
 */
function splitUnknown(word: string, knows?: (word: string) => boolean): string[] {
  // A lexicon word with a locative (厂里, 单位上): the word and the locative.
  const place = /^(.+?)(里|里面|上|内)$/.exec(word);
  if (place && !LEXICON_TERMS.has(word) && LEXICON_TERMS.has(place[1])) return [place[1], place[2]];
  if (word.length < 2 || PUNCT.test(word) || /[\da-z]/.test(word)) return [word];
  // A degree adverb and a state, as one word the documents lack (太忙, 好累, 超烦): how things stand, in two words.
  if (word.length === 2 && /^[太很挺好超蛮贼巨]/.test(word) && !LEXICON_TERMS.has(word) && knows !== undefined && !knows(word)) return [...word];
  const useful = (p: string) => STOPWORDS.has(p) || QUESTION_WORD.test(p) || LEXICON_TERMS.has(p);
  if (isDictionaryWord(word)) return word.length === 2 && knows && !knows(word) && !LEXICON_TERMS.has(word) && STOPWORDS.has(word[0]) && (useful(word[1]) || /^[没不]/.test(word)) ? [...word] : [word];
  const pieces = getJieba().cut(word, false);
  return pieces.length >= 2 && pieces.some(useful) ? pieces : [word];
}

/** Adjacent word pairs (phrase evidence), stop words skipped. */
function wordPairs(words: string[]): string[] {
  const kept = words.filter((w) => !STOPWORDS.has(w));
  return kept.slice(1).map((w, i) => `${kept[i]}_${w}`);
}

/** A short alternative or alias in brackets between two characters of a phrase (劳动（聘用）合同, 大会（职工大会）的). */
const BRACKETED = /(?<=[\u4e00-\u9fff])\([\u4e00-\u9fff、]{1,6}\)(?=[\u4e00-\u9fff])/g;

/** Index tokens of a text: terms plus answer-type feature tokens; and word pairs. */
export function tokenizeDocument(text: string): { terms: string[]; pairs: string[] } {
  // Item numbers opening a line (1．竞赛报名表, （二）休息日…) are no numbers of the text: “拿第一” is not “1．”.
  const form = searchForm(text).replace(/(^|[\n：:；;])\s*(?:\d{1,2}[．.、](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)])/g, "$1");
  const { words, terms } = segment(form);
  // A phrase read without the alternative or alias bracketed inside it (劳动（聘用）合同 holds 劳动合同, 录（聘）用 录用).
  const plain = form.replace(BRACKETED, "");
  if (plain !== form) {
    const held = new Set(terms);
    terms.push(...segment(plain).terms.filter((t) => !held.has(t)));
  }
  terms.push(...splitTermsIn(form));
  for (const t of ANSWER_TYPES) if (t.text.test(form)) terms.push(t.token);
  terms.push(...conditionTokens(form));
  return { terms, pairs: wordPairs(words) };
}

/** What may stand between a verb and its object in a vocabulary term: a short word, no punctuation, conjunction nor 的. */
const OBJECT_GAP = "(?:(?![和与及或并的])[^，,。；;：:、！!？?\\s]){1,3}?";

/** The vocabulary's verb–object terms (延长工作时间, 解除劳动合同) with a pattern finding them split. */
let splitTerms: Array<{ term: string; verb: string; split: RegExp }> | null = null;

/**
 * The vocabulary's verb–object terms a text writes with a short word between verb and object (延长劳动者工作时间 holds
 * 延长工作时间, 解除职工劳动合同 holds 解除劳动合同): laws name whose time, contract or pay in between.
 */
function splitTermsIn(form: string): string[] {
  splitTerms ??= [...new Set([...DOMAIN_TERMS, ...Object.values(EXPANSIONS).flat()])].flatMap((term) => {
    // A phrase of several words (不得 超过) or one with pattern characters is not a term to split.
    const verb = /[\s.*+?^${}()|[\]\\]/.test(term) ? undefined : getJieba().cutForSearch(term, false).find((w) => w.length >= 2 && w.length < term.length && term.startsWith(w) && isGeneralWord(w));
    return verb && getJieba().tag(verb, false).every((t) => t.tag === "v") ? [{ term, verb, split: new RegExp(verb + OBJECT_GAP + term.slice(verb.length)) }] : [];
  });
  return splitTerms.filter((t) => form.includes(t.verb) && t.split.test(form)).map((t) => t.term);
}

/** Weight of the dictionary sub-words of a longer query word (工会 in 工会联合会). */
const SUBWORD_WEIGHT = 0.5;

/** Share of its salience a colloquial word keeps as typed; it also adds the standard forms it stands for. */
const COLLOQUIAL_WEIGHT = 0.5;

/** Weight of an answer-type hint (#time, #qty …). */
const ANSWER_TYPE_WEIGHT = 0.9;

/** The answer type of a share (分之, %, 倍). */
export const SHARE_TYPE = "#qty:比";

/** A weighted query term. */
interface QueryTerm {
  term: string;
  weight: number;
  /** The user's own word (true) or an expansion (false). */
  original: boolean;
  /** Index terms containing this word, when the word itself is not indexed. */
  partial?: string[];
}

/** The analysed query. */
export interface AnalysedQuery {
  /** Search form after rewrites. */
  form: string;
  /** Content words as typed (after canonicalisation), stop words removed. */
  content: string[];
  /** Weighted terms for ranking (content words, expansions, answer-type tokens). */
  terms: QueryTerm[];
  /** Adjacent word pairs of the question. */
  pairs: QueryTerm[];
  /** Content words that stand only in the story around the question, in clauses that do not ask. */
  story: string[];
}

/** A clause that asks: an interrogative (not the indefinite 几 of 我们几个, 没几个钱, 请了几个, 好几年, 十几个, 几十), a yes/no particle, an A-not-A verb (能不能, 有没有) or a question mark. */
const ASKING = /什么|啥|哪|(?<![那这好十了们没\d])几(?!十)|多少|多久|多长|多大|多高|怎|如何|咋|谁|吗|呢|是否|能否|可否|(.)[不没]\1|(?<![都也还并])不\s*[，,。！!]?\s*$|[？?]/;

/**
 * A question typed in Cantonese (厂里要裁人，我老婆冇工作，可唔可以优先留低我) read as standard Mandarin (…没工作，可不可以
 * 优先留下我): the documents, the vocabulary and the question grammar are written in it.
 */
export function fromDialect(question: string): string {
  return replaceInOrder(toSimplified(question), DIALECT);
}

/**
 * The text with each pattern of a table replaced in order by its replacement ($1 … are the pattern's groups) between
 * `pad`s. A pattern is tested first: a global replace that finds nothing costs more than a test (which, failing,
 * leaves `lastIndex` at 0).
 */
function replaceInOrder(text: string, table: Array<[RegExp, string]>, pad = ""): string {
  for (const [re, to] of table) if (re.test(text)) text = text.replace(re, pad + to + pad);
  return text;
}

/** A question's search form with its colloquial phrases rewritten; they stand apart so that jieba does not glue them to a neighbouring character (光有工会 → 光 已建立工会组织). */
export function rewritten(form: string): string {
  return replaceInOrder(form, QUERY_REWRITES, " ");
}

/** Clauses of a question (split after ，。；！？), each with its punctuation. */
const clausesOf = (form: string) => form.split(/(?<=[，,。；;！!？?])/).filter((c) => c.trim());

/**
 * The clauses that ask, one per sentence: the last asking clause of each sentence ending in a question mark and of the
 * last sentence (之前交了几年社保，…以前交的年限还算不算 → the last; 婚假能放几天？还有没有晚婚假？ → both), or the whole question.
 */
export function askedClauses(form: string): string[] {
  const sentences = form.split(/(?<=[。；;！!？?])/).filter((s) => s.trim());
  const asked = sentences.flatMap((s, i) => (i === sentences.length - 1 || /[？?]\s*$/.test(s) ? clausesOf(s).filter((c) => ASKING.test(c)).slice(-1) : []));
  return asked.length ? asked : [form];
}

/**
 * The words of a question's story (旺季赶货，一个月加班最多加多少个钟; 厂里查出用了个小工，一般会怎么罚):
 * the clauses without an interrogative set the scene, the asking clauses name the topic. A
 * question of one clause, or whose clauses all ask, has no story. Clauses ask as typed (a rewrite
 * may drop the 能不能 that made one ask); their words are those of the rewritten clauses, segmented as
 * the question is (我是工联会的 → 工会联合会 is the asker's scene too), when the rewrites kept the clauses.
 */
function storyWords(typed: string, form: string, words: string[], knows?: (word: string) => boolean): string[] {
  const typedClauses = clausesOf(typed);
  const asks = typedClauses.map((c) => ASKING.test(c));
  if (!asks.includes(true) || !asks.includes(false)) return [];
  const rewrittenClauses = clausesOf(form);
  const clauses = (rewrittenClauses.length === typedClauses.length ? rewrittenClauses : typedClauses).map((c) => new Set(segment(withoutStated(c), { splitUnknown: true, knows }).terms));
  const asking = clauses.filter((_, i) => asks[i]);
  return words.filter((w) => !asking.some((c) => c.has(w)) && clauses.some((c) => c.has(w)));
}

/**
 * Analyses a question: normalisation (simplified, digits, width), colloquial rewrites,
 * segmentation, stop words, canonical forms, expansions and answer-type hints. `correct`
 * rewrites typos in the segmented question; `knows` tells the words the documents hold.
 */
export function analyseQuery(question: string, correct?: (tokens: string[]) => string[], knows?: (word: string) => boolean): AnalysedQuery {
  // Clauses ask as typed: a rewrite may drop the A-not-A verb that made one ask (能不能).
  let typed = searchForm(question);
  if (correct) typed = correct(getJieba().cut(typed, true)).join("");
  const form = rewritten(typed).replace(/第\d+(部分|大部分|大项|章|节|条|点|项|个|款|方面|段)/g, " ");
  const seg = segment(withoutStated(form), { splitUnknown: true, knows });
  const words = seg.terms;
  const content: string[] = [];
  const weights = new Map<string, QueryTerm>();
  const put = (term: string, weight: number, original: boolean) => {
    const prev = weights.get(term);
    if (!prev || prev.weight < weight) weights.set(term, { term, weight, original: original || (prev?.original ?? false) });
  };
  const storyRaw = new Set(storyWords(typed, form, words, knows));
  const story: string[] = [];
  for (const raw of words) {
    const w = canonical(raw);
    const exp = EXPANSIONS[raw] ?? EXPANSIONS[w];
    // An expansion weighs no more than the word it stands for (厂 → 经济组织 does not outweigh 厂).
    if (exp) for (const e of exp) for (const x of expansionWords(e)) put(x, 0.7 * Math.min(salience(x), salience(w)), false);
    if (STOPWORDS.has(raw) || STOPWORDS.has(w) || QUESTION_WORD.test(raw)) continue;
    if (seg.subwords.has(w)) {
      put(w, SUBWORD_WEIGHT * salience(w), false);
      continue;
    }
    if (!content.includes(w)) content.push(w);
    if (storyRaw.has(raw) && !story.includes(w)) story.push(w);
    // A colloquial word a document happens to write (劳动仲裁) is weaker evidence than the standard forms it stands for.
    put(w, COLLOQUIAL.has(w) ? COLLOQUIAL_WEIGHT * salience(w) : salience(w), true);
  }
  // Asked as typed: a rewrite may drop the 能不能 of a yes/no question (rewritten again only when a quantity was masked).
  const masked = askedForm(typed);
  const asking = masked === typed ? form : rewritten(masked);
  for (const t of ANSWER_TYPES) if (t.question.test(asking)) put(t.token, ANSWER_TYPE_WEIGHT, false);
  // A share the question states (只给七成) is weighed against the shares a clause states (不得低于…80%).
  if (STATED_SHARE.test(form)) put(SHARE_TYPE, ANSWER_TYPE_WEIGHT, false);
  const pairs = [...new Set(wordPairs(seg.words))].map((term) => ({ term, weight: 1, original: true }));
  return { form, content, terms: [...weights.values()], pairs, story };
}

const expansionCache = new Map<string, string[]>();

/** The index words of an expansion: itself when a word, else its segments (不得超过 → 不得, 超过). */
export function expansionWords(phrase: string): string[] {
  let words = expansionCache.get(phrase);
  if (!words) {
    const cut = getJieba().cut(searchForm(phrase), true);
    words = (cut.length === 1 ? cut : cut.filter((x) => !STOPWORDS.has(x))).map(canonical);
    expansionCache.set(phrase, words);
  }
  return words;
}

/** Document texts already read, by text: the checks of an answer read the same candidate sentences for many questions. */
const textTermsRead = new Map<string, ReadonlySet<string>>();
const TEXTS_REMEMBERED = 20_000;

/** The index terms of a document's text (as `tokenizeDocument`), read once while the dictionary stays the same. */
export function textTerms(text: string): ReadonlySet<string> {
  let terms = textTermsRead.get(text);
  if (!terms) {
    if (textTermsRead.size >= TEXTS_REMEMBERED) textTermsRead.clear();
    textTermsRead.set(text, (terms = new Set(tokenizeDocument(text).terms)));
  }
  return terms;
}

/** Adds terms to the segmentation dictionary (names a document defines in quotes: “六有”); what was cut before is cut again. */
export function addTerms(terms: string[]): void {
  const fresh = terms.filter((t) => !isDictionaryWord(t));
  if (!fresh.length) return;
  textTermsRead.clear();
  expansionCache.clear();
  for (const t of fresh) added.add(t);
  getJieba().loadDict(Buffer.from(fresh.map((t) => `${t} 200000 n`).join("\n")));
}

/** Part-of-speech tags (jieba) of function words: pronouns, numerals, classifiers, adverbs, prepositions, conjunctions, particles, locatives. */
export const FUNCTION_TAG = /^(r|m|q|d|p|c|u|y|e|o|f)/;

/** jieba's part-of-speech tag of a word it tags as one word, else "". */
function soleTag(word: string): string {
  const tags = getJieba().tag(word, false);
  return tags.length === 1 ? tags[0].tag : "";
}

/** True when jieba tags the word only as a function word (那笔, 何处, 一个月, 之前): it names no topic. */
export const isFunctionWord = (word: string): boolean => FUNCTION_TAG.test(soleTag(word));

/** True when jieba tags the word as a noun (思想, 能力, 例会制度), not a verb, an adjective or a person's or place's name. */
export const isNounWord = (word: string): boolean => /^(n(?![rs])|vn)/.test(soleTag(word));

/** True when jieba tags the word as a plain verb (作用, 例会, 结合). */
export const isVerbWord = (word: string): boolean => soleTag(word) === "v";

/** A piece that carries no topic of its own: a stop word, an interrogative, an aspect word, a light verb, a lexicon key or a function word. */
function isLightPiece(p: string): boolean {
  return STOPWORDS.has(p) || QUESTION_WORD.test(p) || ASPECT_WORDS.has(p) || LIGHT_VERBS.has(p) || p in EXPANSIONS || p in CANONICAL || isFunctionWord(p);
}

/**
 * True when a word is only a composition of light pieces: 来源于 (来源 + 于), 具体内容,
 * 给点钱 (给 + 点 + 钱), 刚开 (刚 + 开), 钱从哪来. A word outside the dictionary may
 * hold single content characters beside a light piece (刚开); one of content characters
 * only (断缴) and a dictionary word of two characters (年终, 兜底) name something of their own.
 */
function isLightComposition(word: string, depth = 0): boolean {
  if (word.length < 2 || depth > 3 || LEXICON_TERMS.has(word)) return false;
  const light = (p: string) => isLightPiece(p) || (!isGeneralWord(p) && isLightComposition(p, depth + 1));
  if (!isGeneralWord(word)) {
    const pieces = getJieba().cut(word, false);
    if (pieces.length > 1 && pieces.every((p) => p.length === 1 || light(p)) && pieces.some(light)) return true;
  }
  if (word.length < 3) return false;
  // A dictionary word splits only into light pieces themselves (来源于 → 来源 + 于), not into fragments (所得税 is no 所 + 得税).
  const part = isGeneralWord(word) ? isLightPiece : light;
  for (let i = 1; i < word.length; i++) if (part(word.slice(0, i)) && part(word.slice(i))) return true;
  return false;
}

/** Colloquial verb forms that name no topic: a modal or a particle around a verb (要建, 建得, 搞完, 弄好). */
const COLLOQUIAL_VERB = /^[要想该能得去都也还就再可搞弄整干做办]|[得了完过着起好]$/;

/** Share of its rarity a weak word (below) counts for in the coverage of a question. */
export const WEAK_WORD_SHARE = 0.3;

/**
 * True when a question word carries the question's aspect or form rather than its topic:
 * aspect nouns (效果, 要求, 情况), light verbs (达到, 起到), colloquial verb forms (要建,
 * 搞完), verbs with a resultative or directional complement (融到, 建成, 选出来) and single
 * characters. Such words never make a question out of scope and weigh little in coverage.
 */
export function isWeakWord(word: string): boolean {
  if (word.length === 1 || ASPECT_WORDS.has(word) || LIGHT_VERBS.has(word)) return true;
  // A Latin word (APP, PPT) is a name, not Chinese light pieces.
  if (!/[\u4e00-\u9fff]/.test(word)) return false;
  if (isLightComposition(word)) return true;
  if (!COLLOQUIAL_VERB.test(word) && !VERB_COMPLEMENT.test(word)) return false;
  // 要建, 建好, 融到, 建成, 招进来 as typed; 干部, 未来 (nouns) are not verb forms.
  return !isGeneralWord(word) || getJieba().tag(word, false).some((t) => /^(v[^n]?|l)$/.test(t.tag));
}

/** Prior importance of a query word from its rarity in general Chinese (0.6–1.4). */
function salience(word: string): number {
  if (word.startsWith("#")) return 1;
  return Math.min(1.4, Math.max(0.6, generalIdfOf(word) / 9));
}

/** True when jieba's general dictionary lists the word. */
export function isGeneralWord(word: string): boolean {
  return generalIdf().get(word) !== undefined;
}

/**
 * jieba's table of general-Chinese word rarities ("word idf" lines, 270,000 of them), looked up
 * in place. A question needs a few dozen words: each is found by searching the file's bytes for
 * "\nword " (about 2 ms) and remembered. Past LAZY_WORDS distinct words (a long-running bot, an
 * evaluation) one pass hashes each line's word into an open-addressing table of line offsets;
 * that pass costs about 130 ms, which a CLI start then no longer pays.
 */
export class GeneralIdfTable {
  private slots: Int32Array | null = null;
  /** Values found: searched for, or found earlier and stored with an index analysis. */
  private readonly found = new Map<string, number | undefined>();
  private searches = 0;

  constructor(private readonly bytes: Buffer) {}

  /** Takes values found earlier in this table (null: not in it). */
  know(entries: Array<[word: string, value: number | null]>): void {
    for (const [word, value] of entries) this.found.set(word, value ?? undefined);
  }

  get(word: string): number | undefined {
    // A word is what precedes the first space of its line.
    if (!word || /[ \n]/.test(word)) return undefined;
    if (this.found.has(word)) return this.found.get(word);
    const key = Buffer.from(word);
    if (this.slots) return this.lookUp(this.slots, key);
    const value = this.search(key);
    this.found.set(word, value);
    if (++this.searches > LAZY_WORDS) this.slots = hashLines(this.bytes);
    return value;
  }

  /** The value on the first line holding the word, found by a byte search. */
  private search(key: Buffer): number | undefined {
    const { bytes } = this;
    if (bytes[key.length] === 32 && key.equals(bytes.subarray(0, key.length))) return this.valueAt(key.length);
    const at = bytes.indexOf(Buffer.concat([NEWLINE, key, SPACE]));
    return at < 0 ? undefined : this.valueAt(at + 1 + key.length);
  }

  /** The value on the first line holding the word, found in the hash table. */
  private lookUp(slots: Int32Array, key: Buffer): number | undefined {
    const mask = slots.length - 1;
    for (let slot = hashBytes(key) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const start = slots[slot] - 1;
      const sp = start + key.length;
      if (this.bytes[sp] === 32 && key.equals(this.bytes.subarray(start, sp))) return this.valueAt(sp);
    }
    return undefined;
  }

  /** The number after the space at `sp`. */
  private valueAt(sp: number): number {
    return Number(this.bytes.toString("latin1", sp + 1, nextLineEnd(this.bytes, sp)));
  }
}

/** Distinct words searched in jieba's rarity file before hashing all of it pays off (64 searches cost about one hashing pass). */
const LAZY_WORDS = 64;
const NEWLINE = Buffer.from("\n");
const SPACE = Buffer.from(" ");

/** Open-addressing table of line offsets + 1 (0 is empty), by the FNV-1a hash of each line's word. */
function hashLines(bytes: Buffer): Int32Array {
  // A line is at least four bytes ("字 1\n"), so the table stays at most half full.
  let size = 1;
  while (size < bytes.length / 2) size <<= 1;
  const slots = new Int32Array(size);
  for (let start = 0; start < bytes.length; ) {
    const end = nextLineEnd(bytes, start);
    const sp = bytes.indexOf(32, start);
    if (sp > start && sp < end) {
      let slot = hashBytes(bytes, start, sp) & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = start + 1;
    }
    start = end + 1;
  }
  return slots;
}

function nextLineEnd(bytes: Buffer, from: number): number {
  const nl = bytes.indexOf(10, from);
  return nl < 0 ? bytes.length : nl;
}

/** FNV-1a of bytes[from, to) (an indexed loop: this runs over every line of the table). */
function hashBytes(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * The rarity assumed for a word outside jieba's table: the median of the first 50,000 values of
 * @node-rs/jieba 2.0.3's idf.txt (tests/knowledge/general-idf.test.ts recomputes it from the
 * installed file). Computing it at start costs 15–50 ms.
 */
const GENERAL_IDF_MEDIAN = 11.9547675029;

let idfTable: GeneralIdfTable | null = null;

function generalIdf(): GeneralIdfTable {
  return (idfTable ??= new GeneralIdfTable(Buffer.from(idfDict)));
}

/** Rarities of words in jieba's table (null: not in it), stored with an index analysis. */
export function generalIdfEntries(words: Iterable<string>): Array<[word: string, value: number | null]> {
  const table = generalIdf();
  return Array.from(words, (w): [string, number | null] => [w, table.get(w) ?? null]);
}

/** Rarities found earlier (a stored index analysis): these words are then never searched for. */
export function knowGeneralIdf(entries: Array<[word: string, value: number | null]>): void {
  generalIdf().know(entries);
}

/** Inverse document frequency of a word in general Chinese (jieba's table); rare words score high. */
export function generalIdfOf(word: string): number {
  const table = generalIdf();
  const known = table.get(word);
  if (known !== undefined) return known;
  if (/^\d+$/.test(word)) return 4;
  let idf = compoundIdf.get(word);
  if (idf === undefined) {
    // A compound of dictionary words (成立工会, 专职干部) is as rare as its rarest part, not as an unknown word.
    const parts = word.length >= 3 ? getJieba().cutForSearch(word, false).filter((p) => p !== word && p.length >= 2) : [];
    const idfs = parts.map((p) => table.get(p)).filter((x): x is number => x !== undefined);
    idf = parts.length >= 2 && parts.join("").length >= word.length && idfs.length === parts.length ? Math.max(...idfs) : GENERAL_IDF_MEDIAN;
    compoundIdf.set(word, idf);
  }
  return idf;
}

/** Rarity of words outside the dictionary, computed once each. */
const compoundIdf = new Map<string, number>();
