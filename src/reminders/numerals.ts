import { parseChineseNumber } from "../numerals.ts";

/** Characters that may form a number: Arabic digits and Chinese numerals up to 千. */
export const NUM_CHARS = "0-9零〇一二两三四五六七八九十百千";

/**
 * Parses an integer written in Arabic digits or Chinese numerals
 * (十, 十五, 二十三, 一百二十, 两百, 三〇). Returns null when it is not a number.
 */
export function parseNumber(raw: string): number | null {
  const n = parseChineseNumber(raw.trim());
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}
