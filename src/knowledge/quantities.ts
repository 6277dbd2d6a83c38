/**
 * Quantities in every written form — 百分之二, 三分之一, 二倍, 半数, 二百人, 25人以上,
 * 1－2个, 三十日 — and the conditions documents attach to them (二十五人以上, 不足一百人,
 * 一年以上不满三年). Works on search forms (numerals that count are already digits).
 */
import { parseChineseNumber } from "./normalize.ts";
import { VOCABULARY } from "./vocabulary.ts";

/** A number as written: digits or Chinese numerals, with a decimal part (0.5, 零点五). */
const N = "[\\d零〇一二两三四五六七八九十百千万]+(?:[.点][\\d零一二三四五六七八九]+)?";
/** Not the middle of a number nor an ordinal (第十条). */
const START = "(?<![第\\d零〇一二两三四五六七八九十百千万.点])";
const UNITS = "个月|个工作日|工作日|个|名|人|次|家|项|所|届|天|日|周|小时|月|年|岁|户|元|万元|块|%|倍";

/** A quantity in a text; a bound set by another amount (不得超过…培训费用, 不得低于…最低工资标准) answers “多少” too. */
export const QUANTITY = new RegExp(`(?:百分之|千分之)${N}|${START}${N}分之${N}|${START}${N}(?:${UNITS})|半数|过半数?|一半|半(?:个月|年|天|日)|(?:不得|不|最高|最低)(?:超过|高于|低于|少于)`);

/** An amount in one of the units (a regex alternation); for days, not a date's day (1月1日), while 每月200元 is a sum. */
export const amountIn = (units: string, days = false) => new RegExp(`${days ? "(?<!月)" : ""}${START}(?:${N}|半)(?:${units})`);

/** Units whose conditions are compared: people, months (a year counts 12, a day 1/30) and ages. */
type Dimension = "人" | "月" | "岁";

/** Value of a written number (digits or Chinese numerals, 半 = 0.5); NaN when not one. */
function valueOf(s: string): number {
  if (s === "半") return 0.5;
  const v = /^[\d.]+$/.test(s) ? Number(s) : parseChineseNumber(s.replace(/^两/, "二"));
  return Number.isFinite(v) ? v : NaN;
}

/** Words for people a count can name: the documents' own and the vocabulary's words for workers (工友, 同事 → 职工/劳动者). */
const PERSONS = [
  ...new Set([
    "人", "员工", "职工", "工人", "会员", "工会会员", "人员", "职员",
    ...VOCABULARY.flatMap((f) => Object.entries(f.colloquial ?? {}).filter(([, to]) => to.includes("职工") || to.includes("劳动者")).map(([w]) => w)),
  ]),
].sort((a, b) => b.length - a.length);
const PEOPLE = `(?:个|名|号)?(?:${PERSONS.join("|")})`;
const PERSON = new RegExp(`^${PEOPLE}$`);

/** A number with its unit (二十五人, 六个月, 一年, 半年) → dimension and value. */
function measure(num: string, unit: string): { dim: Dimension; value: number } | null {
  const v = valueOf(num);
  if (Number.isNaN(v)) return null;
  if (PERSON.test(unit)) return { dim: "人", value: v };
  if (/^个?月$/.test(unit)) return { dim: "月", value: v };
  if (/^(?:天|日|个?工作日)$/.test(unit)) return { dim: "月", value: v / 30 };
  if (unit === "年") return { dim: "月", value: v * 12 };
  if (/^周?岁$/.test(unit)) return { dim: "岁", value: v };
  return null;
}

/** Months and years; a number with 月 alone is a month of the year (7月才入职, 9月底前), not 俩月, 一个多月, 半个多月. */
const MONTHS = "(?:个月|(?<=[俩仨两多几余来半])月|年)";
const UNIT_OF = `${PEOPLE}|${MONTHS}|周?岁`;
const NUM = `(${N}|半)`;

