/**
 * Question grammar that names where the answer lies: the noun after an interrogative
 * (啥思想 → a clause titled or headed by 思想), a verb frame (纳入什么建设 → 纳入…建设), a
 * relation (A对B是什么关系 → A对…B的), the respects of a state (在哪几方面有保障 → the
 * enumeration before 保障). General Chinese, for any document.
 */
import { GENERIC_NOUNS, STOPWORDS } from "./lexicon.ts";
import { searchForm } from "./normalize.ts";
import { isDictionaryWord, isNounWord, isVerbWord, segment } from "./segment.ts";

/** An interrogative directly before a noun that names what the answer is (啥思想, 哪些能力, 什么样的模式). */
const TYPE_CUE = /(?:啥|什么|哪些|哪几|哪(?![里儿])|什么样|啥样)(?:个|种|类|项|条)?(?:的)?([\u4e00-\u9fff]{2,4})/g;
/** Nouns too general to name an answer type. */
const GENERIC_TYPE_NOUNS = GENERIC_NOUNS;
/** Score bonus (share of the best clause score) of a clause holding the asked answer type: as its own title, as a head noun or an enumeration of its kind, or anywhere. */
const TYPE_CUE_BONUS = { title: 0.5, enumeration: 0.4, head: 0.3, mention: 0.15 };

/**
 * The answer-type nouns a question asks for: the word right after an interrogative
 * (啥思想 → 思想, 哪些能力 → 能力, 什么样的工作模式 → 工作模式 and 模式).
 */
export function typeNouns(question: string): string[] {
  const form = searchForm(question);
  const out = new Set<string>();
  for (const m of form.matchAll(TYPE_CUE)) {
    const words = segment(m[1]).words;
    const first = words[0] ?? "";
    // A verb-tagged word (作用, 例会) names the answer type only at the end of the question (发挥啥作用, not 跟啥结合起来).
    const final = (w: string) => /^[？?！!。，\s]*$/.test(form.slice((m.index ?? 0) + m[0].indexOf(m[1]) + w.length));
    const cands = [first, first + (words[1] ?? "")].filter((w) => w.length >= 2 && w.length <= 4 && isDictionaryWord(w) && (isNounWord(w) || (isVerbWord(w) && final(w))));
    for (const w of cands) {
      if (GENERIC_TYPE_NOUNS.has(w) || STOPWORDS.has(w)) continue;
      out.add(w);
      if (w.length === 4 && isDictionaryWord(w.slice(2))) out.add(w.slice(2));
    }
  }
  return [...out];
}

/** A verb right before the interrogative and the noun after it (纳入什么建设, 依托什么制度, 发挥啥作用): the clause that says 纳入…建设 answers. */
const VERB_FRAME = /([\u4e00-\u9fff]{2})(?:啥|什么|哪些|哪种|哪类|什么样的?|啥样的?)([\u4e00-\u9fff]{2})/g;
/** Bonus (share of the best score) of a clause holding the verb frame. */
export const VERB_FRAME_BONUS = 0.5;

/** Verb frames of a question as patterns over a clause's search form. */
export function verbFrames(question: string): RegExp[] {
  const form = searchForm(question);
  const out: RegExp[] = [];
  for (const m of form.matchAll(VERB_FRAME)) {
    const [, verb, noun] = m;
    const before = segment(form.slice(0, (m.index ?? 0) + verb.length)).words;
    if (before[before.length - 1] !== verb) continue;
    if (STOPWORDS.has(verb) || !isDictionaryWord(verb) || isNounWord(verb) || !isDictionaryWord(noun) || GENERIC_TYPE_NOUNS.has(noun)) continue;
    out.push(new RegExp(`${verb}[^，。；]{1,14}${noun}`));
  }
  return out;
}

/** “A 对/跟 B 是什么关系”: the clause that says A对…B的 (乡镇党委对基层工联会的领导). */
const RELATION_ASKED = /([\u4e00-\u9fff]{2,8})(?:对|跟|和|与|同)([\u4e00-\u9fff]{2,8}?)(?:之间)?(?:是|有|算)?(?:啥|什么|哪种|怎样的?)(?:样的)?关系/;

/** Pattern of the clause stating the relation a question asks about. */
export function relationFrames(question: string): RegExp[] {
  const m = RELATION_ASKED.exec(searchForm(question));
  if (!m) return [];
  // The typed form (工联会) and the canonical one (工会联合会): documents use both.
  const a = [...new Set([m[1].slice(-4), segment(m[1]).words.at(-1) ?? ""])].filter((w) => w.length >= 2);
  const b = [...new Set([m[2].slice(0, 4), segment(m[2]).words[0] ?? ""])].filter((w) => w.length >= 2);
  if (!a.length || !b.length) return [];
  return [new RegExp(`(?:${a.join("|")})对[^，。；]{0,6}(?:${b.join("|")})的`)];
}

/** “In which respects …W” (在哪几方面有保障): the clause that enumerates items right before W (组织、人员、阵地和经费有保障) gets the verb-frame bonus. */
const ASPECTS_ASKED = /哪(?:几|些)(?:个)?方面|哪几样|哪几项/;

/** Patterns of an enumeration ending right before one of the words. */
export function enumerationsBefore(question: string, words: string[]): RegExp[] {
  if (!ASPECTS_ASKED.test(searchForm(question))) return [];
  const item = "[^、，。；]{1,6}";
  return words.filter((w) => w.length >= 2 && !w.startsWith("#")).map((w) => new RegExp(`${item}、${item}(?:、${item})*(?:和|及|与)${item.replace("{1,6}", "{1,4}")}(?:有|得到|的)?${w}`));
}

/** How strongly a clause holds an answer type: its own title ends with it, it lists items of its kind (创造力、凝聚力 for 能力), it uses it as a head noun, or mentions it. */
export function typeMatch(title: string, text: string, noun: string): number {
  const form = searchForm(text);
  if (searchForm(title).endsWith(noun)) return TYPE_CUE_BONUS.title;
  const last = noun[noun.length - 1];
  if (noun.length === 2 && new RegExp(`[\u4e00-\u9fff]{1,3}${last}、[\u4e00-\u9fff]{1,3}${last}[、和及与]`).test(form)) return TYPE_CUE_BONUS.enumeration;
  if (new RegExp(`${noun}(?=[，。；、）”和等为与及]|$)`).test(form)) return TYPE_CUE_BONUS.head;
  return form.includes(noun) ? TYPE_CUE_BONUS.mention : 0;
}

