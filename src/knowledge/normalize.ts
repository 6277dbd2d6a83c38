import * as OpenCC from "opencc-js";
import { parseChineseNumber as sharedParse } from "../numerals.ts";

const CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
const CJK_PUNCT = "，。、；：？！“”‘’《》（）【】—…－";

let t2s: ((s: string) => string) | null = null;

/** A character kept through the conversion in place of 么 (private use: OpenCC leaves it alone). */
const KEPT = "\ue000";

/**
 * Traditional → simplified Chinese (OpenCC, Taiwan/Hong Kong variants included). 么 stays as written: OpenCC reads a
 * lone 么 as the traditional form of 幺 (行么 → 行幺), but in the text people type it is the particle (麼 → 么 still).
 */
export function toSimplified(text: string): string {
  if (!t2s) {
    const tw = OpenCC.Converter({ from: "tw", to: "cn" });
    const hk = OpenCC.Converter({ from: "hk", to: "cn" });
    t2s = (s) => hk(tw(s));
  }
  return text.includes("么") ? t2s(text.replaceAll("么", KEPT)).replaceAll(KEPT, "么") : t2s(text);
}

/**
 * Full-width ASCII letters, digits and the ideographic space → half-width.
 * Chinese punctuation (，。（）－ …) is kept: it is the document's own form.
 */
function foldWidthAlnum(text: string): string {
  return text
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\u2002-\u200a\u202f\u205f]/g, " ");
}

/** Line breaks as \n; removes zero-width characters and C0 control characters but newline and tab (C1, U+0080–U+009F, is kept). */
export function stripInvisible(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[^\P{Cc}\n\t\u0080-\u009f]/gu, "");
}

const SPACES_NEAR_CHINESE = new RegExp(`(?<=[${CJK}${CJK_PUNCT}]) +| +(?=[${CJK}${CJK_PUNCT}])`, "g");
/** Half-width , ; : ? ! after or before a Chinese character, ( before and ) after one. */
const PUNCT_NEAR_CHINESE = new RegExp(`(?<=[${CJK}])[,;:?!)]|[,;:?!(](?=[${CJK}])`, "g");

/**
 * Normalises one line of document text for storage: invisible characters gone,
 * full-width alphanumerics folded, spaces next to Chinese text removed, other runs of
 * spaces collapsed, half-width , ; : ? ! ( ) between Chinese characters made full-width.
 */
export function normalizeLine(line: string): string {
  return foldWidthAlnum(stripInvisible(line))
    .replace(/\t/g, " ")
    .trim()
    .replace(SPACES_NEAR_CHINESE, "")
    .replace(/ {2,}/g, " ")
    .replace(PUNCT_NEAR_CHINESE, (m) => String.fromCharCode(m.charCodeAt(0) + 0xfee0));
}

/** The value of each single Chinese numeral. */
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Value of a Chinese numeral such as 二十五, 一百, 十, 一百零五, 两千; NaN when not one. */
export function parseChineseNumber(s: string): number {
  return sharedParse(s) ?? NaN;
}

const NUMERAL = "[零〇一二两三四五六七八九十百千万]";
export const MEASURE = "人名个家月日号年天次条项点部分届岁周位批小时分钟";

/**
 * Rewrites Chinese numerals as digits where they count something: before a measure word
 * (二十五人, 一百人, 两个, 9月), in ranges (一到两个), about (三四个 → 3.5个), after 第 (第三条), or whenever they
 * carry a unit (二十五, 一百). Words such as 统一, 一批, 进一步, 一是 are left alone.
 */
export function chineseNumeralsToDigits(text: string): string {
  // An approximate amount of two neighbouring numerals (三四个, 十七八岁, 二三十人) is about their middle (3.5个, 17.5岁, 25人), not 34.
  text = text.replace(new RegExp(`(?<!第)(十)?([一两二三四五六七八])([两二三四五六七八九])(十)?(?=[${MEASURE}])`, "g"), (m, ten: string | undefined, a: string, b: string, tens: string | undefined) => {
    const [x, y] = [DIGIT[a], DIGIT[b]];
    if (y !== x + 1 || (ten && tens)) return m;
    const middle = (x + y) / 2;
    return String(ten ? 10 + middle : tens ? middle * 10 : middle);
  });
  let s = text.replace(new RegExp(`(${NUMERAL}+)([到至－\\-~～])(${NUMERAL}+)(?=[${MEASURE}])`, "g"), (m, a: string, sep: string, b: string) => {
    const [x, y] = [sharedParse(a), sharedParse(b)];
    return x === null || y === null ? m : `${x}${sep}${y}`;
  });
  s = s.replace(new RegExp(`第(${NUMERAL}+)`, "g"), (_, a: string) => `第${sharedParse(a) ?? a}`);
  // 一次性 (one-off) is a word, not a count of times.
  s = s.replace(new RegExp(`(${NUMERAL}+)(?=[${MEASURE}])(?!次性)`, "g"), (m, a: string, offset: number, whole: string) => {
    const prev = offset > 0 ? whole[offset - 1] : "";
    if (/[\u4e00-\u9fff]/.test(prev) && !/[有约近超过逾共每满和及或到至、]/.test(prev) && !(prev === "年" && whole[offset + a.length] === "月") && a.length === 1) return m;
    return String(sharedParse(a) ?? a);
  });
  // 百人, 百余家: a bare 百 or 千 that counts is one hundred or one thousand (百分之, 千分之 name a fraction: 百分之几 asks for one;
  // 百分点, 百分比, 百分率 are words of rates).
  s = s.replace(new RegExp(`(?<!${NUMERAL})([百千])(?!分[之点比率])(?=[来多余]?[${MEASURE}])`, "g"), (m) => (m === "百" ? "100" : "1000"));
  return s.replace(new RegExp(`${NUMERAL}*[十百千万]${NUMERAL}*`, "g"), (m) => (m.length < 2 || !(m[0] in DIGIT || m[0] === "十") ? m : String(sharedParse(m) ?? m)));
}

/**
 * The search form of any text (documents and queries alike): simplified, width-folded,
 * lower-case, numerals as digits, ‰ written out, whitespace removed.
 */
export function searchForm(text: string): string {
  let form = FORMS.get(text);
  if (form === undefined) {
    const s = toSimplified(foldWidthAlnum(stripInvisible(text)).normalize("NFKC")).toLowerCase();
    form = chineseNumeralsToDigits(s)
      // A share per thousand as written out (5‰ → 千分之5): read like 百分之二.
      .replace(/(\d+(?:\.\d+)?)‰/g, "千分之$1")
      .replace(/\s+/g, " ")
      .replace(/ ?([^ -~]) ?/g, "$1")
      .trim();
    if (FORMS.size >= FORMS_MAX) FORMS.clear();
    FORMS.set(text, form);
  }
  return form;
}

/** WeChat's emoji as a message carries them ([捂脸], [微笑], [OK]): no words of a question. */
export function withoutEmojiCodes(text: string): string {
  return text.replace(/\[[\u4e00-\u9fa5A-Za-z]{1,4}\]/g, " ");
}

/** Search forms already computed: clause texts and titles recur in every query. */
const FORMS = new Map<string, string>();
const FORMS_MAX = 50_000;
