/**
 * Parses the official hierarchy of a Chinese policy document into clauses (a law-like
 * text — two or more articles 第…条 — is parsed by law.ts; see there for its places).
 *
 * Place-string convention (what `Clause.place` holds and answers cite):
 * - `通知` — the notice that issues the document (印发…的通知), addressee and text;
 * - `前言` — the preamble, between the document title and the first part;
 * - `正文` — the text of a document without numbered parts (a short notice), its addressee line included;
 * - `一` … `十` — a part (一、指导思想); its unnumbered body paragraphs share the place;
 * - `三（一）` — a section (（一）…) inside part 三;
 * - `三（一）1` — an item (1、 / 1． / 1. ) inside section 三（一）; `（1）` items append `（1）`;
 * - `二（一是）` — an enumerated point 一是/二是… inside 二 (whole paragraphs or inline
 *   runs such as “…：一是…；二是…。”);
 * - `第三章`, `第十条` — chapters and articles of regulations, kept as written;
 * - in Markdown, a heading without an official marker is its own place (its text).
 *
 * An unnumbered paragraph that follows numbered items belongs to the enclosing level, not
 * to the last item (in the opinions, the paragraph after 三（一）4 is 三（一）'s own text).
 * A lead sentence (（一）建立健全联席会议制度。…) becomes the clause's title; the clause
 * text keeps it, verbatim, without the numbering marker.
 */

import { looksLikeLaw, parseLaw, RE_LAW_ARTICLE } from "./law.ts";
import { clip, DOCUMENT_NUMBER, isIssuerName, issuerFromTitle, ISSUING_NOTICE, quotedName, shortNameOf, signatureOf } from "./meta.ts";
import type { DocMeta } from "./types.ts";

/** One clause of a document, with its place and heading path. */
export interface Clause {
  /** Place string, e.g. 三（二）2; see the module comment. */
  place: string;
  /** The clause's own title (heading or lead sentence). */
  title: string;
  /** Titles from the top of the hierarchy down to this clause, inclusive. */
  headings: string[];
  /** Verbatim clause text (cleaned of noise, numbering marker removed). */
  text: string;
  /** `heading`: a bare heading line; `clause`: text. */
  kind: "heading" | "clause";
  /** Parts of an article of a law with their own places (款, 项, 目: 第十一条第一款第（二）项), in order. */
  parts?: Array<{ place: string; text: string }>;
}

const CN = "[一二三四五六七八九十]{1,3}";
const RE_PART = new RegExp(`^(${CN})、\\s*(.*)$`);
const RE_SECTION = new RegExp(`^[（(](${CN})[）)]\\s*(.*)$`);
const RE_ITEM = /^(\d{1,2})\s*[、．.](?!\d)\s*(.*)$/;
const RE_SUBITEM = /^[（(](\d{1,2})[）)]\s*(.*)$/;
const RE_POINT = new RegExp(`^(${CN})是(.+)$`);
/** A point inside a paragraph, at its start or after a punctuation mark (…：一是…；二是…). */
const RE_INLINE_POINT = new RegExp(`(?<=^|[。；：:，])(${CN})是`, "g");
const RE_CHAPTER = /^(第[一二三四五六七八九十百零]+[章节编])\s*(.*)$/;
const RE_ARTICLE = /^(第[一二三四五六七八九十百零]+条)\s*(.*)$/;
/** A line naming whom a notice addresses: 各乡镇工会：, 各镇（街）总工会、县直各单位工会： */
const RE_ADDRESSEE = /^[^。；，,]{2,40}[：:]$/;
const RE_DOC_TITLE = /^(?:[^，。；：]{2,30}?)?关于.{2,80}(实施意见|意见|办法|方案|规定|通知|决定|细则|制度|规划|纲要|条例)$/;
/** 附件 (attachments) of an official document: 附件：1．… / 附件1 / 附件. */
const RE_ATTACHMENT = /^附\s*件\s*([:：]|\d{1,2}|[一二三四五六七八九十]{1,2}|$)/;
/**
 * Numbered paragraphs, tried in order: the number's marker is bracketed as written for a section (（一）) or a
 * sub-item (（1）); items (depth 3 and 4) are left by a following plain paragraph.
 */
