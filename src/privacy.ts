/**
 * The one place that finds personal numbers in text: mobile and landline phone numbers in
 * every form people write them, and resident ID numbers.
 */

import { toHalfWidth } from "./chat/text.ts";

/** A digit, half- or full-width. */
const D = "[0-9０-９]";
/** One separator people put inside a number: space, dash, dot, middle dot. */
const S = "[ \\u00a0\\u3000\\-‐‑–—－.·]";
/** Optional country code: +86, 0086, 86, (+86), （+86）. */
const CC = `(?:[(（]?[+＋]?(?:00)?86[)）]?${S}?)?`;

/** Mobiles: 11 digits from 1[3-9], separators anywhere between digits, optional +86. */
const MOBILE = new RegExp(`(?<![0-9０-９])${CC}([1１]${S}?[3-9３-９](?:${S}?${D}){9})(?![0-9０-９])`, "g");
/**
 * Landlines with an area code: 0751-3321234, 0751 332 1234, (0751)3321234, 010-12345678,
 * +86 751 3321234 (international form drops the 0).
 */
const LANDLINE = new RegExp(
  `(?<![0-9０-９])(?:[(（]${S}?(0${D}{2,3})${S}?[)）]|(0[1-9]${D}{1,2})|[+＋](?:00)?86${S}?([1-9]${D}{1,2}))${S}?([1-9]${D}{2,3})${S}?(${D}{4})(?![0-9０-９])`,
  "g",
);
/** Resident ID numbers: 6-digit region, birth date, 3 digits and a check digit (or X). */
const ID_NUMBER = /(?<![0-9０-９])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9０-９A-Za-z])/g;

/** The digits of a matched number, half-width. */
const half = (s: string) => toHalfWidth(s).replace(/\D/g, "");

function maskMobile(match: string, number: string): string {
  const digits = half(number);
  return `${match.slice(0, match.length - number.length)}${digits.slice(0, 3)}****${digits.slice(7)}`;
}

function maskLandline(_m: string, paren: string | undefined, area: string | undefined, intl: string | undefined, _head: string, tail: string): string {
  const code = paren ?? area ?? `0${intl}`;
  return `${half(code)}-****${half(tail)}`;
}

/**
 * Masks every mobile and landline number in a text, whatever its spacing: 138****5678,
 * 0751-****1234. Used for every message to a group and for every log line.
 */
export function maskPhones(text: string): string {
  return text.replace(MOBILE, maskMobile).replace(LANDLINE, maskLandline);
}

/** Masks phone numbers and resident ID numbers (110…1234 → 110***********1234). */
export function maskPersonal(text: string): string {
  return maskPhones(text).replace(ID_NUMBER, (id) => `${id.slice(0, 3)}${"*".repeat(id.length - 7)}${id.slice(-4)}`);
}

/** The phone numbers in a text, as digits (mobiles: 11 digits; landlines: area code and number). */
export function phoneNumbers(text: string): string[] {
  const out: string[] = [];
  const rest = text.replace(MOBILE, (_m, number: string) => (out.push(half(number)), " "));
  for (const m of rest.matchAll(LANDLINE)) out.push(half(m[1] ?? m[2] ?? `0${m[3]}`) + half(m[4]) + half(m[5]));
  return out;
}

/** The text with its phone numbers taken out (each replaced by a space). */
export function withoutPhones(text: string): string {
  return text.replace(MOBILE, " ").replace(LANDLINE, " ");
}

/** True when the text holds a phone number in any written form. */
export function containsPhone(text: string): boolean {
  return phoneNumbers(text).length > 0;
}

/** What goes out to a group chat: personal numbers masked. The outbox calls this for room messages. */
export function forGroup(text: string): string {
  return maskPersonal(text);
}