/** Conditions a document states: N以上, N年后, 不足N, 满N, N以上不满M, 满N不满M. */
const RANGE = new RegExp(`(?:满|超过)?${START}${NUM}(${UNIT_OF})(?:以上|及以上)?[不未](?:满|足|到)${NUM}(${UNIT_OF})`, "g");
const AT_LEAST = new RegExp(`(?:(?<![不未])满)?${START}${NUM}(${UNIT_OF})(?:以上|及以上|或以上|后)|(?<![不未])满${NUM}(${UNIT_OF})`, "g");
/** A time limit that lapsed: N日内未…的, 一个月内没有…的 holds once N days (months) have passed. */
const LAPSED = new RegExp(`${START}${NUM}(天|日|个?工作日|${MONTHS})(?:以)?内(?:仍)?(?:未|没有)`, "g");
const BELOW = new RegExp(`(?:不足|不满|未满|少于|低于)${NUM}(${UNIT_OF})|${START}${NUM}(${UNIT_OF})(?:以)?内`, "g");

/** A condition on a quantity as a feature token: `#cond:人:25:Infinity` holds for 25 ≤ x < ∞. */
function token(dim: Dimension, lo: number, hi: number): string {
  return `#cond:${dim}:${lo}:${hi}`;
}

/** The condition tokens of a document text (二十五人以上 → #cond:人:25:Infinity). */
export function conditionTokens(form: string): string[] {
  const out = new Set<string>();
  let rest = form;
  for (const m of form.matchAll(LAPSED)) {
    const q = measure(m[1], m[2]);
    if (q) out.add(token(q.dim, q.value, Infinity));
    rest = rest.replace(m[0], " ");
  }
  for (const m of rest.matchAll(RANGE)) {
    const a = measure(m[1], m[2]);
    const b = measure(m[3], m[4]);
    if (a && b && a.dim === b.dim) out.add(token(a.dim, a.value, b.value));
    rest = rest.replace(m[0], " ");
  }
  for (const [re, atLeast] of [[AT_LEAST, true], [BELOW, false]] as const) {
    for (const m of rest.matchAll(re)) {
      const q = measure(m[1] ?? m[3], m[2] ?? m[4]);
      if (q) out.add(atLeast ? token(q.dim, q.value, Infinity) : token(q.dim, 0, q.value));
    }
  }
  return [...out];
}

/**
 * A quantity a question states about its case (30个员工, 不到25人, 快一个月, 一个多月, 十几个人, 80来个人, 一百多人,
 * 半年的合同, 俩月, 一年半, 三个半月, 四年零八个月).
 */
const STATED = new RegExp(`(不到|不足|没满|未满|没到|少于|不满|快|将近|接近)?(十几|几十|俩|仨|${N}|半)(?:个(?=[多几余来半]月))?(多|几|余|来|半)?(${UNIT_OF})(以上|多|半)?(?:零?(${N})个?月)?`, "g");

/** A quantity a question states: its value, and for a vague one (十几, 二十多) the range it may lie in. */
type Stated = { dim: Dimension; value: number; range?: [number, number] };

/** The place of a number's last nonzero digit (20 → 10, 150 → 10, 100 → 100, 3 → 1; 半 → 0.5): how far 多 reaches above it. */
function lastPlace(n: number): number {
  if (!Number.isInteger(n) || n === 0) return n > 0 && n < 1 ? n : 1;
  let place = 1;
  while (n % (place * 10) === 0) place *= 10;
  return place;
}

/**
 * True when one period (一年, 一个月) is what a count asked for is per (一年最少要培训几次, 一年每人最多能发多少钱), not how long the
 * case has lasted (干了一年能拿多少, 工作满一年能休几天).
 */
function perPeriod(form: string, at: number, period: string, num: string): boolean {
  return (
    /^(?:1|一)$/.test(num) &&
    /(?:年|月)$/.test(period) &&
    /^[^，。？?,;；]{0,8}?(?:几|多少)/.test(form.slice(at + period.length)) &&
    !/(?:了|过|满|干|做|交|缴|工作|入职|已经|已|近|快|第)$/.test(form.slice(0, at))
  );
}