const NUMBERED: Array<{ re: RegExp; bracketed: boolean; depth: number }> = [
  { re: RE_PART, bracketed: false, depth: 1 },
  { re: RE_CHAPTER, bracketed: false, depth: 1 },
  { re: RE_SECTION, bracketed: true, depth: 2 },
  { re: RE_ARTICLE, bracketed: false, depth: 3 },
  { re: RE_ITEM, bracketed: false, depth: 3 },
  { re: RE_SUBITEM, bracketed: true, depth: 4 },
];

/** The title of an item: its lead sentence, cut short when long. */
function leadTitle(text: string): string {
  const stop = text.search(/[。；]/);
  if (stop < 0) return text.length <= 40 ? text : `${text.slice(0, 20)}…`;
  const first = text.slice(0, stop);
  if (first.length <= 40) return first;
  const comma = first.search(/[，：]/);
  return comma > 0 && comma <= 24 ? first.slice(0, comma) : `${first.slice(0, 20)}…`;
}

interface Level {
  /** Marker relative to the parent (三, （一）, 1, （一是）, ·标题). */
  marker: string;
  title: string;
  /** 1 part, 2 section, 3 item, 4 sub-item; a point (一是) half a level below; a Markdown heading its level / 10. */
  depth: number;
}

/** Splits a paragraph with an inline enumeration (…：一是…；二是…。) into its lead and points. */
function splitInlinePoints(text: string): { lead: string; points: Array<{ num: string; text: string }> } | null {
  const hits = [...text.matchAll(RE_INLINE_POINT)];
  if (hits.length < 2 || hits[0][1] !== "一" || hits[1][1] !== "二") return null;
  const points = hits.map((h, i) => ({ num: h[1], text: text.slice(h.index, hits[i + 1]?.index ?? text.length) }));
  return { lead: text.slice(0, hits[0].index), points };
}

/** One Markdown-aware input paragraph: either a heading (with level) or text. */
export interface Paragraph {
  text: string;
  /** Markdown heading level (1–6), absent for ordinary text. */
  heading?: number;
}

/**
 * Builds the clause list of a document from its cleaned paragraphs: a law-like text (two
 * or more articles 第…条) by `parseLaw`, anything else as an official document.
 * `fallbackTitle` names a document without a recognisable title (its file name). The
 * signature at the end (issuer, date) is metadata, not a clause.
 */
export function parseStructure(paragraphs: Paragraph[], fallbackTitle: string): DocMeta & { clauses: Clause[] } {
  const { rest, banner } = withoutMasthead(withoutImprint(paragraphs));
  const sig = signature(rest);
  const body = sig ? [...rest.slice(0, sig.start), ...rest.slice(sig.start + sig.lines)] : rest;
  if (isLaw(body)) {
    const cover = coverNotice(body);
    const law = cover?.rest ?? body;
    // Attachments after the articles (附件：…, 附录) are parts of their own, not more paragraphs of the last article.
    const at = law.findIndex((p, k) => RE_LAW_ATTACHMENT.test(p.text) && law.slice(0, k).some((q) => RE_LAW_ARTICLE.test(q.text)));
    const { title, note, clauses } = parseLaw(at < 0 ? law : law.slice(0, at), fallbackTitle);
    const all = [...(cover ? [cover.clause] : []), ...clauses, ...(at < 0 ? [] : attachmentClauses(law.slice(at)))];
    const issuer = note?.issuer ?? cover?.sig?.issuer ?? sig?.issuer ?? null;
    return { title, shortName: shortNameOf(title), issuer, date: note?.date ?? cover?.sig?.date ?? sig?.date ?? null, family: "law", clauses: all };
  }
  const { title, clauses } = parseOfficial(body, fallbackTitle);
  // A text without numbered parts (a short notice) is all body: 正文, not a preamble before parts.
  if (clauses.every((c) => c.place === "前言" || c.place === "通知" || c.place === "附件")) {
    for (const c of clauses) if (c.place === "前言") Object.assign(c, { place: "正文", title: "正文", headings: ["正文"] });
  }
  return { title, shortName: shortNameOf(title), issuer: sig?.issuer ?? banner ?? issuerFromTitle(title), date: sig?.date ?? null, family: "official", clauses };
}

