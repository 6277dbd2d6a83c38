import { pushTo } from "../collections.ts";
import { analyseIndex, type IndexAnalysis } from "./analysis.ts";
import { Bm25Index } from "./bm25.ts";
import { typeMatch, typeNouns } from "./answer-type.ts";
import { DOMAIN_TERMS, DURATION, EXPANSIONS, STOPWORDS } from "./lexicon.ts";
import { askedJurisdiction, jurisdictionOf, placeOf, shortNameOf, withoutRegion, type Jurisdiction } from "./meta.ts";
import { childrenOf, structuralHints, type Outline } from "./places.ts";
import { satisfiedConditions } from "./quantities.ts";
import { isNumeral, TypoCorrector } from "./typos.ts";
import { addTerms, analyseQuery, expansionWords, generalIdfOf, isDictionaryWord, isWeakWord, knowGeneralIdf, segment, SHARE_TYPE, tokenizeDocument, WEAK_WORD_SHARE, type AnalysedQuery } from "./segment.ts";
import type { KbChunkRecord, RankedClause, RetrievalResult, WordEvidence } from "./types.ts";

/**
 * Weights of the fields beside the text: the heading path, adjacent word pairs (phrase evidence), the clause's own title and
 * the text of the places a clause refers to (本法第四十四条第一项 → 劳动合同期满).
 */
const HEADING_WEIGHT = 0.25;
const PAIR_WEIGHT = 0.5;
const TITLE_WEIGHT = 0.4;
const REFERENCE_WEIGHT = 0.5;
/** Weight of an index term that contains an unknown query word. */
const PARTIAL_WEIGHT = 0.6;
/** Answer types the matching part of a clause must hold (a date, a number, an amount in a unit, a time limit, a penalty). */
const HELD_TYPE = /^#(?:time|qty|limit|penalty)/;
/** Score factor of a clause lacking the answer type the question asks for. */
const UNTYPED_FACTOR = 0.85;
/** Bare headings rank below text unless the question points at them. */
const HEADING_KIND_FACTOR = 0.6;
/** A law's adoption note: …已于…通过，现予公布，自…起施行. */
const ADOPTION = /现予公布|已于[^。]{0,40}通过|起(?:施行|实施)/;
/** A clause putting its document into force: 本法自…起施行, 本规定自…起实施 (and what it repeals). */
const COMMENCEMENT = /^本(?:法|规定|条例|办法|细则|意见|通知|章程|决定|规则)自[^。；]{2,30}起(?:施行|实施|执行|生效)/;
/** Score factor of such a clause (or adoption note) for a question that does not ask when. */
const COMMENCEMENT_FACTOR = 0.5;
/** Weight of a quantity condition the question's case satisfies. */
const CONDITION_WEIGHT = 0.8;
/** A sentence stating the condition a question's case satisfies comes first when it scores at least this share of the best one. */
const CONDITION_SENTENCE = 0.8;
/** Answer-type, frame and verbatim bonuses are tried on this many of the best clauses. */
const RERANK_CANDIDATES = 60;
/** Score factor of a clause of the jurisdiction a question refers to (县里 → the county's document) or of the place it names (在浙江 → 浙江省…条例). */
const JURISDICTION_FACTOR = 1.3;
/** Score factor of a clause of a law's liability chapter (法律责任, 罚则) for a question that does not ask what follows a breach. */
const LIABILITY_FACTOR = 0.9;
/** Score factor of a clause of another place's document (上海市工会条例 for a county in 广东) when the question does not name that place. */
const ELSEWHERE_FACTOR = 0.85;
/**
 * Score factor of a clause of the region's own place (广东省失业保险条例 for a county in 广东): where a national rule and the
 * province's say the same, the province's states it as it applies there (its time limits, its amounts).
 */
const LOCAL_FACTOR = 1.1;
/** Score factor of a clause of a place other than the one a question names (浙江省… for 在山东…): its rules do not apply there. */
const OTHER_PLACE_FACTOR = 0.5;
/** Share of a shortlisted clause's score that depends on how much of the question's content it covers. */
const COORDINATION = 0.5;
/** Definitional bonus is tried on this many of the best chunks. */
const DEFINITION_CANDIDATES = 40;
/** Bonus (share of the best score) for a sentence that defines a word of a definitional question. */
const DEFINITION_BONUS = 0.6;
/** Rivals after the best clause, scoring at least this share of it, whose coverage of the question counts too (the best clause on 未成年工 in general, the next on their 健康检查). */
const COVERING_RIVALS = 2;
const COVERING_SHARE = 0.9;
/** A clause opening with a topic word of the question (经济补偿按…) is about it: its score gains this share. */
const LEAD_BONUS = 0.05;
/** Extra share for a clause holding every word a story-telling question's asking clauses ask. */
const ASKED_BONUS = 0.1;

/** The `n` highest-scoring entries (a numeric threshold first: cheap on a large base). */
function topEntries(scores: Map<number, number>, n: number): [number, number][] {
  if (scores.size <= n) return [...scores];
  const values = new Float64Array(scores.size);
  let i = 0;
  for (const v of scores.values()) values[i++] = v;
  const threshold = nthLargest(values, n);
  const top: [number, number][] = [];
  for (const entry of scores) if (entry[1] >= threshold) top.push(entry);
  return top;
}

