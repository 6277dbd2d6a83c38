/**
 * Parses laws, regulations, rules and charters (编/章/节/条, 款, 项, 目) into clauses.
 *
 * - 编, 分编, 章, 节 are headings; their place joins the chain (第二编第三章第一节) so that
 *   chapters restarting in each 编 stay distinct.
 * - An article (第十一条, 第十一条之一) is one clause, cited by its own number only
 *   (articles are numbered through the whole text), with every paragraph until the next
 *   article or heading: its 款 (paragraphs), 项 (（一） items) and 目 (1. items of an item).
 * - Each 款, 项 and 目 is also a part with its own place, cited the way people cite them:
 *   第七条第二款, 第十一条第一款第（二）项, 第十六条第一款第（一）项第1目. A single-paragraph
 *   article leaves out 第一款 (第十二条第（二）项).
 * - The text before the first heading or article (序言, 总则 of a charter, a preamble) is
 *   its own clause under the heading it follows, or 前言.
 * - A 目录 (table of contents) is skipped.
 */
import { adoptionNote, datesIn, DOCUMENT_NUMBER, ISSUING_NOTICE, quotedName } from "./meta.ts";
import type { Clause, Paragraph } from "./structure.ts";

const NUM = "[一二三四五六七八九十百千零〇两]+";
/** A numbered heading: 编, 分编, 章, 节. */
const RE_HEADING = new RegExp(`^第(${NUM})(分编|编|章|节)\\s*(.*)$`);
const RANKS: Record<string, number> = { 编: 0, 分编: 1, 章: 2, 节: 3 };
export const RE_LAW_ARTICLE = new RegExp(`^(第${NUM}条(?:之${NUM})?)(?!(?:第${NUM}[款项]|第[（(]${NUM}[）)]项)?(?:规定|所称|所列|的规定))\\s*(.*)$`);
const RE_ITEM = new RegExp(`^[（(](${NUM})[）)]\\s*(.*)$`);
const RE_SUBITEM = /^(?:(\d{1,2})\s*[、．.](?!\d)|[（(](\d{1,2})[）)])\s*(.*)$/;
const RE_TOC = /^目\s*录$/;
/** Unnumbered headings of charters and laws (序言, 总则 …). */
const RE_PLAIN_HEADING = /^(序言|总则|附则|分则)$/;

/** True when the paragraphs are those of a law-like text: at least two articles (第一条 …). */
export function looksLikeLaw(paragraphs: Paragraph[]): boolean {
  return paragraphs.filter((p) => RE_LAW_ARTICLE.test(p.text)).length >= 2;
}

interface Heading {
  /** 0 编, 1 分编, 2 章, 3 节, 4 an unnumbered heading (总则). */
  rank: number;
  marker: string;
  title: string;
}

/** A paragraph that is a heading of the law (a 章 or 节 followed by a sentence is not), or null. */
function headingOf(text: string): Heading | null {
  if (RE_PLAIN_HEADING.test(text)) return { rank: 4, marker: text, title: text };
  const m = RE_HEADING.exec(text);
  if (!m || (RANKS[m[2]] >= 2 && /[。；]/.test(m[3]))) return null;
  return { rank: RANKS[m[2]], marker: `第${m[1]}${m[2]}`, title: m[3] || `第${m[1]}${m[2]}` };
}