/**
 * The lines an official document prints above its title (GB/T 9704's 版头): the issuer's banner (始兴县总工会文件), the
 * document number (始工发〔2026〕12号, with 签发人), 份号, 密级 and 紧急程度; the banner names the issuer.
 */
const RE_MASTHEAD = /^(?:[\u4e00-\u9fa5（）()、]{2,40}文件|签发人[:：].{0,10}|份号.{0,10}|\d{6}|(?:绝密|机密|秘密)(?:★.{0,10})?|特急|加急|特提|平急)$/;

/** The paragraphs without the masthead, and the issuer its banner names. */
function withoutMasthead(paragraphs: Paragraph[]): { rest: Paragraph[]; banner: string | null } {
  const short = (p: Paragraph) => !p.heading && p.text.length <= 40 && !/[。；，：:]/.test(p.text.replace(/签发人[:：].*$/, ""));
  const head = (p: Paragraph) => short(p) && (RE_MASTHEAD.test(p.text) || DOCUMENT_NUMBER.test(p.text));
  let k = 0;
  while (k < paragraphs.length && head(paragraphs[k])) k++;
  // A banner without 文件 (始兴县总工会办公室) is an issuer's name right above the title.
  const title = paragraphs.findIndex((p) => RE_DOC_TITLE.test(p.text) || ISSUING_NOTICE.test(p.text));
  if (title === k + 1 && !paragraphs[k].heading && isIssuerName(paragraphs[k].text)) k = title;
  const banner = paragraphs.slice(0, k).map((p) => p.text.replace(/文件$/, "")).find((t) => isIssuerName(t) && !DOCUMENT_NUMBER.test(t)) ?? null;
  return { rest: paragraphs.slice(k), banner };
}

/** The lines closing an official document (版记): 抄送：…, …办公室 2026年11月20日印发, （此件公开发布）. */
const RE_IMPRINT = /^(?:抄送|抄报|分送)[:：]|印发$|^[（(]此件.{2,10}[）)]$/;

function withoutImprint(paragraphs: Paragraph[]): Paragraph[] {
  let n = paragraphs.length;
  while (n > 0 && RE_IMPRINT.test(paragraphs[n - 1].text.trim())) n--;
  return paragraphs.slice(0, n);
}

/** The signature (issuer, date alone on its line): at the end, or before the attachments printed after it (附件1 …). */
function signature(paragraphs: Paragraph[]): { issuer: string | null; date: string; start: number; lines: number } | null {
  const ends = [paragraphs.length, ...paragraphs.flatMap((p, i) => (i > 1 && RE_ATTACHMENT.test(p.text) ? [i] : []))];
  for (const end of ends) {
    const sig = signatureOf(paragraphs.slice(0, end));
    if (sig) return { ...sig, start: end - sig.lines };
  }
  return null;
}

/**
 * A notice issuing the rules below it (关于印发《…办法》的通知, its addressee and text, signed), up to the rules' own title:
 * its text as the clause 通知, its signature (the issuer and date of the rules), and the rules from their title on.
 */
function coverNotice(body: Paragraph[]): { clause: Clause; sig: ReturnType<typeof signatureOf>; rest: Paragraph[] } | null {
  const first = body[0]?.text ?? "";
  const quoted = ISSUING_NOTICE.test(first) ? quotedName(first) : undefined;
  const end = quoted ? body.findIndex((p, k) => k > 0 && p.text === quoted) : -1;
  if (end < 0) return null;
  const sig = signatureOf(body.slice(1, end));
  return { clause: noticeClause(first, body.slice(1, end - (sig?.lines ?? 0))), sig, rest: body.slice(end) };
}

