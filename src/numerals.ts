/** Numbers as people write them in Chinese: one parser for the whole bot. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 幺: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 仨: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, k: 1000, 万: 10_000, 萬: 10_000, w: 10_000 };

/**
 * A number written in Arabic digits, Chinese numerals or a mix: 120, 1,200, 一百二十,
 * 两百, 三千零五, 十五, 一百二 (colloquial 120), 1.2万, 3千. Null when it is not one.
 */
export function parseChineseNumber(input: string): number | null {
  const s = input.normalize("NFKC").replace(/[\s,，]/g, "").toLowerCase();
  if (!s) return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^[零〇一二三四五六七八九]{2,}$/.test(s)) return Number([...s].map((c) => DIGITS[c]).join(""));
  const tokens = s.match(/\d+(?:\.\d+)?|./gu) ?? [];
  let total = 0;
  let section = 0;
  let num: number | null = null;
  let lastUnit = 0;
  let prevUnit = false;
  let zeroPending = false;
  let colloquial = false;
  for (const t of tokens) {
    const isArabic = /^\d/.test(t);
    if (isArabic || t in DIGITS) {
      const d = isArabic ? Number(t) : DIGITS[t];
      if (!isArabic && d === 0) {
        zeroPending = true;
        prevUnit = false;
        continue;
      }
      if (num !== null) return null;
      num = d;
      colloquial = prevUnit && d < 10 && t.length === 1 && !zeroPending;
      prevUnit = false;
    } else if (t in UNITS) {
      const u = UNITS[t];
      if (u === 10_000) {
        const v = section + (num ?? 0);
        if (v === 0) return null;
        total += v * u;
        section = 0;
      } else {
        if (num === null && u !== 10) return null;
        if (lastUnit && lastUnit !== 10_000 && u >= lastUnit) return null;
        section += (num ?? 1) * u;
      }
      num = null;
      lastUnit = u;
      prevUnit = true;
      zeroPending = false;
      colloquial = false;
    } else {
      return null;
    }
  }
  if (num !== null) section += colloquial && lastUnit >= 100 ? num * (lastUnit / 10) : num;
  const value = Math.round((total + section) * 1e6) / 1e6;
  return Number.isFinite(value) ? value : null;
}

const DIGIT_NAMES = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 15 → 十五, 143 → 一百四十三 (as laws number their articles and documents their parts). */
export function chineseOrdinal(n: number): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = h ? `${DIGIT_NAMES[h]}百` : "";
  if (t) s += `${h || t > 1 ? DIGIT_NAMES[t] : ""}十`;
  else if (h && u) s += "零";
  return s + DIGIT_NAMES[u];
}
