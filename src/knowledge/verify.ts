/**
 * An LLM answer is verified against the clauses it cites, not trusted:
 * - every number, date and amount in it must be a number of a cited clause (compared by
 *   value, so 二十五 = 25 and 百分之五 = 5%);
 * - every sentence must be supported by the cited clauses: each of its parts (split at
 *   sentence ends, semicolons, commas and colons) must have at least SUPPORT_THRESHOLD of its
 *   character bigrams in them, so a true half-sentence cannot carry an invented one;
 * - no phone number, URL, instruction text or prompt text unless a cited clause holds it.
 * Pure functions; `verifyAnswer` returns the reason an answer fails, or null.
 */
import { parseChineseNumber } from "../numerals.ts";
import { phoneNumbers, withoutPhones } from "../privacy.ts";

/**
 * Share of a sentence part's character bigrams that must occur in the cited clauses. A
 * faithful Chinese paraphrase reuses the clause's words, so its coverage stays high (the
 * paraphrases in tests/knowledge/verify.test.ts: 0.65–1.0 per part); a part adding facts or
 * advice the clauses lack brings its own words (the invented parts there: 0–0.33). 0.5 lies
 * between, with a margin on both sides.
 */
export const SUPPORT_THRESHOLD = 0.5;
/** Sentences shorter than this many bigrams (“可以。”) are not measured. */
const MIN_BIGRAMS = 4;
/** A run of this many characters shared with the prompt templates (and not with the clauses) is prompt text. */
const PROMPT_ECHO_CHARS = 8;

/** What an answer is checked against. */
interface Evidence {
  /** The cited clauses: place, title and full text each. */
  clauses: string[];
  /** The prompt templates sent with the question (system prompt, user template). */
  prompts: string[];
}

const CN_NUM = "零〇一二两三四五六七八九十百千万亿";
const NUMBER = new RegExp(`\\d+(?:[.,]\\d+)*(?:[万亿])?|[${CN_NUM}]+`, "g");
/** After a Chinese numeral, a measure word or unit makes it a quantity (二十五人, 三年, 五万元). */
const MEASURE = /^(?:个|人|名|位|家|元|块|年|月|日|号|天|周|次|倍|岁|条|款|项|%|％|成|小时|分钟|届|批|户|所|类|级|期|季度|余|多)/;
/** Before a Chinese numeral: an ordinal or a percentage (第三, 百分之五). */
const BEFORE = /(?:第|百分之|千分之)$/;

/**
 * The quantities an answer states: every Arabic number, and Chinese numerals used as
 * quantities (before a measure word, after 第 or 百分之); a lone 一 before a measure word
 * is an article (一个, 一次), not a figure. Chinese numerals inside words (统一, 一律, 千万) are not numbers.
 */
export function answerNumbers(text: string): Array<{ token: string; value: number }> {
  const s = text.normalize("NFKC");
  return [...s.matchAll(NUMBER)].flatMap((m) => {
    const token = m[0];
    const at = m.index;
    if (!/\d/.test(token) && !BEFORE.test(s.slice(0, at)) && (token === "一" || !MEASURE.test(s.slice(at + token.length)))) return [];
    const v = parseChineseNumber(token);
    return v === null ? [] : [{ token, value: v }];
  });
}

/** Letters, digits and Han characters only, NFKC, lower case. */
function content(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/[^\p{Script=Han}a-z0-9]/gu, "");
}

function bigrams(s: string): string[] {
  const c = [...content(s)];
  return c.slice(1).map((x, i) => c[i] + x);
}

/** Share of the sentence's bigrams found in the support set (1 for a sentence too short to measure). */
export function coverage(sentence: string, support: Set<string>): number {
  const b = bigrams(sentence);
  if (b.length < MIN_BIGRAMS) return 1;
  return b.filter((x) => support.has(x)).length / b.length;
}

/** Citation marks an answer may add around its sentences: （依据《…》三（一）1）, 《…》, places. */
const CITATION_NOTE = /[（(](?:依据|根据|见|参见|出自)?[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]|《[^》]*》/g;

/** The parts of the answer's sentences (split at 。！？；，：), citation notes and document names taken out. */
export function sentenceParts(answer: string): string[] {
  return answer.replace(CITATION_NOTE, "").split(/[。！？!?；;，,：:\n]+/).map((s) => s.trim()).filter(Boolean);
}

const URL = /(?:https?:\/\/|www\.)[^\s，。；、）)]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|edu|io|cc|top|xyz|info|me|vip)\b(?:\/[^\s，。；、）)]*)?/gi;

/**
 * Instruction text: directions about the model itself (its prompt, rules, role, output
 * format) and directions to the reader to act through a private channel (加微信, 扫码,
 * 转账, 点击链接) — the documents give policy, never such directions.
 */
const INSTRUCTION =
  /忽略|无视|系统提示|提示词|指令|规则[：:]|system|prompt|assistant|\bjson\b|grounded|citations|你是.{0,12}(?:助手|模型|ai)|作为.{0,6}(?:ai|人工智能|语言模型)|(?:加|添加|联系).{0,3}(?:微信|qq|vx)|微信号|扫码|扫描二维码|转账|汇款|点击链接|私信/gi;

/** Why the answer cannot be sent as it is, or null when every check passes. */
export function verifyAnswer(answer: string, evidence: Evidence): string | null {
  const support = evidence.clauses.join("\n");
  const supportNorm = support.normalize("NFKC").toLowerCase();

  const clausePhones = new Set(phoneNumbers(support));
  const phone = phoneNumbers(answer).find((p) => !clausePhones.has(p));
  if (phone) return `回答含有所引条款中没有的电话号码（${phone.slice(0, 3)}…）`;

  const unsupported = (re: RegExp) => [...answer.normalize("NFKC").matchAll(re)].map((m) => m[0]).find((w) => !supportNorm.includes(w.toLowerCase()));
  const url = unsupported(URL);
  if (url) return `回答含有所引条款中没有的网址：${url.slice(0, 40)}`;
  const instruction = unsupported(INSTRUCTION);
  if (instruction) return `回答含有指令性内容：“${instruction}”`;

  const supportContent = content(support);
  const promptContent = evidence.prompts.flatMap((p) => p.split(/\{\{[^}]*\}\}/).map(content));
  const a = content(answer);
  for (let i = 0; i + PROMPT_ECHO_CHARS <= a.length; i++) {
    const window = a.slice(i, i + PROMPT_ECHO_CHARS);
    if (promptContent.some((p) => p.includes(window)) && !supportContent.includes(window)) return `回答复述了提示词：“${window}”`;
  }

  // Every number the cited clauses state, by value.
  const numbers = new Set([...support.normalize("NFKC").matchAll(NUMBER)].map((m) => parseChineseNumber(m[0])));
  // Phone numbers and URLs were checked whole above; document names are checked by citation.
  const figures = withoutPhones(answer.normalize("NFKC")).replace(URL, " ").replace(/《[^》]*》/g, "");
  const invented = answerNumbers(figures).find((n) => !numbers.has(n.value));
  if (invented) return `回答中的数字“${invented.token}”不在所引条款中`;

  const grams = new Set(evidence.clauses.flatMap(bigrams));
  for (const s of sentenceParts(answer)) {
    const c = coverage(s, grams);
    if (c < SUPPORT_THRESHOLD) return `回答中“${s.slice(0, 20)}”与所引条款的字面重合仅 ${Math.round(c * 100)}%（需 ≥ ${SUPPORT_THRESHOLD * 100}%）`;
  }
  return null;
}
