import { normalizeLine, stripInvisible } from "./normalize.ts";

/**
 * A run that looks like an encoded blob (base64 and the like): at least 40 characters of
 * [A-Za-z0-9+/=], possibly broken over lines, mixing upper case, lower case and digits.
 */
const BLOB = /[A-Za-z0-9+/=]{16,}(?:\s+[A-Za-z0-9+/=]{16,})*/g;

function looksEncoded(run: string): boolean {
  const s = run.replace(/\s+/g, "");
  return s.length >= 40 && /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s);
}

/**
 * Removes encoded blobs together with brackets that only enclosed them, then empty
 * bracket pairs left behind.
 */
export function stripBlobs(text: string): string {
  let s = text.replace(BLOB, (m) => (looksEncoded(m) ? "\ue000" : m));
  s = s.replace(/[(（]\s*\ue000\s*[)）]/g, "").replace(/\ue000/g, "");
  return s.replace(/[(（]\s*[)）]/g, "");
}

/**
 * Cleans a raw document into trimmed, normalised, non-empty paragraphs: blobs and
 * invisible characters removed, whitespace and full-width alphanumerics normalised.
 */
export function cleanParagraphs(raw: string): string[] {
  return stripBlobs(stripInvisible(raw))
    .split("\n")
    .map(normalizeLine)
    .filter((l) => l.length > 0);
}