/** The n-th largest of the values (quickselect, O(length); reorders them). */
function nthLargest(values: Float64Array, n: number): number {
  const k = values.length - n;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

/** True when the text defines or enumerates one of the words: 词（甲、乙…）, 词：…, 词包括…, 词分为甲、乙…, 词应当具备以下条款：…. */
function defines(text: string, words: string[]): boolean {
  const form = text.normalize("NFKC");
  return words.some((w) => {
    if (w.length < 2 || w.startsWith("#")) return false;
    const at = form.indexOf(w);
    if (at < 0) return false;
    const after = form.slice(at + w.length, at + w.length + 40);
    return /^[”"]?[^。；]{0,10}[（(][^）)]*、/.test(after) || /^[”"]?[^。；]{0,6}(包括|是指|即|：|分为)/.test(after) || /^[^。；，]{0,12}(以下|下列)[^。；，]{0,6}[：:]/.test(after);
  });
}

/** A place of a law: 第四十四条第一项, 第十条第二款, after 本法 (this document) or a document's name (劳动合同法第四十条). */
const REFERENCE = /([\u4e00-\u9fa5]{0,30}?(本)?(?:法|条例|规定|办法|细则|章程))》?第([一二三四五六七八九十百零]+)条(?:第([一二三四五六七八九十]+)款)?(?:第([一二三四五六七八九十]+)项)?/g;

/** A phrase a document names in brackets: （招用不满16周岁的未成年人，以下统称使用童工）. */
const ALIAS = /[（(]([^（）()，,]{4,40})[，,]以下(?:统称|简称)“?([^）)”]{2,12})”?[）)]/g;
/**
 * A descriptive name (a phrase with 的) a document gives the phrase before the brackets: 残疾人福利企业、盲人按摩机构和其他
 * 福利性单位（以下统称集中使用残疾人的用人单位）. A compound name (劳动保障监察机构, 用人单位) says what it names itself.
 */
const ALIAS_AFTER = /([^（）()，,。；;：:]{4,60})[（(]以下(?:统称|简称|称)“?([^）)”的]{2,8}的[^）)”的]{2,8})”?[）)]/g;

/** A name a document defines for a phrase: the phrase's terms (its conditions included), its conditions alone, and the name's terms. */
type Alias = { source: string; name: string; phrase: string; terms: string[]; conditions: string[]; nameTerms: string[] };

/** A definition: 未成年工是指年满十六周岁未满十八周岁的劳动者, 本条所称月工资，是指…. */
const DEFINITION = /([\u4e00-\u9fa5“”]{2,16})，?是指([^。；]{4,60})/g;

/** The names documents define: for any phrase in brackets (（…，以下统称使用童工）), for a condition by 是指 (未成年工是指年满十六周岁…). */
function definedAliases(chunks: KbChunkRecord[]): Alias[] {
  const alias = (source: string, name: string, phrase: string): Alias => {
    const terms = tokenizeDocument(phrase).terms.filter((t) => !t.startsWith("#") || t.startsWith("#cond:"));
    return { source, name, phrase, terms, conditions: terms.filter((t) => t.startsWith("#cond:")), nameTerms: expansionWords(name) };
  };
  const found = chunks.flatMap((c) => [
    ...[...c.text.matchAll(ALIAS), ...c.text.matchAll(ALIAS_AFTER)].map(([, phrase, name]) => alias(c.source, name, phrase)),
    ...[...c.text.matchAll(DEFINITION)].flatMap(([, named, phrase]) => {
      const name = named.replace(/^.*(?:所称|中的|规定的)/, "").replace(/[“”]/g, "");
      const a = alias(c.source, name, phrase);
      // Only a definition by a condition (an age band) is a case a question can state.
      return name.length >= 2 && name.length <= 8 && a.conditions.length ? [a] : [];
    }),
  ]);
  // A clause and its sentence both state a definition: one alias each.
  return [...new Map(found.map((a) => [`${a.source}\0${a.name}\0${a.phrase}`, a])).values()];
}

/**
 * Per chunk, the text terms of the places it refers to: of its own document (本法第…条, 前款) or of
 * another loaded document named by its title, short name or title without region (依照劳动合同法第四十条).
 */
