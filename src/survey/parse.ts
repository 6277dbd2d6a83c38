import { parseChineseNumber } from "../numerals.ts";
import { containsPhone } from "../privacy.ts";

/**
 * Parsers for survey answers as people really type them. Pure functions: each
 * returns the value or a Chinese explanation of what is expected, with an example.
 */

/** A parse outcome: the value (with an optional note to show the user) or an error. */
export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; error: string };

const ok = <T>(value: T, note?: string): Parsed<T> => (note ? { ok: true, value, note } : { ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Control characters that separate words (tab, line breaks): each becomes a space. */
const SPACING_CONTROL = /[\t\n\v\f\r\u0085]/g;
/** Other control characters (NUL, escape …): removed. */
const CONTROL = /\p{Cc}/gu;
/** Invisible format characters (zero-width space/joiners U+200B–U+200D, U+2060, soft hyphen, BOM, bidi marks …): removed. */
const INVISIBLE = /\p{Cf}/gu;

/**
 * The survey's single entry point for user text: invisible format characters removed,
 * tabs and line breaks turned into spaces, other control characters (NUL included) removed,
 * so none is ever stored or exported.
 */
export function cleanUserText(input: string): string {
  return input.replace(INVISIBLE, "").replace(SPACING_CONTROL, " ").replace(CONTROL, "");
}

/** Full-width to half-width (NFKC), invisible and repeated spaces collapsed, trimmed. */
export function normaliseAnswer(input: string): string {
  return cleanUserText(input.normalize("NFKC")).replace(/\s+/g, " ").trim();
}

const TRAILING_PUNCT = /[\s。.!！~～,，;；、]+$/;

const APPROX_OK = /^(?:约|大约|大概|差不多|估计|预计|接近|将近|近)|(?:左右|上下|前后|出头)$/;
const RANGE_WORDS = /多|来|余|几|[-~～—–至到]|以上|以下|以内|不到|不足|不止|超过|好|数十|数百|若干/;
const NUMBER_SUFFIX = /(?:个人|人|名|位|个|口)$/;

/** Options for parseCount. */
export interface CountOptions {
  min?: number;
  max?: number;
  /** Accept 没有 / 无 / 零 as 0 (member counts). */
  zeroWords?: boolean;
  /** What is counted, for messages: “职工人数”. */
  what: string;
  example: string;
}

/**
 * A head count: “120”, “一百二十人”, “３０”, “120人左右” / “约120人” (taken as 120, with a note),
 * while ranges and vague amounts (“100多”, “一百来人”, “100-200”, “几十个”) ask for an exact number.
 */
export function parseCount(input: string, opts: CountOptions): Parsed<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000;
  const expected = `请填写${opts.what}的具体数字，例如：${opts.example}`;
  let s = normaliseAnswer(input).replace(TRAILING_PUNCT, "").replace(/\s/g, "").replace(/[吧啊呀呢哈的了]+$/, "");
  if (!s) return fail(expected);
  if (/[一二两三四五六七八九][一二两三四五六七八九][十百千万]/.test(s)) {
    return fail(`“${normaliseAnswer(input)}”是一个大概的范围，请填写准确的${opts.what}（一个整数），例如：${opts.example}`);
  }
  if (opts.zeroWords && /^(没有|没|无|暂无|零|0人?|一个也没有|一个都没有)$/.test(s)) return ok(0);
  let approx = false;
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(/^(共有|共|有|总共|合计|目前|现有|现在有|大约有|约有)/, "");
    if (APPROX_OK.test(s)) {
      approx = true;
      s = s.replace(APPROX_OK, "");
    }
    s = s.replace(NUMBER_SUFFIX, "").replace(/(员工|职工|工人|会员|党员)$/, "");
    if (s === before) break;
  }
  const value = parseChineseNumber(s);
  if (value === null) {
    if (RANGE_WORDS.test(s) && /[\d一二两三四五六七八九十百千万]/.test(s)) {
      return fail(`“${normaliseAnswer(input)}”是一个大概的范围，请填写准确的${opts.what}（一个整数），例如：${opts.example}`);
    }
    return fail(`没能识别“${normaliseAnswer(input)}”。${expected}`);
  }
  if (!Number.isInteger(value)) return fail(`${opts.what}应为整数。${expected}`);
  if (value < min) return fail(`${opts.what}不能少于 ${min}。${expected}`);
  if (value > max) return fail(`${opts.what}超过 ${max}，请核对。${expected}`);
  return ok(value, approx ? `已按 ${value} 人记录；如有准确数字，可在确认前用「修改」更正。` : undefined);
}

const NO_WORDS = /没|未|无|否|不|尚无|暂无|还没|准备|计划|打算|筹备|筹建|正在|^no?$|^false$|^0$|^n$/i;
const YES_WORDS = /有|是|已|建了|建立了|成立了|对|嗯|好的|^yes$|^y$|^true$|^1$|^ok$/i;

/**
 * 是/否 as people answer: 有, 是, 已建, 已经建了, 建了 → true; 没有, 还没有, 无, 否, 未建,
 * 正在筹建 → false. Negative words win (“没有” contains “有”).
 */
