/**
 * Township name matching shared by the survey (所属乡镇) and the admin 绑定 command.
 * Accepts what people type: “顿岗” → 顿岗镇, “工业园”/“园区” → 县工业园,
 * “深渡水” → 深渡水瑶族乡, “始兴县太平镇” → 太平镇, full-width letters and spaces.
 */

const SUFFIXES = ["瑶族乡", "民族乡", "街道办事处", "街道", "镇", "乡"];
const PARK_KEYS = ["园区", "工业园", "工业园区", "县工业园", "县工业园区", "工业区"];
const COUNTY_PREFIX = /^(?:[\u4e00-\u9fa5]{1,4}省)?(?:[\u4e00-\u9fa5]{1,4}市)?[\u4e00-\u9fa5]{1,4}?县/;

/** NFKC (full-width → half-width), spaces and punctuation removed, lower case. */
function clean(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\u2005\u2006\u200b]+/g, "")
    .replace(/[()[\]{}<>（）【】〔〕「」『』《》,.，。、:：;；!！?？"'“”‘’]/g, "")
    .toLowerCase();
}

/** The short forms a township answers to (its full name first). */
export function townshipKeys(name: string): string[] {
  const full = clean(name);
  const keys = new Set<string>([full]);
  for (const suffix of SUFFIXES) {
    if (full.endsWith(suffix) && full.length - suffix.length >= 2) {
      keys.add(full.slice(0, -suffix.length));
      break;
    }
  }
  if (/园/.test(full)) {
    for (const k of PARK_KEYS) keys.add(k);
    keys.add(full.replace(/^县/, ""));
  }
  return [...keys];
}

/**
 * The township from `townships` that `input` names, or null when none (or more than one) fits.
 * Tries exact names and short forms, then the same after dropping a county prefix
 * (“始兴县”), then a unique township whose name or short form starts the input (“太平镇某某村”).
 */
export function matchTownship(input: string, townships: readonly string[]): string | null {
  const text = clean(input);
  if (!text) return null;
  const table = townships.map((name) => ({ name, keys: townshipKeys(name) }));
  const variants = [text];
  const noCounty = text.replace(COUNTY_PREFIX, "");
  if (noCounty && noCounty !== text) variants.push(noCounty);
  for (const v of variants) {
    const hits = table.filter((t) => t.keys.includes(v));
    if (hits.length === 1) return hits[0].name;
  }
  for (const v of variants) {
    const hits = new Set(table.filter((t) => t.keys.some((k) => k.length >= 2 && v.startsWith(k))).map((t) => t.name));
    if (hits.size === 1) return [...hits][0];
  }
  return null;
}
