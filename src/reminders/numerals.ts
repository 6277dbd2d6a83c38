/** Full-width ASCII (０-９, Ａ-Ｚ, ：, 全角空格) to half-width. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ");
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Characters that may form a number: Arabic digits and Chinese numerals up to 千. */
export const NUM_CHARS = "0-9零〇一二两三四五六七八九十百千";

/**
 * Parses an integer written in Arabic digits or Chinese numerals
 * (十, 十五, 二十三, 一百二十, 两百, 三〇). Returns null when it is not a number.
 */
export function parseNumber(raw: string): number | null {
  const s = toHalfWidth(raw.trim());
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || !/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return null;
  if (/^[零〇一二两三四五六七八九]+$/.test(s) && s.length > 1) {
    return Number([...s].map((c) => DIGITS[c]).join(""));
  }
  let total = 0;
  let current = 0;
  for (const c of s) {
    if (c in DIGITS) current = DIGITS[c];
    else {
      const unit = c === "十" ? 10 : c === "百" ? 100 : 1000;
      total += (current || 1) * unit;
      current = 0;
    }
  }
  return total + current;
}