function crossReferences(chunks: KbChunkRecord[], body: string[][], docs: Array<{ source: string; title: string }>, named: Alias[][]): string[][] {
  const at = new Map<string, number>();
  chunks.forEach((c, i) => {
    const key = `${c.source}\0${c.section}`;
    if (!at.has(key)) at.set(key, i);
  });
  const names = docs.flatMap((d) => [...new Set([d.title, shortNameOf(d.title), withoutRegion(d.title)])].map((name) => ({ name, source: d.source }))).sort((a, b) => b.name.length - a.name.length);
  const terms = (i: number) => body[i].filter((t) => !t.startsWith("#"));
  return chunks.map((c, i) => {
    const cited = [...c.text.matchAll(REFERENCE)].flatMap(([, named, self, art, para, item]) => {
      const source = self ? c.source : names.find((n) => named.endsWith(n.name))?.source;
      if (!source) return [];
      const article = `第${art}条`;
      const wanted = [para && item && `${article}第${para}款第（${item}）项`, item && `${article}第（${item}）项`, para && `${article}第${para}款`, article].filter((p): p is string => Boolean(p));
      const hit = wanted.map((p) => at.get(`${source}\0${p}`)).find((j) => j !== undefined);
      return hit === undefined ? [] : terms(hit);
    });
    // A name a document defines for a phrase (招用不满16周岁的未成年人，以下统称使用童工) stands for that phrase, its conditions included.
    for (const a of named[i]) if (!c.text.includes(a.phrase)) cited.push(...a.terms);
    // 前款: the paragraph before, in the same article (not 前款所称X是指…, which only defines one of its words).
    if (c.kind === "sentence" && c.text.includes("前款") && !c.text.includes("前款所称")) {
      for (let j = i - 1; j >= 0 && chunks[j].source === c.source && chunks[j].parent === c.parent; j--) {
        if (chunks[j].section !== c.section && /款$/.test(chunks[j].section)) {
          cited.push(...terms(j));
          break;
        }
      }
    }
    return cited;
  });
}

/** The share of its rarity a story word (旺季赶货，…) the clause lacks keeps in the question's content. */
const STORY_SHARE = 0.5;

type CoverageWord = { weight: number; weak: boolean; story?: boolean; inTop: number };

/** A content word of the question with the index words that stand for it (`forms`; all their words as `terms`) and its sub-words. */
type WordForm = { word: string; forms: string[][]; terms: string[]; subs: string[]; weight: number; weak: boolean; story: boolean };

/** A word's share of the question's content: its rarity, little for a weak word (效果, 达到) or a story word the clause lacks. */
const coverageShare = (w: CoverageWord) => w.weight * (w.inTop >= 1 ? 1 : w.weak ? WEAK_WORD_SHARE : w.story ? STORY_SHARE : 1);

/** Weighted share (0–1) of the words a clause holds. */
function weightedCoverage(words: CoverageWord[]): number {
  const total = words.reduce((a, w) => a + coverageShare(w), 0);
  return total ? words.reduce((a, w) => a + coverageShare(w) * w.inTop, 0) / total : 0;
}

/** Ranking options. */
interface SearchOptions {
  /** Number of clauses to return. */
  k?: number;
  /** Only clauses of these documents (a question naming a document is answered from it). */
  sources?: string[];
}

/**
 * The offline lexical index: BM25 over every chunk (headings, clauses, sentences) on the
 * text with the heading path as a weaker field, ranked at clause level, with structural
 * hints and evidence measures for the out-of-scope decision.
 */
export class LexicalIndex {
  readonly chunks: KbChunkRecord[];
  /** Clause-level chunks (headings and clauses), in order. */
  readonly clauses: KbChunkRecord[];
  readonly outlines: Outline[];
  private readonly body: Bm25Index;
  private readonly heads: Bm25Index;
  private readonly pairs: Bm25Index;
  private readonly titles: Bm25Index;
  /** Terms of the places a chunk refers to (本法第四十四条第一项): the law's cross-references. */
  private readonly refs: Bm25Index;
  /** The smallest parts (paragraphs and items, and clauses without any) holding each kind of quantity asked for, built on first use. */
  private readonly unitsWith = new Map<string, number[]>();
  /** The names documents define for phrases (使用童工 for 招用不满16周岁的未成年人; 未成年工 for 年满十六周岁未满十八周岁的劳动者). */
  private readonly aliases: Alias[];
  private readonly bodyTokens: Set<string>[];
  private readonly clauseOf: number[];
  private readonly sentencesOf = new Map<number, number[]>();
  /** Index terms of two characters or more by each character they hold, in index order (built on first use). */
  private termsByChar: Map<string, string[]> | null = null;
  private readonly clausesOfSource = new Map<string, number[]>();
  /** A bare title's one paragraph of text, by the title (一、会议时间 → 2026年12月18日上午9:30…): the two read as one clause. */
  private readonly textOfTitle = new Map<number, number>();
  /** The lists of attachments (附件：1．慰问对象名单汇总表 2．…): names of papers, ranked as headings are. */
  private readonly attachmentLists: Set<number>;
  /** The chunks of a law's liability chapter (法律责任, 罚则). */
  private readonly liability: Set<number>;
  /** The chunks putting their document into force (本规定自…起实施). */
  private readonly commencements: number[];
  /** The jurisdiction each document speaks for (全县 → 县), if it says. */
  private readonly jurisdictions = new Map<string, Jurisdiction | null>();
  /** The place a document's title names (上海市工会条例 → 上海). */
  private readonly places = new Map<string, string>();
  /** The documents of a place outside the region the knowledge base serves. */
  private readonly elsewhere = new Set<string>();
  /** The documents of the region's own places (广东省… for a county in 广东). */
  private readonly local = new Set<string>();
  /** Every place a document's title names, once each. */
  private readonly placeNames: string[];
  /** The quantity conditions (#cond:人:25:Infinity) the chunks state. */
  private readonly conditions: string[];
  private typoCorrector: TypoCorrector | null = null;
  /** What segmenting the chunks computed (stored with the knowledge cache). */
  readonly analysis: IndexAnalysis;

