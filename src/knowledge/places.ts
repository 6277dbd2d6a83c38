import { parseChineseNumber, searchForm, toSimplified } from "./normalize.ts";

/** The structural skeleton of one document: places in order, parents and titles. */
export interface Outline {
  source: string;
  /** Places of clauses and headings, in document order, without duplicates. */
  places: string[];
  titles: Map<string, string>;
}

/** Parent of a place: its longest proper prefix that is itself a place ("" for the root). */
function parentPlace(place: string, known: Set<string>): string {
  for (let n = place.length - 1; n > 0; n--) {
    const p = place.slice(0, n);
    if (known.has(p)) return p;
  }
  return "";
}

/** Direct children of a place ("" = the root) in document order; the notice and preamble are not numbered parts. */
export function childrenOf(outline: Outline, place: string): string[] {
  const known = new Set(outline.places);
  return outline.places.filter((p) => p !== place && p !== "通知" && p !== "前言" && parentPlace(p, known) === place);
}

/** A structural reference found in a question. */
type StructuralHint = { source: string; place: string };

const ORDINAL = /第(\d+)(部分|大部分|大项|章|节|条|点|项|个|款|方面|段)/g;
const EXPLICIT = /([一二三四五六七八九十]{1,3})[、.]?[（(]([一二三四五六七八九十]{1,3})[）)](\d{1,2})?/;

/**
 * Finds the places a question points at: explicit places (三（二）2), ordinals
 * (第三部分第二条, 工作措施的第一条) anchored on part or section titles when named.
 */
export function structuralHints(question: string, outlines: Outline[]): StructuralHint[] {
  const form = searchForm(question);
  const out: StructuralHint[] = [];
  const explicit = EXPLICIT.exec(toSimplified(question).normalize("NFKC"));
  const explicitPlace = explicit && `${explicit[1]}（${explicit[2]}）${explicit[3] ?? ""}`;
  const ordinals = [...form.matchAll(ORDINAL)].map((m) => ({ n: Number(m[1]), unit: m[2] }));
  const lawHints: StructuralHint[] = [];
  /** A part named by its title or written out (工作措施的第一条, 三（二）2): an official document's own numbering, not a law's article. */
  let anchored = false;
  // 第三部分第二条 counts parts and items of an official document, not articles.
  const partsCounted = /第\d+(?:部分|大部分|大项|方面)/.test(form);
  for (const o of outlines) {
    if (isLawOutline(o)) {
      const place = partsCounted ? null : lawReference(form, o);
      if (place) lawHints.push({ source: o.source, place });
      continue;
    }
    if (explicitPlace && o.places.includes(explicitPlace)) {
      out.push({ source: o.source, place: explicitPlace });
      anchored = true;
      continue;
    }
    let anchor: string | null = null;
    for (const p of o.places) {
      const t = o.titles.get(p);
      if (!t || t.length < 2 || t.length > 12) continue;
      if (form.includes(searchForm(t)) && (anchor === null || p.length > anchor.length)) anchor = p;
    }
    if (!ordinals.length) {
      if (anchor !== null && /是什么|讲什么|讲的|讲了|说的|有哪|包括|内容|哪几|几条|几个方面/.test(form)) {
        out.push({ source: o.source, place: anchor });
        anchored = true;
      }
      continue;
    }
    // Without a named part or section, a bare ordinal (第三条) counts only when the question says nothing else.
    if (anchor === null && !ordinals.some((o) => /部分|章/.test(o.unit)) && ordinalRest(form).length > 0) continue;
    let at: string = anchor ?? "";
    for (const { n } of ordinals) {
      at = childrenOf(o, at)[n - 1] ?? "";
      if (!at) break;
    }
    if (at) out.push({ source: o.source, place: at });
    if (at && anchor !== null) anchored = true;
  }
  return anchored ? out : [...out, ...lawHints];
}

const ARTICLE_PLACE = /^第([一二三四五六七八九十百千零〇两]+)条(?:之([一二三四五六七八九十]+))?$/;

/** The articles (第…条) of an outline: two or more make it a law's. */
const articlesOf = (o: Outline) => o.places.filter((p) => ARTICLE_PLACE.test(p));
const isLawOutline = (o: Outline) => articlesOf(o).length >= 2;

/** Reference to an article (第43条, 第11条之1) or a heading (第3章, 第2编, 第1节) in a question's search form. */
const LAW_ARTICLE_REF = /第(\d+)条(?:之(\d+))?/;
const LAW_HEADING_REF = /第(\d+)(编|章|节)/g;

/**
 * The place a question points at in a law: an article by number (第四十三条 → 第四十三条,
 * whatever 款/项 follow), else the last heading it names (第三章, 第二编第三章第一节),
 * matched on the end of the heading chain.
 */
function lawReference(form: string, o: Outline): string | null {
  const a = LAW_ARTICLE_REF.exec(form);
  if (a) {
    const same = (m: RegExpExecArray | null) => m !== null && parseChineseNumber(m[1]) === Number(a[1]) && (m[2] ? parseChineseNumber(m[2]) : 0) === Number(a[2] ?? 0);
    return o.places.find((p) => same(ARTICLE_PLACE.exec(p))) ?? null;
  }
  const refs = [...form.matchAll(LAW_HEADING_REF)];
  if (!refs.length) return null;
  const wanted = refs.map((r) => `第${r[1]}${r[2]}`).join("");
  const headingForm = (p: string) => p.replace(/第([一二三四五六七八九十百零〇两]+)(编|分编|章|节)/g, (_, n: string, u: string) => `第${parseChineseNumber(n)}${u}`);
  return o.places.find((p) => !ARTICLE_PLACE.test(p) && headingForm(p).endsWith(wanted)) ?? null;
}

/**
 * An article the question asks for by number alone (第四十三条讲的啥) that no law of the
 * outlines has: the number and how many articles each law has. Null otherwise.
 */
export function missingArticle(question: string, outlines: Outline[]): { asked: string; laws: Array<{ source: string; articles: number }> } | null {
  const form = searchForm(question);
  const m = LAW_ARTICLE_REF.exec(form);
  const laws = outlines.filter(isLawOutline);
  if (!m || !laws.length || ordinalRest(form.replace(LAW_ARTICLE_REF, "")).length > 0 || laws.some((o) => lawReference(form, o))) return null;
  return { asked: /第[^条]+条(之[^，。？?]+)?/.exec(toSimplified(question))?.[0] ?? m[0], laws: laws.map((o) => ({ source: o.source, articles: articlesOf(o).length })) };
}

/** The question without its ordinals and interrogative filler: what else it asks about. */
function ordinalRest(form: string): string {
  return form
    .replace(ORDINAL, "")
    .replace(/[的是什么讲说啥了呢吗哪内容规定具体一下请问写有那这个条款里面中？?！!，,。\s]/g, "");
}