/** The values a question states for its case, by dimension (vague amounts take a representative value and a range; 俩, 仨 are 2, 3). */
export function statedQuantities(form: string): Stated[] {
  const out: Stated[] = [];
  for (const m of form.matchAll(STATED)) {
    const [whole, below, num, more, unit, above, months] = m;
    if (perPeriod(form, m.index, whole, num)) continue;
    const spoken: Record<string, string> = { 十几: "10", 几十: "50", 俩: "2", 仨: "3" };
    const raw = spoken[num] ?? num;
    const q: Stated | null = measure(raw, unit);
    if (!q) continue;
    const perUnit = measure("1", unit)!.value;
    // 一年半, 三个半月: half a unit more; 四年零八个月: the months added. The part over whole units is stated
    // too (补偿…六个月以上不满一年的 reads the months past the last full year).
    const part = more === "半" || above === "半" ? perUnit / 2 : months && q.dim === "月" ? valueOf(months) : 0;
    if (part) {
      q.value += part;
      out.push({ dim: q.dim, value: part });
    }
    // 不到25人, 快一个月 lie just below; 80来个人 is about 80; 几十 is 20 to 99. 十几, 二十多, 30几个, 一百多 lie anywhere up to the
    // next step of their last digit (11–19, 21–29, 31–39, 101–199): a condition holds only when it holds over that range
    // (十几年 is not 满十五年).
    if (below) q.value -= q.dim === "人" ? 1 : 0.5;
    else if (num === "几十") q.range = [20 * perUnit, 99 * perUnit];
    else if (num === "十几" || (more && more !== "来" && more !== "半") || above === "多") {
      const base = valueOf(raw);
      const step = lastPlace(base);
      q.value = (base + step / 2) * perUnit;
      q.range = [(base + 0.01 * step) * perUnit, (base + 0.99 * step) * perUnit];
    }
    out.push(q);
  }
  return out;
}

/** A share a question states about its case (只给七成, 打八折, 按70%发, 百分之六十, 工资的一半): compared with the shares documents state, not matched as a word. */
export const STATED_SHARE = /(?<![\d.])\d{1,3}(?:\.\d+)?%|百分之[\d一二三四五六七八九十]+(?!几)|(?<![几十])[一二三四五六七八九](?:成|折)(?![员立本为年])|的一半/;
const STATED_SHARE_ALL = new RegExp(STATED_SHARE.source, "g");

/**
 * The question without the quantities it states about its case (不到25人 → 人, 30个员工 → 员工,
 * 半年): they are matched through conditions, not as words; nor are the days it tells (7月1号入职):
 * they date the case, and would match a document's date of entry into force.
 */
export function withoutStated(form: string): string {
  return form
    .replace(/(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]/g, " ")
    .replace(STATED_SHARE_ALL, " ")
    .replace(STATED, (_m: string, _below: string, _num: string, _more: string, unit: string) => ` ${unit.replace(/^[个名]/, "").replace(/^(人|月|个月|年)$/, "")} `);
}

/**
 * The condition tokens (of those known to the index) that a stated quantity satisfies, the
 * closest bound first (for 100人: 100人以上 before 25人以上).
 */
export function satisfiedConditions(form: string, known: Iterable<string>): string[] {
  const stated = statedQuantities(form);
  if (!stated.length) return [];
  const out: Array<{ token: string; distance: number }> = [];
  for (const token of known) {
    const [, dim, lo, hi] = token.split(":");
    for (const q of stated) {
      const [least, most] = q.range ?? [q.value, q.value];
      if (q.dim === dim && least >= Number(lo) && most < Number(hi)) out.push({ token, distance: Math.min(q.value - Number(lo), Number(hi) - q.value) });
    }
  }
  return [...new Set(out.sort((a, b) => a.distance - b.distance).map((x) => x.token))];
}