  /**
   * `docs`: the indexed documents (their titles are context of their units, see analyseIndex).
   * `analysis`: the stored analysis of these chunks (store.ts), else the chunks are segmented now.
   * `region`: where the askers are (广东省韶关市始兴县); a document of a place outside it (上海市…) applies there only.
   */
  constructor(chunks: KbChunkRecord[], docs: Array<{ source: string; title: string }> = [], analysis?: IndexAnalysis, region?: string) {
    this.chunks = chunks;
    this.analysis = analysis ?? analyseIndex(chunks, docs);
    // The names documents define are words of questions too (a stored analysis adds them here, its rarities first).
    knowGeneralIdf(this.analysis.rarities);
    addTerms(this.analysis.names);
    const { body, pairs, heads, titles } = this.analysis;
    this.conditions = [...new Set(body.flat().filter((x) => x.startsWith("#cond:")))];
    this.body = new Bm25Index(body, { k1: 1.2, b: 0.4 });
    this.pairs = new Bm25Index(pairs, { k1: 1.2, b: 0.4 });
    this.heads = new Bm25Index(heads, { k1: 1.2, b: 0.3 });
    this.titles = new Bm25Index(titles, { k1: 1.2, b: 0.3 });
    this.aliases = definedAliases(chunks);
    // A law's front matter holding its adoption note (…现予公布，自2004年3月1日起施行。部长…) is one too.
    const adopted = new Set(chunks.filter((c) => c.section === "前言" && ADOPTION.test(c.text)).map((c) => c.source));
    this.attachmentLists = new Set(chunks.flatMap((c, i) => (c.section === "附件" && c.text.split("\n").every((l) => l.length <= 40 && !/[。；]/.test(l)) ? [i] : [])));
    this.liability = new Set(chunks.flatMap((c, i) => (c.headings.some((h) => /法律责任|罚则/.test(h)) ? [i] : [])));
    this.commencements = chunks.flatMap((c, i) => (COMMENCEMENT.test(c.text) || (c.section === "前言" && adopted.has(c.source)) ? [i] : []));
    // The defined names each chunk uses (使用童工 in 用人单位使用童工的…).
    const named = chunks.map((c) => this.aliases.filter((a) => a.source === c.source && c.text.includes(a.name)));
    this.refs = new Bm25Index(crossReferences(chunks, body, docs, named), { k1: 1.2, b: 0.4 });
    // A clause using a defined name holds the words of its phrase (招用, 未成年人) too.
    this.bodyTokens = chunks.map((_, i) => new Set([...body[i], ...heads[i], ...titles[i], ...named[i].flatMap((a) => a.terms)]));
    // Clauses (headings and clauses, not their sentences) by document, with each document's outline and text.
    const byKey = new Map<string, number>();
    const texts = new Map<string, string>();
    const outlines = new Map<string, Outline>();
    this.clauses = chunks.filter((c) => c.kind !== "sentence");
    chunks.forEach((c, i) => {
      if (c.kind === "sentence") return;
      byKey.set(`${c.source}\0${c.ord}`, i);
      pushTo(this.clausesOfSource, c.source, i);
      texts.set(c.source, `${texts.get(c.source) ?? ""}${c.text}`);
      let o = outlines.get(c.source);
      if (!o) outlines.set(c.source, (o = { source: c.source, places: [], titles: new Map() }));
      if (!o.titles.has(c.section)) {
        o.places.push(c.section);
        o.titles.set(c.section, c.title);
      }
    });
    this.outlines = [...outlines.values()];
    for (const outline of this.outlines) {
      const bySection = new Map<string, number[]>();
      for (const j of this.clausesOfSource.get(outline.source) ?? []) pushTo(bySection, chunks[j].section, j);
      // A heading comes before the text of its place.
      for (const [place, [title, ...text]] of bySection) {
        if (chunks[title].kind === "heading" && text.length === 1 && !childrenOf(outline, place).length) this.textOfTitle.set(title, text[0]);
      }
    }
    this.clauseOf = chunks.map((c, i) => {
      const clause = c.kind === "sentence" && c.parent !== null ? (byKey.get(`${c.source}\0${c.parent}`) ?? i) : i;
      if (clause !== i) pushTo(this.sentencesOf, clause, i);
      return clause;
    });
    for (const d of docs) {
      this.jurisdictions.set(d.source, jurisdictionOf(d.title, texts.get(d.source) ?? ""));
      const place = placeOf(d.title);
      if (place) this.places.set(d.source, place);
      if (place && region) (region.includes(place) ? this.local : this.elsewhere).add(d.source);
    }
    this.placeNames = [...new Set(this.places.values())];
  }

  /** The typo corrector over the index's sounds, built on first use. */
  private get typos(): TypoCorrector {
    return (this.typoCorrector ??= new TypoCorrector(this.analysis.sounds));
  }

