/**
 * What a document says about itself: title, short name, issuer and date, read from the
 * places Chinese official texts state them — the title line (青岚市总工会关于…的通知), the
 * signature at the end (issuer, then date), the adoption note of a law in brackets under
 * its title (（2023年4月18日…常务委员会第九次会议通过 2025年6月20日…修订）).
 */
import { CANONICAL } from "./lexicon.ts";
import { parseChineseNumber } from "./normalize.ts";
import { generalIdfOf, getJieba } from "./segment.ts";
import type { Paragraph } from "./structure.ts";
import type { DocMeta } from "./types.ts";

const CN_DIGIT = "[〇零一二三四五六七八九十]";
/** A date written with digits or Chinese numerals: 2026年3月5日, 二〇二六年三月五日. */
const DATE = new RegExp(`(\\d{4}|${CN_DIGIT}{4})\\s*年\\s*(\\d{1,2}|${CN_DIGIT}{1,3})\\s*月\\s*(\\d{1,2}|${CN_DIGIT}{1,3})\\s*日`, "g");

/** Every date in a text, as YYYY-MM-DD, in order of appearance. */
export function datesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DATE)) {
    const [y, mo, d] = [parseChineseNumber(m[1]), parseChineseNumber(m[2]), parseChineseNumber(m[3])];
    if (y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) out.push(`${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  }
  return out;
}

/** Endings of the names of bodies that issue documents (常务委员会, 人民政府, 总工会, 党委 … end so too). */
const ISSUER_END = /(委员会|政府|工会|委|局|厅|部|院|办公室|办|中心|党组|协会|联合会|公司)$/;

/** The issuing body named at the start of a title (青岚市总工会关于…), or null. */
export function issuerFromTitle(title: string): string | null {
  const name = /^(.{2,30}?)关于/.exec(title)?.[1].replace(/[、，]$/, "");
  return name && ISSUER_END.test(name) ? name : null;
}

/** A line that is the name of an issuing body (始兴县总工会, 劳动部): short, no sentence, a body's ending. */
export const isIssuerName = (text: string) => text.length <= 30 && !/[。；：，]/.test(text) && ISSUER_END.test(text);

/** A notice issuing a document: 关于印发《工资支付暂行规定》的通知, 转发…的通知. */
export const ISSUING_NOTICE = /^(关于)?(印发|转发|下发).{2,80}(通知)$/;

/** The name a text quotes in 《》 (印发《工资支付暂行规定》的通知 → 工资支付暂行规定). */
export const quotedName = (text: string) => /《([^》]+)》/.exec(text)?.[1];

/** The number a document was issued under: 劳部发〔1994〕489号, 令第21号, 部令 第21号. */
export const DOCUMENT_NUMBER = /〔\d{4}〕\s*\d+\s*号|令\s*第\s*\d+\s*号/;

/**
 * The adoption note of a law (（…通过 …修订）, bracketed or not, its steps on one line or
 * several joined): the body and date of its latest step.
 */
export function adoptionNote(text: string): { issuer: string | null; date: string | null } | null {
  const m = /^[（(]?(.+?)[）)]?$/.exec(text.trim());
  // A step's verb, or the document number it was issued under (劳动部 一九九四年十二月六日 劳部发〔1994〕489号).
  if (!m || !(/(通过|修订|修正|公布|发布|施行|印发|执行)/.test(m[1]) || DOCUMENT_NUMBER.test(m[1])) || !datesIn(m[1]).length) return null;
  // Each step ends with its verb (…通过, …修订): the last one is the version in force.
  const steps = m[1].split(/(?<=通过|修订|修正|公布|发布|施行)[\s\u3000，、；;]*/).filter((s) => datesIn(s).length);
  const last = steps[steps.length - 1] ?? m[1];
  const date = datesIn(last)[0] ?? null;
  // The body before its meeting: 第九届全国人民代表大会常务委员会第二十四次会议, 经人力资源和社会保障部第6次部务会议 (根据… of an amendment left out);
  // else the body named before the date of a numbered document (劳动部).
  const body = last.replace(DATE, "").trim().match(/^(?:根据)?[\s\u3000]*经?(.+?)(?:第[\d一二三四五六七八九十百]+次)?(?:全体|部务|常务|局务|厅务|委务|主任|办公)?会议/)?.[1] ?? /^([\u4e00-\u9fa5]{2,20}?(?:部|厅|局|委员会|政府|总工会))(?=[\s\u3000]*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年)/.exec(m[1])?.[1] ?? null;
  return { issuer: body && body.length >= 3 ? body : null, date };
}

/** Trailing signature lines (issuer, then a date alone on its line; or both on one line), counted from the end. */
export function signatureOf(paragraphs: Paragraph[]): { issuer: string | null; date: string; lines: number } | null {
  const n = paragraphs.length;
  const last = paragraphs[n - 1]?.text.trim() ?? "";
  const dates = datesIn(last);
  const at = last.search(DATE);
  if (dates.length !== 1 || last.slice(at).replace(DATE, "").replace(/[（()）\s]/g, "")) return null;
  // The issuer and the date on one line (始兴县总工会\u3000\u30002026年12月20日).
  const before = last.slice(0, at).replace(/[（(\s\u3000]/g, "");
  if (before) return isIssuerName(before) ? { issuer: before, date: dates[0], lines: 1 } : null;
  const prev = paragraphs[n - 2]?.text.trim() ?? "";
  const issuer = isIssuerName(prev) ? prev : null;
  return { issuer, date: dates[0], lines: issuer ? 2 : 1 };
}

/** Name endings that say what kind of document it is, longest first. */
const KINDS = ["实施意见", "实施方案", "实施细则", "实施办法", "管理办法", "工作方案", "暂行规定", "暂行办法", "办法", "规定", "条例", "章程", "意见", "方案", "细则", "决定", "规划", "纲要", "通知", "规则", "法"];

/** The kind of a document from its title (条例, 通知, 实施意见 …), or "". */
function kindOf(title: string): string {
  const core = title.replace(/[（(][^）)]*[）)]$/, "");
  return KINDS.find((k) => core.endsWith(k)) ?? "";
}

/**
 * Prefixes naming a country, province, city or county before a law's own name; not a word the suffix begins (人力资源市场暂行条例:
 * 市场, not a city 人力资源市; nor 市政, 县级, 区域 …), nor the words of a title opening with 关于 (关于召开全县…, 关于加强城区…).
 */
const REGION = /^(?!关于)(中华人民共和国|[\u4e00-\u9fa5]{2,8}?(?<!全)(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗))(?![场政容民级域间])(?=[\u4e00-\u9fa5《]{3,})/;

/** A level of government a document speaks for (中华人民共和国…, 上海市…, 全县) or a question refers to (县里, 市里). */
export type Jurisdiction = "国" | "省" | "市" | "县";

/** How a document names its own jurisdiction (全县, 本市) and how a question refers to one (县里, 县总, 省里). */
const JURISDICTIONS = (["县", "市", "省"] as const).map((level) => ({
  level,
  self: new RegExp(`全${level}|本${level}`, "g"),
  asked: new RegExp(`${level}(?:里|上|总|委|政府)|(?:全|本|我们|咱们?)${level}`),
}));

/** The jurisdiction of a document: its title's region (中华人民共和国 → 国, 上海市 → 市), else how its text names itself (全县). */
export function jurisdictionOf(title: string, text: string): Jurisdiction | null {
  const region = REGION.exec(title)?.[1];
  if (region) return region === "中华人民共和国" ? "国" : /(省|自治区)$/.test(region) ? "省" : /(市|州|盟)$/.test(region) ? "市" : "县";
  const counts = JURISDICTIONS.map((j) => text.match(j.self)?.length ?? 0);
  const most = Math.max(...counts);
  return most > 0 ? JURISDICTIONS[counts.indexOf(most)].level : null;
}

/** The jurisdiction a question refers to (县里是怎么要求的, 县总说的…), if any. */
export function askedJurisdiction(question: string): Jurisdiction | null {
  return JURISDICTIONS.find((j) => j.asked.test(question))?.level ?? null;
}

/** The place a title's region names, without its kind (上海市工会条例 → 上海); none for a national title. */
export function placeOf(title: string): string | null {
  const region = REGION.exec(title)?.[1];
  return region && region !== "中华人民共和国" ? region.replace(/(?:省|自治区|市|自治州|州|盟|自治县|县|区|旗)$/, "") : null;
}

/** A title without its region prefix (中华人民共和国工会法 → 工会法, 青岚市职工权益保障条例 → 职工权益保障条例). */
export function withoutRegion(title: string): string {
  return title.startsWith("关于") ? title : title.replace(REGION, "");
}

/**
 * The citation name of a document: a law without its country (中华人民共和国工会法 → 工会法);
 * a long title by its kind (关于…的实施意见 → 实施意见); other titles as they are (cut past 20).
 */
export function shortNameOf(title: string): string {
  const inner = title.match(/《([^》]+)》/)?.[1] ?? title;
  if (inner.startsWith("中华人民共和国")) return inner.slice(7);
  if (inner.length <= 14) return inner;
  const kind = kindOf(inner);
  if (kind.length >= 2 && /关于/.test(inner)) return kind;
  return clip(inner);
}

/** A name or place cut past 20 characters. */
export const clip = (text: string) => (text.length <= 20 ? text : `${text.slice(0, 18)}…`);

/**
 * Identity of a document across versions: its title without version notes, spaces or
 * brackets; for an official document also its issuer (two counties' 实施意见 of one title
 * are different documents; a law's adoption note names a new 常委会 in each revision).
 */
export function documentKey(doc: Pick<DocMeta, "title" | "issuer" | "family">): string {
  const title = doc.title
    .normalize("NFKC")
    .replace(/[（(](?:试行|草案|修订|修正|\d{4}年[^）)]*)[）)]/g, "")
    .replace(/[\s《》“”"]/g, "");
  return doc.family === "official" && doc.issuer ? `${title}|${doc.issuer}` : title;
}

/**
 * Names a question may use for each document: title, short name, the title without its
 * region, and the kind alone (条例, 通知) when no other document is of that kind.
 */
function documentAliases(docs: Array<{ title: string; shortName: string }>): string[][] {
  const kinds = docs.map((d) => kindOf(d.title));
  return docs.map((d, i) => {
    const names = new Set([d.title, d.shortName, withoutRegion(d.title), withoutRegion(d.shortName)]);
    const k = kinds[i];
    if (k.length >= 2 && kinds.filter((x) => x === k).length === 1) {
      // 条例, and as the text calls itself: 本条例, 本意见 (for a 实施意见).
      names.add(k);
      names.add(`本${k}`);
      if (k.length > 2 && !kinds.some((x, j) => j !== i && x.endsWith(k.slice(-2)))) names.add(`本${k.slice(-2)}`);
    }
    return [...names].filter((n) => n.length >= 2 && !n.endsWith("…"));
  });
}

/**
 * Short names made unique across the base: two documents of one kind (通知, 通知) are
 * named by their titles without region, cut at 20 characters.
 */
export function distinctShortNames(docs: Array<{ title: string; shortName: string }>): string[] {
  const unique = (d: { shortName: string }) => docs.filter((x) => x.shortName === d.shortName).length === 1;
  return docs.map((d) => (unique(d) ? d.shortName : clip(withoutRegion(d.title).replace(/^.{0,30}?关于/, ""))));
}

/** Words after a bare kind (条例, 通知) that make it name a document: 条例里, 通知中, 条例第十条, 通知规定. */
const KIND_AS_NAME = /^[》]?(?:里|中|里面|上|规定|说|讲|提到|第|的第|关于|对)/;

/**
 * The document a question names (工会法里…, 《青岚市职工权益保障条例》第十条, 条例第十一条), with
 * the question minus that name; null when it names none. The longest name wins; a bare
 * kind (条例, 通知) counts only at the start or followed by 里/中/第/规定….
 */
export function namedDocument<D extends { title: string; shortName: string }>(question: string, docs: D[]): { doc: D; name: string; rest: string } | null {
  const q = question.normalize("NFKC");
  const aliases = documentAliases(docs);
  let best: { doc: D; name: string; at: number; rank?: number } | null = null;
  for (const [i, doc] of docs.entries()) {
    const place = placeOf(doc.title);
    for (const name of aliases[i]) {
      const at = q.indexOf(name);
      if (at < 0) continue;
      // Of two names as long, this document's wins when the words before it name its place (广东劳动保障监察条例), or when it is
      // its own title (劳动保障监察条例) or short name and the other's a title without its region (广东省劳动保障监察条例).
      const rank = place && q.slice(Math.max(0, at - 4), at).includes(place) ? 3 : name === doc.title ? 2 : name === doc.shortName ? 1 : 0;
      if (best && (best.name.length > name.length || (best.name.length === name.length && (best.rank ?? 0) >= rank))) continue;
      const bare = name === kindOf(doc.title) || name.length <= 2;
      const after = q.slice(at + name.length);
      if (bare && !KIND_AS_NAME.test(after) && (at > 0 || !/^[》\s]/.test(after))) continue;
      best = { doc, name, at, rank };
    }
  }
  // A name inside a longer shortened name (工会法 in 北京实施工会法办法) names the longer one's document.
  const shortened = shortenedName(q, docs);
  if (shortened && (!best || (shortened.at <= best.at && shortened.at + shortened.name.length >= best.at + best.name.length && shortened.name.length > best.name.length))) best = shortened;
  best ??= describedDocument(q, docs);
  if (!best) return null;
  const { doc, name, at } = best;
  // The text calling itself (本意见的制定依据): the words stay part of the question.
  if (name.startsWith("本")) return { doc, name, rest: q };
  const before = q.slice(0, at).replace(/《$/, "");
  const rest = (before.slice(0, nameStart(before, doc.title)) + q.slice(at + name.length).replace(/^》/, "")).replace(/^(?:里面|里|中|上)/, "").trim();
  return { doc, name, rest: rest || q };
}

/** Length of the longest common subsequence of two strings (characters in order, gaps allowed). */
function commonInOrder(a: string, b: string): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const ch of a) {
    const next = [0];
    for (let j = 1; j <= b.length; j++) next.push(ch === b[j - 1] ? row[j - 1] + 1 : Math.max(row[j], next[j - 1]));
    row = next;
  }
  return row[b.length];
}

/**
 * The document a mistyped name before an article means (工伤保险条列第三十三条 → 工伤保险条例; 劳动合同发第三十九条 →
 * 劳动合同法): among documents that all have the article, the one whose name shares most of its characters, in order,
 * with the words just before the reference — at least three quarters of them, and more than any other document; null
 * otherwise. The typed name starts at its first character of the name (请问工伤保险条列 → 工伤保险条列).
 */
export function mistypedName<D extends { title: string; shortName: string }>(question: string, docs: D[]): { doc: D; name: string; rest: string } | null {
  const q = question.normalize("NFKC");
  const at = q.search(/第[\d一二三四五六七八九十百零]+条/);
  if (at <= 0) return null;
  const typed = q.slice(0, at).split(/[，,。？?！!、；;\s]/).pop() ?? "";
  const share = (name: string) => (name.length >= 3 ? commonInOrder(typed, name) / name.length : 0);
  const [best, second] = docs.map((doc) => ({ doc, share: Math.max(share(doc.shortName), share(withoutRegion(doc.title))) })).sort((a, b) => b.share - a.share);
  if (!best || best.share < 0.75 || (second && second.share >= best.share)) return null;
  const name = withoutRegion(best.doc.title) + best.doc.shortName;
  const from = Math.max(0, [...typed].findIndex((ch) => name.includes(ch)));
  return { doc: best.doc, name: typed.slice(from), rest: (q.slice(0, at - typed.length + from) + q.slice(at)).trim() };
}

/**
 * Where the words before a document's name that name it too begin (始兴县那个党建带工建|实施意见): words of its
 * title, a place, a determiner, 的. They say which document, not what is asked.
 */
function nameStart(before: string, title: string): number {
  let start = before.length;
  for (const { word, tag } of getJieba().tag(before, true).reverse()) {
    const naming = tag === "ns" || tag === "uj" || /^(?:那个|这个|那份|这份)$/.test(word) || (word.length >= 2 && title.includes(word));
    if (!naming) break;
    start -= word.length;
  }
  return start;
}

/** A name in its standard words (职代会 → 职工代表大会). */
const standardWords = (name: string) => Object.entries(CANONICAL).reduce((s, [w, c]) => (w.length >= 2 ? s.split(w).join(c) : s), name);

/**
 * True when typed words shorten a name: its last words (仲裁 for 劳动争议调解仲裁), or pieces of
 * two characters or more taken from it in order (农民工工资 for 保障农民工工资支付, 劳动监察 for
 * 劳动保障监察), three characters at least. The first words alone name a broader law (劳动法 is
 * not 劳动合同法: a law's name is short and whole), but shorten a regulation's when they are its
 * distinctive words and the rest is more common (工伤条例 for 工伤保险条例, not 保障条例 for
 * 保障农民工工资支付条例).
 */
function abbreviates(typed: string, stem: string, kind: string): boolean {
  if (stem.endsWith(typed)) return true;
  if (stem.startsWith(typed)) return kind !== "法" && rarerThanRest(typed, stem.slice(typed.length));
  if (typed.length < 3) return false;
  let from = 0;
  for (let i = 0; i < typed.length; ) {
    let n = typed.length - i;
    while (n >= 2 && stem.indexOf(typed.slice(i, i + n), from) < 0) n--;
    if (n < 2) return false;
    from = stem.indexOf(typed.slice(i, i + n), from) + n;
    i += n;
  }
  return true;
}

/** True when the typed words are at least as rare in general Chinese as every word of the rest of the name. */
function rarerThanRest(typed: string, rest: string): boolean {
  const idf = generalIdfOf(typed);
  return getJieba().cut(rest, false).every((w) => generalIdfOf(w) <= idf);
}

/**
 * A document described by words of its title and 文件 (县里党建带工建那个文件, 党建带工建的文件): the one whose title alone holds the
 * longest such words, three characters or more.
 */
function describedDocument<D extends { title: string }>(q: string, docs: D[]): { doc: D; name: string; at: number } | null {
  for (let end = q.indexOf("文件"); end >= 0; end = q.indexOf("文件", end + 1)) {
    const before = q.slice(0, end).replace(/(?:那个|这个|那份|这份|份|的)$/, "");
    for (let n = Math.min(12, before.length); n >= 3; n--) {
      const words = before.slice(-n);
      if (!/^[\u4e00-\u9fa5]+$/.test(words)) continue;
      const holding = docs.filter((d) => d.title.includes(words));
      if (holding.length === 1) return { doc: holding[0], name: q.slice(before.length - n, end + 2), at: before.length - n };
    }
  }
  return null;
}

/**
 * A document named by words of its name and its kind, as people shorten names: 仲裁法 for
 * 劳动争议调解仲裁法, 年休假条例 for 职工带薪年休假条例, 职代会条例 for …职工代表大会条例,
 * 农民工工资条例 for 保障农民工工资支付条例, 工伤条例 for 工伤保险条例. A name of the base written out (劳动法) is matched
 * before any shortening.
 */
function shortenedName<D extends { title: string }>(q: string, docs: D[]): { doc: D; name: string; at: number } | null {
  let best: { doc: D; name: string; at: number } | null = null;
  for (const doc of docs) {
    const kind = kindOf(doc.title);
    if (!kind) continue;
    const stem = standardWords(withoutRegion(doc.title).slice(0, -kind.length));
    for (let end = q.indexOf(kind); end >= 0; end = q.indexOf(kind, end + 1)) {
      for (let n = Math.min(12, end); n >= 2; n--) {
        const typed = q.slice(end - n, end);
        if (!/^[\u4e00-\u9fa5]+$/.test(typed) || !abbreviates(standardWords(typed), stem, kind)) continue;
        if (!best || n + kind.length > best.name.length) best = { doc, name: typed + kind, at: end - n };
        break;
      }
    }
  }
  return best;
}