/** The clause of a notice issuing a document (place 通知): its addressee (各单位：) runs on into its text. */
function noticeClause(first: string, paragraphs: Paragraph[]): Clause {
  const text = paragraphs.reduce((acc, p) => (acc && !/[：:]$/.test(acc) ? `${acc}\n${p.text}` : acc + p.text), "");
  return { place: "通知", title: first, headings: [first], text, kind: "clause" };
}

/** A law-like text: two or more articles, not only inside an official document's attachment (一、… 附件：…奖励办法 第一条…). */
function isLaw(body: Paragraph[]): boolean {
  const before = body.slice(0, Math.max(0, body.findIndex((p) => RE_ATTACHMENT.test(p.text))));
  // Not when numbered like a notice (一、…) and without two articles before the attachment.
  return looksLikeLaw(body) && !(before.some((p) => isNumbered(p.text)) && !looksLikeLaw(before));
}

/** The line opening an attachment after a law's articles (附件：最低工资标准测算方法, 附件2, 附录：), with its title when written on the same line. */
const RE_LAW_ATTACHMENT = /^(附件[一二三四五六七八九十\d]*|附录[一二三四五六七八九十\d]*)(?:[：:．.、\s]\s*(.{0,40}))?$/;

/**
 * The clauses of a law's attachments (paragraphs from the first attachment line): each attachment is
 * parsed as an official document (一、…（一）…) under its own place (附录一（一）).
 */
function attachmentClauses(paragraphs: Paragraph[]): Clause[] {
  const starts = paragraphs.flatMap((p, k) => (RE_LAW_ATTACHMENT.test(p.text) ? [k] : []));
  return starts.flatMap((start, n) => {
    const [, marker, inline] = RE_LAW_ATTACHMENT.exec(paragraphs[start].text)!;
    const parsed = parseOfficial(paragraphs.slice(start + 1, starts[n + 1]), inline || marker);
    const title = inline || parsed.title;
    const heading: Clause = { place: marker, title, headings: [title], text: title, kind: "heading" };
    return [heading, ...parsed.clauses.map((c) => ({ ...c, place: c.place === "前言" ? marker : marker + c.place, headings: [title, ...c.headings.filter((h) => h !== "前言")] }))];
  });
}