  /** The place (浙江) of a document that is another place's rule, when the question does not name that place. */
  placeElsewhere(source: string, question: string): string | undefined {
    return this.elsewhere.has(source) && !this.placeNamed(source, question) ? this.places.get(source) : undefined;
  }

  /**
   * How far a document's place makes its rules apply to the question. Another place's rules apply there: a question that
   * does not name the place is answered from national rules and the region's own first (×0.85), and one naming a place
   * (在山东…) from that place's, every other place's giving way (×0.5); the region's own come before national ones (×1.1).
   */
  private placeFactor(source: string, question: string, namedPlace: boolean): number {
    if (!this.places.has(source)) return 1;
    const named = this.placeNamed(source, question);
    return (this.elsewhere.has(source) && !named ? ELSEWHERE_FACTOR : 1) * (this.local.has(source) ? LOCAL_FACTOR : 1) * (namedPlace && !named ? OTHER_PLACE_FACTOR : 1);
  }

  /** True when the question names the place of the document (在浙江… for 浙江省劳动人事争议调解仲裁条例). */
  private placeNamed(source: string, question: string): boolean {
    const place = this.places.get(source);
    return place !== undefined && question.includes(place);
  }

  /** True when the term occurs in some chunk's text or heading path. */
  private knows(term: string): boolean {
    return this.body.has(term) || this.heads.has(term);
  }

  /**
   * The text with each of the words written as the indexed term it sounds exactly like (仲裁实效是几年 →
   * 仲裁时效是几年) and the words so read, or null when none has one. With `inContext`, only a word typed for a
   * homophone the documents write beside the same word (工商认定 for 工伤认定, 调节委员会 for 调解委员会: the
   * two characters beside it are an indexed word, and the documents hold it beside the homophone, never beside
   * the word as typed); a word the documents hold there (个体工商户) or a number (一半) is typed as meant.
   */
  respelled(text: string, words: string[], inContext = false): { text: string; read: Array<[word: string, term: string]> } | null {
    const read: Array<[string, string]> = [];
    for (const w of words) {
      const term = inContext ? this.homophoneInContext(text, w) : this.typos.soundAlike(w);
      if (term && text.includes(w)) {
        text = text.replaceAll(w, term);
        read.push([w, term]);
      }
    }
    return read.length ? { text, read } : null;
  }

  private homophoneInContext(text: string, word: string): string | undefined {
    const at = text.indexOf(word);
    if (at < 0 || isNumeral(word)) return undefined;
    // Most words sound like no other term: the texts are searched only for those that do.
    const alikes = this.typos.soundAlikes(word);
    if (!alikes.length) return undefined;
    const contexts = [text.slice(Math.max(0, at - 2), at), text.slice(at + word.length, at + word.length + 2)].map((c) =>
      /^[\u4e00-\u9fff]{2}$/.test(c) && this.knows(c) && !STOPWORDS.has(c) ? c : null,
    );
    const written = (w: string) => contexts.some((c, i) => c !== null && this.corpus.includes(i ? w + c : c + w));
    return written(word) ? undefined : alikes.find(written);
  }

  /** Every clause's text, to look a phrase up. */
  private get corpus(): string {
    return (this.corpusText ??= this.chunks.map((c) => c.text).join("\n"));
  }
  private corpusText: string | undefined;

  /** Direct children (headings and clauses) of a place, for listing a heading's contents. */
  childClauses(source: string, place: string): KbChunkRecord[] {
    const outline = this.outlines.find((o) => o.source === source);
    if (!outline) return [];
    return childrenOf(outline, place).map((p) => this.clauses.find((c) => c.source === source && c.section === p)).filter((c): c is KbChunkRecord => Boolean(c));
  }

