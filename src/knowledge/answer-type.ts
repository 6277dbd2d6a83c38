/**
 * Question grammar that names what the answer is: the noun after an interrogative (啥思想,
 * 哪些能力, 发挥啥作用) — a clause titled by it or listing items of its kind answers. General
 * Chinese, for any document.
 */
import { GENERIC_NOUNS, STOPWORDS } from "./lexicon.ts";
import { searchForm } from "./normalize.ts";
import { isDictionaryWord, isNounWord, isVerbWord, segment } from "./segment.ts";

/** An interrogative directly before a noun that names what the answer is (啥思想, 哪些能力, 什么样的模式). */
const TYPE_CUE = /(?:啥|什么|哪些|哪几|哪(?![里儿])|什么样|啥样)(?:个|种|类|项|条)?(?:的)?([\u4e00-\u9fff]{2,4})/g;
/** Score bonus (share of the best clause score) of a clause holding the asked answer type: as its own title, as an enumeration of its kind, or anywhere. */
const TYPE_CUE_BONUS = { title: 0.5, enumeration: 0.4, mention: 0.15 };

/**
 * The answer-type nouns a question asks for: the word right after an interrogative
 * (啥思想 → 思想, 哪些能力 → 能力, 什么样的工作模式 → 工作模式).
 */
export function typeNouns(question: string): string[] {
  const form = searchForm(question);
  const out = new Set<string>();
  for (const m of form.matchAll(TYPE_CUE)) {
    const words = segment(m[1]).words;
    const first = words[0] ?? "";
    // A verb-tagged word (作用, 例会) names the answer type only at the end of the question (发挥啥作用, not 跟啥结合起来).
    const final = (w: string) => /^[？?！!。，\s]*$/.test(form.slice(m.index + m[0].indexOf(m[1]) + w.length));
    const cands = [first, first + (words[1] ?? "")].filter((w) => w.length >= 2 && w.length <= 4 && isDictionaryWord(w) && (isNounWord(w) || (isVerbWord(w) && final(w))));
    for (const w of cands) if (!GENERIC_NOUNS.has(w) && !STOPWORDS.has(w)) out.add(w);
  }
  return [...out];
}

/** How strongly a clause holds an answer type: its own title ends with it, it lists items of its kind (创造力、凝聚力 for 能力), or mentions it. */
export function typeMatch(title: string, text: string, noun: string): number {
  const form = searchForm(text);
  if (searchForm(title).endsWith(noun)) return TYPE_CUE_BONUS.title;
  const last = noun[noun.length - 1];
  if (noun.length === 2 && new RegExp(`[\u4e00-\u9fff]{1,3}${last}、[\u4e00-\u9fff]{1,3}${last}[、和及与]`).test(form)) return TYPE_CUE_BONUS.enumeration;
  return form.includes(noun) ? TYPE_CUE_BONUS.mention : 0;
}