/** Title and clauses of an official document (公文). */
function parseOfficial(paragraphs: Paragraph[], fallbackTitle: string): { title: string; clauses: Clause[] } {
  const clauses: Clause[] = [];
  let i = 0;
  let stack: Level[] = [];
  /** The last paragraph was a numbered item or point: a following plain paragraph leaves it. */
  let inItem = false;

  const enter = (lvl: Level) => {
    stack = [...stack.filter((l) => l.depth < lvl.depth), lvl];
  };
  const add = (kind: Clause["kind"], text: string) => {
    const place = stack.map((l) => l.marker).join("") || "前言";
    const last = clauses[clauses.length - 1];
    // An addressee line (各乡镇工会：) runs on into the text it addresses.
    if (place === "前言" && last?.place === "前言" && RE_ADDRESSEE.test(last.text)) last.text += text;
    else clauses.push({ place, title: stack[stack.length - 1]?.title ?? "前言", headings: stack.length ? stack.map((l) => l.title) : ["前言"], text, kind });
  };
  /** A point 一是…: half a level below the innermost numbered level (a point's siblings share its depth). */
  const point = (num: string, text: string): Level => ({ marker: `（${num}是）`, title: leadTitle(text.slice(num.length + 1)), depth: Math.floor(stack[stack.length - 1]?.depth ?? 0) + 0.5 });
  /** Inline points (…：一是…；二是…。), each a clause; the enclosing level stays the innermost. */
  const addPoints = (points: Array<{ num: string; text: string }>) => {
    const saved = stack;
    for (const pt of points) {
      enter(point(pt.num, pt.text));
      add("clause", pt.text);
    }
    stack = saved;
  };
  const numbered = (marker: string, rest: string, depth: number) => {
    enter({ marker, title: rest ? leadTitle(rest) : marker, depth });
    const inline = splitInlinePoints(rest);
    // A sentence, or a statement leading into sub-items (…每人慰问金1500元，其中：), is text; a bare title is a heading.
    add(inline || /[。；！？]|，.*[：:]$/.test(rest) ? "clause" : "heading", inline?.lead || rest || marker);
    if (inline) addPoints(inline.points);
  };

  // The notice that issues the document, then the document title.
  const first = paragraphs[0]?.text ?? "";
  if (!paragraphs[0]?.heading && ISSUING_NOTICE.test(first)) {
    i = 1;
    // It runs to the document's title: a title line, or the name the notice quotes (印发《…方案》的通知 … …方案).
    const quoted = quotedName(first);
    const isTitle = (t: string) => RE_DOC_TITLE.test(t) || t === quoted;
    while (i < paragraphs.length && !paragraphs[i].heading && !isTitle(paragraphs[i].text) && !RE_PART.test(paragraphs[i].text)) i++;
    if (i > 1) clauses.push(noticeClause(first, paragraphs.slice(1, i)));
  }
  // A Markdown title, a title line (…关于…的意见), else a short first line that is no sentence or numbered paragraph.
  const cand = paragraphs[i];
  const titleLine = (t: string) => RE_DOC_TITLE.test(t) || (!paragraphs.some((p) => p.heading === 1) && t.length <= 40 && !/[。；]/.test(t) && !isNumbered(t));
  let title = cand && (cand.heading === 1 || (!cand.heading && titleLine(cand.text))) ? paragraphs[i++].text : "";
  // A title broken over two lines (关于开展2027年全县职工技能竞赛 / 活动的通知).
  const more = paragraphs[i]?.text ?? "";
  if (title && !RE_DOC_TITLE.test(title) && !paragraphs[i]?.heading && more.length <= 20 && RE_DOC_TITLE.test(title + more)) title += paragraphs[i++].text;
  title ||= quotedName(clauses[0]?.title ?? "") ?? fallbackTitle;

  for (; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    const text = p.text;
    // 附件: the list of attachments (and any attachment text after it) is one clause of its own.
    if (RE_ATTACHMENT.test(text)) {
      const rest = paragraphs.slice(i).map((x) => x.text);
      clauses.push({ place: "附件", title: "附件", headings: ["附件"], text: rest.join("\n"), kind: "clause" });
      break;
    }
    if (p.heading) {
      const official = RE_PART.exec(text) ?? RE_CHAPTER.exec(text);
      if (official) {
        numbered(official[1], official[2], 1);
      } else {
        const depth = p.heading / 10;
        enter({ marker: (stack.some((l) => l.depth < depth) ? "·" : "") + clip(text), title: text, depth });
        add("heading", text);
      }
      inItem = false;
      continue;
    }
    const level = NUMBERED.find((n) => n.re.test(text));
    if (level) {
      const [, num, rest] = level.re.exec(text)!;
      numbered(level.bracketed ? `（${num}）` : num, rest, level.depth);
      inItem = level.depth >= 3;
      continue;
    }
    const inline = splitInlinePoints(text);
    const pt = RE_POINT.exec(text);
    if (pt && !inline) {
      enter(point(pt[1], text));
      add("clause", text);
      inItem = true;
      continue;
    }
    // A plain paragraph after numbered items belongs to the enclosing level.
    if (inItem) stack = stack.slice(0, -1);
    inItem = false;
    if (!inline) add("clause", text);
    else {
      if (inline.lead) add("clause", inline.lead);
      addPoints(inline.points);
    }
  }

  return { title, clauses };
}

const isNumbered = (text: string) => NUMBERED.some((n) => n.re.test(text));

/**
 * Splits clause text into sentences at 。！？；, keeping closing quotes and brackets with
 * their sentence; fragments shorter than 12 characters are merged into the following sentence.
 */
export function splitSentences(text: string): string[] {
  const parts = text.match(/[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)]*|\n|$)/g) ?? [text];
  const out: string[] = [];
  let carry = "";
  for (const raw of parts) {
    const s = raw.replace(/\n$/, "");
    if (!s.trim()) continue;
    carry += s;
    if (carry.length < 12) continue;
    out.push(carry);
    carry = "";
  }
  if (carry) {
    if (out.length) out[out.length - 1] += carry;
    else out.push(carry);
  }
  return out;
}