  /** Ranks clauses for a question. */
  search(question: string, opts: SearchOptions = {}): RetrievalResult {
    const k = opts.k ?? 5;
    const q = analyseQuery(question, (tokens) => this.typos.correct(tokens, (w) => isDictionaryWord(w) || this.knows(w), (w) => this.knows(w)), (w) => this.knows(w));
    this.expandPartials(q);
    // A case the question states (30个员工, 不到25人, 半年的合同) matches the conditions it satisfies.
    const satisfied = satisfiedConditions(q.form, this.conditions);
    satisfied.forEach((t, i) => q.terms.push({ term: t, weight: CONDITION_WEIGHT * (i === 0 ? 1 : 0.5), original: false }));
    const names = this.addDefinedNames(q);
    const unit = new Float64Array(this.chunks.length);
    const touched: number[] = [];
    const seen = new Uint8Array(this.chunks.length);
    this.body.accumulate(q.terms, unit, 1, seen, touched);
    this.heads.accumulate(q.terms, unit, HEADING_WEIGHT, seen, touched);
    this.pairs.accumulate(q.pairs, unit, PAIR_WEIGHT, seen, touched);
    this.titles.accumulate(q.terms, unit, TITLE_WEIGHT, seen, touched);
    this.refs.accumulate(q.terms, unit, REFERENCE_WEIGHT, seen, touched);

    const definitional = q.terms.some((t) => t.term === "#list");
    let topUnit = 0;
    for (const i of touched) if (unit[i] > topUnit) topUnit = unit[i];
    const candidates = definitional ? touched.filter((i) => unit[i] > topUnit * 0.3).sort((a, b) => unit[b] - unit[a]).slice(0, DEFINITION_CANDIDATES) : [];
    for (const i of touched) if (this.chunks[i].kind === "heading" || this.attachmentLists.has(i)) unit[i] *= HEADING_KIND_FACTOR;
    // A bare title and its one paragraph are one clause (会议时间 / 2026年12月18日上午9:30…), ranked as the better of the two: the
    // text holds what the title asks.
    for (const i of touched) {
      const text = this.textOfTitle.get(i);
      if (text === undefined || !unit[i]) continue;
      if (!seen[text]) {
        seen[text] = 1;
        touched.push(text);
      }
      unit[text] = Math.max(unit[text], unit[i]);
      unit[i] = 0;
    }
    // A document's entry into force (本规定自…起实施) answers when it applies, nothing else: not 多久 (最低工资多久调一次).
    if (!q.terms.some((t) => t.term === "#time") || DURATION.test(question)) for (const i of this.commencements) unit[i] *= COMMENCEMENT_FACTOR;
    for (const i of candidates) if (defines(this.chunks[i].text, q.content)) unit[i] += topUnit * DEFINITION_BONUS;

    const clauseScore = new Map<number, number>();
    /** The best-matching sentence (paragraph, item) of each long clause. */
    const bestPart = new Map<number, number>();
    for (const i of touched) {
      const c = this.clauseOf[i];
      if (clauseScore.has(c)) continue;
      const sent = this.sentencesOf.get(c);
      let score = unit[c];
      if (sent?.length) {
        let best = 0;
        for (const j of sent) {
          if (unit[j] > best) {
            best = unit[j];
            bestPart.set(c, j);
          }
        }
        score = Math.max(best, unit[c] * 0.9);
      }
      clauseScore.set(c, score);
    }
    const allowed = opts.sources ? new Set(opts.sources) : null;
    if (allowed) for (const c of [...clauseScore.keys()]) if (!allowed.has(this.chunks[c].source)) clauseScore.delete(c);

    // The re-ranking bonuses below look at the text of each clause: they re-order the
    // plausible candidates only, so a large knowledge base costs no more than a small one.
    const shortlist = topEntries(clauseScore, RERANK_CANDIDATES);

    // Coordination: a clause holding more of the question's words outranks one repeating a few of them
    // (成立工会…批准: the article on approval, not the one that says 成立工会 twice).
    const forms = this.wordForms(q);
    // The case the question states (十七岁, 30个员工, 半年的合同) is a word of it, of the question's average weight: a clause
    // stating a condition it satisfies, or using the name a document defines for that case (未成年工), holds it.
    if (satisfied.length) {
      const terms = [...satisfied, ...names];
      forms.push({ word: satisfied[0], forms: terms.map((t) => [t]), terms, subs: [], weight: forms.reduce((a, f) => a + f.weight, 0) / Math.max(1, forms.length), weak: false, story: false });
    }
    const topicForms = forms.filter((f) => !f.weak && !f.word.startsWith("#"));
    // A clause opening with a topic word of the question states the rule on it; one mentioning the word later may not.
    const topics = topicForms.filter((f) => f.word.length >= 2).map((f) => f.word);
    // A question telling a story first (算没休年假的钱，日工资是怎么折算的): a clause holding every word its asking clauses ask
    // (日工资, 折算) answers what is asked, beside clauses matching the story better.
    const askedForms = forms.some((f) => f.story) ? topicForms.filter((f) => !f.story) : [];
    // A law's liability chapter restates its rules as penalties (…安排怀孕女职工从事…的，由…责令改正，处…罚款): a question that does
    // not ask what follows a breach (可以这样吗, 要装报警器吗) nor what is paid for it (怎么赔) is answered by the rule itself.
    const breachAsked = q.terms.some((t) => t.term === "#penalty") || /赔/.test(q.form);
    const level = askedJurisdiction(question);
    const namedPlace = this.placeNames.some((p) => question.includes(p));
    for (const [c, v] of shortlist) {
      const { source, text } = this.chunks[c];
      const tokens = this.bodyTokens[c];
      // In ranking, the story's words (国庆节那几天…) count in full: they carry the facts.
      const coverage = weightedCoverage(forms.map((f) => ({ weight: f.weight, weak: f.weak, inTop: this.held(f, tokens) })));
      let score = v * (1 - COORDINATION + COORDINATION * coverage);
      score *= topics.some((w) => text.startsWith(w)) ? 1 + LEAD_BONUS : 1;
      score *= askedForms.length >= 2 && askedForms.every((f) => this.held(f, tokens) === 1) ? 1 + ASKED_BONUS : 1;
      score *= this.placeFactor(source, question, namedPlace);
      if (!breachAsked && this.liability.has(c)) score *= LIABILITY_FACTOR;
      // A question referring to a jurisdiction (县里是怎么要求的) prefers the documents of that level (the county's 实施意见).
      // So does a question naming a place (在浙江打仲裁): that place's documents (浙江省劳动人事争议调解仲裁条例) before the national law.
      if ((level && this.jurisdictions.get(source) === level) || this.placeNamed(source, question)) score *= JURISDICTION_FACTOR;
      clauseScore.set(c, score);
    }

    // An interrogative before a noun (啥思想, 哪些能力) names the answer type: clauses holding it rank first.
    const nouns = typeNouns(question);
    if (nouns.length) {
      let best = 0;
      for (const v of clauseScore.values()) if (v > best) best = v;
      for (const [c, v] of shortlist) {
        const chunk = this.chunks[c];
        const bonus = Math.max(0, ...nouns.map((n) => typeMatch(chunk.headings[chunk.headings.length - 1] ?? chunk.title, chunk.text, n)));
        if (bonus) clauseScore.set(c, v + best * bonus);
      }
    }

    // A question for a date, a number, an amount or a time limit prefers clauses that hold one.
    const asked = q.terms.filter((t) => HELD_TYPE.test(t.term)).map((t) => t.term);
    // The part that matches must hold the answer: in 第十六条 (sources of funds), the item on 会费 has no rate.
    const holds = (c: number) => asked.every((t) => this.bodyTokens[bestPart.get(c) ?? c].has(t));
    if (asked.length) for (const [c, v] of clauseScore) if (!holds(c)) clauseScore.set(c, v * UNTYPED_FACTOR);

    const hints = structuralHints(question, allowed ? this.outlines.filter((o) => allowed.has(o.source)) : this.outlines);
    let top = 1;
    for (const v of clauseScore.values()) if (v > top) top = v;
    for (const h of hints) {
      // A place with sub-clauses is answered by its heading (its title and contents); one without, by its text.
      const outline = this.outlines.find((o) => o.source === h.source);
      const hasKids = outline !== undefined && childrenOf(outline, h.place).length > 0;
      for (const i of this.clausesOfSource.get(h.source) ?? []) {
        const c = this.chunks[i];
        if (c.section === h.place) clauseScore.set(i, (clauseScore.get(i) ?? 0) + top * ((c.kind === "heading") === hasKids ? 2 : 1.5));
      }
    }

    const ranked = topEntries(clauseScore, Math.max(k, 5))
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const clauses: RankedClause[] = ranked.slice(0, k).map(([i, score]) => ({
      chunk: this.chunks[i],
      score,
      sentences: this.sentenceScores(i, unit, satisfied),
    }));
    // The documents say something to the question when the best clause, or a close rival, covers enough of it.
    const rivals = ranked.slice(1, 1 + COVERING_RIVALS).filter(([, v]) => v >= ranked[0][1] * COVERING_SHARE);
    // The kind of quantity asked, if any: a share (几成) before any quantity; else a period (多久).
    const quantityAsked = [SHARE_TYPE, "#qty", "#period"].find((kind) => q.terms.some((t) => t.term === kind));
    const { coverage: own, words } = this.evidence(forms, ranked[0]?.[0], quantityAsked);
    const coverage = Math.max(own, ...rivals.map(([c]) => this.evidence(forms, c).coverage));
    return { question, clauses, coverage, content: q.content, words, structural: hints.length > 0, hintSources: [...new Set(hints.map((h) => h.source))] };
  }