/** Title lines, adoption note and clauses of a law-like text. */
export function parseLaw(paragraphs: Paragraph[], fallbackTitle: string): { title: string; note: ReturnType<typeof adoptionNote>; clauses: Clause[] } {
  let i = 0;
  const titleLines: string[] = [];
  const isTitleLine = (t: string) => t.length <= 40 && !/[。；，：]|^[（(]/.test(t) && !RE_LAW_ARTICLE.test(t) && !headingOf(t) && !RE_TOC.test(t) && !datesIn(t).length && !DOCUMENT_NUMBER.test(t);
  while (i < paragraphs.length && titleLines.length < 2 && isTitleLine(paragraphs[i].text)) titleLines.push(paragraphs[i++].text);
  // The adoption note: one bracketed line, or one line per step (…通过 / …修正).
  const noteLines: string[] = [];
  while (i < paragraphs.length && !RE_LAW_ARTICLE.test(paragraphs[i].text) && adoptionNote(paragraphs[i].text)) noteLines.push(paragraphs[i++].text);
  const note = noteLines.length ? adoptionNote(noteLines.join(" ")) : null;
  // A notice issuing the text (工资支付暂行规定 / 关于印发《工资支付暂行规定》的通知) names it; it is no part of the title.
  const own = titleLines.filter((t) => !ISSUING_NOTICE.test(t));
  const title = own.join("") || titleLines.map(quotedName).find(Boolean) || fallbackTitle;
  return { title, note, clauses: lawBody(paragraphs.slice(i)) };
}

/** The clauses of a law-like text (paragraphs after the title and the adoption note). */
function lawBody(paragraphs: Paragraph[]): Clause[] {
  const clauses: Clause[] = [];
  let heads: Heading[] = [];
  // A table of contents lists headings that come again below: skip to the first repeat.
  const toc = paragraphs.findIndex((p) => RE_TOC.test(p.text.replace(/\s+/g, "")));
  if (toc >= 0 && toc < 3) {
    const first = paragraphs[toc + 1]?.text;
    const again = first ? paragraphs.findIndex((p, k) => k > toc + 1 && p.text === first) : -1;
    if (again > 0) paragraphs = [...paragraphs.slice(0, toc), ...paragraphs.slice(again)];
  }

  // Chapters numbered through the whole text (the usual case) are cited without their 编.
  const chapters = paragraphs.map((p) => RE_HEADING.exec(p.text)).flatMap((m) => (m?.[2] === "章" ? [m[1]] : []));
  const throughout = new Set(chapters).size === chapters.length;
  const place = () => heads.filter((h) => h.rank < 4 && !(throughout && h.rank < 2 && heads.some((x) => x.rank === 2))).map((h) => h.marker).join("");
  const titles = () => heads.map((h) => h.title);

  let article: { marker: string; paras: string[] } | null = null;
  const flush = () => {
    if (!article) return;
    clauses.push(articleClause(article.marker, article.paras, titles()));
    article = null;
  };

  for (const { text } of paragraphs) {
    const h = headingOf(text);
    if (h) {
      flush();
      heads = [...heads.filter((x) => x.rank < h.rank), h];
      clauses.push({ place: place() || h.marker, title: h.title, headings: titles(), text: h.title, kind: "heading" });
      continue;
    }
    const a = RE_LAW_ARTICLE.exec(text);
    if (a) {
      flush();
      article = { marker: a[1], paras: [a[2]] };
      continue;
    }
    if (article) {
      article.paras.push(text);
      continue;
    }
    // Text before any article: a preamble, or the body of an unnumbered heading (总则).
    const where = place() || heads[heads.length - 1]?.marker || "前言";
    const prev = clauses[clauses.length - 1];
    if (prev?.kind === "clause" && prev.place === where) prev.text += `\n${text}`;
    else clauses.push({ place: where, title: heads[heads.length - 1]?.title ?? "前言", headings: heads.length ? titles() : ["前言"], text, kind: "clause" });
  }
  flush();
  return clauses;
}

/** One article: its paragraphs become 款, （一） items 项, 1. items inside an item 目. */
function articleClause(marker: string, paras: string[], headTitles: string[]): Clause {
  const texts = paras.filter(Boolean);
  let kuan = 0;
  let item = "";
  const parts = texts.map((text) => {
    const it = RE_ITEM.exec(text);
    const sub = item ? RE_SUBITEM.exec(text) : null;
    if (it && kuan > 0) item = `第（${it[1]}）项`;
    else if (!sub) [kuan, item] = [kuan + 1, ""];
    return { kuan, place: item + (sub ? `第${sub[1] ?? sub[2]}目` : ""), text };
  });
  // 第一款 is named only when the article has more than one paragraph.
  const kuanName = (n: number) => (kuan > 1 ? `第${"一二三四五六七八九十"[n - 1] ?? n}款` : "");
  const named = parts.map((p) => ({ place: marker + kuanName(p.kuan) + p.place, text: p.text }));
  return { place: marker, title: marker, headings: [...headTitles, marker], text: texts.join("\n"), kind: "clause", parts: named.length > 1 ? named : undefined };
}