export function parseYesNo(input: string, what = "是否已建立"): Parsed<boolean> {
  const s = normaliseAnswer(input).replace(TRAILING_PUNCT, "").replace(/\s/g, "");
  if (!s) return fail(`请回答“是”或“否”（${what}），例如：是`);
  if (/不知道|不清楚|不确定|不晓得|说不准|不了解/.test(s)) return fail(`请向单位核实后回答“是”或“否”（${what}），例如：已建 / 没有`);
  if (NO_WORDS.test(s)) return ok(false);
  if (YES_WORDS.test(s)) return ok(true);
  return fail(`没能识别“${s}”。请回答“是”或“否”（${what}），例如：已建 / 没有`);
}

/**
 * A phone number stored normalised: mobiles as 11 digits (spaces, dashes, +86 removed),
 * landlines with area code as 0751-1234567.
 */
export function parsePhone(input: string): Parsed<string> {
  const raw = normaliseAnswer(input).replace(TRAILING_PUNCT, "");
  // Examples hold no complete number: every group message has its phone numbers masked.
  const example = "例如：138XXXXXXXX 或 0751-XXXXXXX";
  let digits = raw.replace(/[\s\-—–_.·()（）]/g, "");
  if (/[^\d+]/.test(digits)) {
    if (/转|ext|分机/i.test(digits)) return fail(`请只填写一个电话号码，不带分机号。${example}`);
    return fail(`联系电话只能包含数字（可带空格或短横线）。${example}`);
  }
  digits = digits.replace(/^\+?0{0,2}86(?=1[3-9]\d{9}$)/, "").replace(/^\+86(?=0?\d{9,11}$)/, "");
  if (/^1[3-9]\d{9}$/.test(digits)) return ok(digits);
  if (/^1\d{10}$/.test(digits)) return fail(`“${raw}”不像有效的手机号码，请核对。${example}`);
  if (/^0\d{9,11}$/.test(digits)) {
    const areaLen = /^0[12]/.test(digits) ? 3 : 4;
    const local = digits.slice(areaLen);
    if (local.length >= 7 && local.length <= 8 && /^[2-9]/.test(local)) return ok(`${digits.slice(0, areaLen)}-${local}`);
  }
  if (/^\d{7,8}$/.test(digits)) return fail("固定电话请加上区号，例如：0751-XXXXXXX");
  if (/^\d+$/.test(digits) && digits.length < 11) return fail(`号码位数不够，手机号是 11 位。${example}`);
  return fail(`没能识别“${raw}”为电话号码。请填写手机号或带区号的固定电话，${example}`);
}

/** The organisation types of the survey. */
export const ORG_TYPES = ["企业", "社会组织", "其他"] as const;
export type OrgType = (typeof ORG_TYPES)[number];

const SOCIAL = /社会组织|协会|商会|学会|研究会|促进会|联谊会|基金会|社团|民办非企业|民非|社会服务机构/;
const ENTERPRISE = /企业|公司|厂|集团|商行|商店|酒店|宾馆|银行|超市|有限|股份/;

/**
 * 单位类型: 企业 / 社会组织 / 其他, or 1/2/3. A description that belongs to exactly one of the
 * two named types (有限公司, 工厂 → 企业; 协会, 商会 → 社会组织) is taken with a note saying so;
 * anything else (合作社, 事业单位, 个体户 …) is not guessed: the reply asks which type it is.
 */
export function parseOrgType(input: string): Parsed<OrgType> {
  const s = normaliseAnswer(input).replace(TRAILING_PUNCT, "").replace(/\s/g, "");
  const choices = "请回复 企业、社会组织 或 其他（也可回复 1、2、3），例如：企业";
  if (!s) return fail(choices);
  const literal = ({ "1": "企业", "2": "社会组织", "3": "其他", 企业: "企业", 社会组织: "社会组织", 其他: "其他", 其它: "其他" } as const)[s];
  if (literal) return ok(literal);
  const social = SOCIAL.test(s);
  const enterprise = ENTERPRISE.test(s) && !/非企业/.test(s);
  if (social !== enterprise) {
    const type = social ? "社会组织" : "企业";
    return ok(type, `“${s}”已按「${type}」记录；如不对，可在确认前用「修改」更正。`);
  }
  return fail(`“${s}”不是列出的单位类型。请问按哪一类填报：企业、社会组织 还是 其他？（可回复 1、2、3）`);
}

/** A free-text answer such as a name: trimmed, length-checked, not a bare number or phone. */
export function parseText(input: string, opts: { what: string; example: string; min?: number; max?: number }): Parsed<string> {
  const raw = normaliseAnswer(input);
  if (/[?？]$/.test(raw)) return fail(`这看起来是一个问题。请填写${opts.what}，例如：${opts.example}`);
  const s = raw.replace(/[。.!！]+$/, "");
  const min = opts.min ?? 2;
  const max = opts.max ?? 60;
  if (s.length < min) return fail(`${opts.what}太短了，请填写完整，例如：${opts.example}`);
  if (s.length > max) return fail(`${opts.what}太长了（最多 ${max} 个字），例如：${opts.example}`);
  if (containsPhone(s)) return fail(`${opts.what}里请不要填写电话号码（电话在「联系电话」一项单独填写），例如：${opts.example}`);
  if (/^[\d\s+-]+$/.test(s)) return fail(`${opts.what}不能只是数字，例如：${opts.example}`);
  return ok(s);
}