  /**
   * A query word the index lacks is matched to index terms that contain it (普惠 → 普惠性,
   * 示范 → 示范岗), with a lower weight.
   */
  private expandPartials(q: AnalysedQuery): void {
    const have = new Set(q.terms.map((t) => t.term));
    for (const t of [...q.terms]) {
      if (this.knows(t.term) || /^\d+$/.test(t.term) || t.term.startsWith("#")) continue;
      // A typed word: longer index terms holding it (普惠 → 普惠性); one character (休, or 夏 from 夏天): two-character terms opening with it (休息, 夏送).
      const w = t.term;
      const fits = w.length >= 2 && t.original ? (v: string) => v.length > w.length && v.includes(w) : w.length === 1 ? (v: string) => v.length === 2 && v[0] === w : null;
      const hits = fits ? this.termsHolding(w).filter(fits).slice(0, 3) : [];
      for (const h of hits) {
        if (have.has(h)) continue;
        have.add(h);
        q.terms.push({ term: h, weight: t.weight * PARTIAL_WEIGHT, original: false });
      }
      if (hits.length) t.partial = hits;
    }
  }

  /** The index terms (two characters or more) that could hold the word: those holding its rarest character, in index order. */
  private termsHolding(word: string): string[] {
    if (!this.termsByChar) {
      this.termsByChar = new Map();
      for (const t of this.body.terms()) {
        if (t.length < 2 || t.startsWith("#")) continue;
        for (const ch of new Set(t)) pushTo(this.termsByChar, ch, t);
      }
    }
    let fewest: string[] | null = null;
    for (const ch of word) {
      const list = this.termsByChar.get(ch) ?? [];
      if (!fewest || list.length < fewest.length) fewest = list;
    }
    return fewest ?? [];
  }

  /**
   * A question stating the case of a phrase a document names asks about that name: one that satisfies every
   * condition of the phrase (招了个15岁的小孩: under 16 → 使用童工; 17岁的小伙子: 16 to 18 → 未成年工). Returns the terms added.
   */
  private addDefinedNames(q: AnalysedQuery): string[] {
    const have = new Set(q.terms.map((t) => t.term));
    const added: string[] = [];
    for (const a of this.aliases) {
      if (!a.conditions.length || !a.conditions.every((t) => have.has(t))) continue;
      for (const t of a.nameTerms) {
        if (have.has(t)) continue;
        have.add(t);
        added.push(t);
        q.terms.push({ term: t, weight: CONDITION_WEIGHT, original: false });
      }
    }
    return added;
  }

  /**
   * The sentences of a clause, best first; in the paragraph that matches best, one stating a condition the question's case
   * satisfies (累计缴费满五年不足十年的 for 交了七年) before a sentence that scores a little higher on words alone.
   */
  private sentenceScores(i: number, unit: Float64Array, conditions: string[]): RankedClause["sentences"] {
    const sent = this.sentencesOf.get(i);
    if (!sent?.length) return [{ text: this.chunks[i].text, score: unit[i] }];
    const own = this.chunks[i].section;
    const best = sent.reduce((a, j) => (unit[j] > unit[a] ? j : a), sent[0]);
    const applies = new Set(conditions.length ? sent.filter((j) => this.chunks[j].section === this.chunks[best].section && unit[j] >= unit[best] * CONDITION_SENTENCE && conditions.some((c) => this.bodyTokens[j].has(c))) : []);
    return [...sent]
      .sort((a, b) => Number(applies.has(b)) - Number(applies.has(a)) || unit[b] - unit[a])
      .map((j) => ({ text: this.chunks[j].text, score: unit[j], ...(this.chunks[j].section !== own ? { place: this.chunks[j].section } : {}) }));
  }

  /** Each content word of the question with its forms: the word, its expansions and its partial matches. */
  private wordForms(q: AnalysedQuery): WordForm[] {
    return q.content.map((w) => {
      // Each standard form as the words it is cut into (住房公积金 → 住房, 公积金).
      const forms = (EXPANSIONS[w] ?? []).map(expansionWords);
      const partials = [w, ...forms.flat()].flatMap((a) => q.terms.find((t) => t.term === a)?.partial ?? []);
      const subs = w.length >= 3 ? segment(w).terms.filter((x) => x !== w && !STOPWORDS.has(x)) : [];
      const all = [[w], ...forms, ...partials.map((p) => [p])];
      return { word: w, forms: all, terms: [...new Set(all.flat())], subs, weight: generalIdfOf(w), weak: isWeakWord(w), story: q.story.includes(w) };
    });
  }

  /** 0–1: how much of a content word a clause's tokens hold (the word or a word of one of its forms; a share of its sub-words). */
  private held(form: WordForm, tokens: Set<string>): number {
    const has = (t: string) => tokens.has(t);
    return form.terms.some(has) ? 1 : form.subs.length ? (0.8 * form.subs.filter(has).length) / form.subs.length : 0;
  }

  /** The smallest parts (paragraphs and items, and clauses without any) whose tokens hold the token (#qty, #period). */
  private unitsHolding(token: string): number[] {
    let units = this.unitsWith.get(token);
    if (!units) this.unitsWith.set(token, (units = this.chunks.flatMap((c, i) => ((c.kind === "sentence" || !this.sentencesOf.has(i)) && this.bodyTokens[i].has(token) ? [i] : []))));
    return units;
  }

  /** How well the best clause covers each content word of the question, and which words the knowledge base lacks. */
  private evidence(forms: WordForm[], best: number | undefined, quantityAsked?: string): { coverage: number; words: WordEvidence[] } {
    // The best clause's text, headings with the document's title, and own title (nothing for no clause).
    const own = best === undefined ? new Set<string>() : this.bodyTokens[best];
    const words: WordEvidence[] = forms.map((f) => {
      // Known: the word, a standard form of it whole (not 住房 alone for 公积金 → 住房公积金), or all its sub-words — not for a term
      // of the domain, which names a thing of its own (高温 and 补贴 do not make 高温补贴).
      const whole = f.forms.some((form) => form.every((x) => this.knows(x)));
      const known = whole || (!DOMAIN_TERMS.has(f.word) && f.subs.length > 0 && f.subs.every((x) => this.knows(x)));
      // A term of the domain is a topic wherever it stands (厂里没交住房公积金，这个是不是强制要交的): never a story word.
      const story = f.story && !DOMAIN_TERMS.has(f.word);
      // With a quantity asked: whether some paragraph or item states one beside the word (a share for a share asked: 几成) — as
      // written where the documents write it (会费, not its related 工会经费), else in a standard form (年假 → 年休假).
      const beside = this.knows(f.word) ? (tokens: Set<string>) => tokens.has(f.word) : (tokens: Set<string>) => this.held(f, tokens) === 1;
      const quantified = quantityAsked && whole && !f.weak && !story ? this.unitsHolding(quantityAsked).some((u) => beside(this.bodyTokens[u])) : undefined;
      return { word: f.word, weight: f.weight, inTop: this.held(f, own), direct: own.has(f.word), known, weak: f.weak, story, quantified };
    });
    return { coverage: weightedCoverage(words), words };
  }
}
