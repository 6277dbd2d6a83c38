/**
 * Text of a knowledge file in any supported format: .txt and .md as UTF-8 (GB18030 when
 * not valid UTF-8), .docx through mammoth, .pdf with a text layer through unpdf, old .doc
 * through word-extractor. The converters load on first use. A PDF without text (a scan),
 * an empty or unreadable file gets a DocumentFormatError with a Chinese message.
 */

/** File names the knowledge base reads. */
export const KNOWLEDGE_EXTENSIONS = /\.(txt|md|docx|pdf|doc)$/i;

/** Supported formats, as users read them. */
export const FORMATS_LABEL = ".txt、.md、.docx、.doc、.pdf（带文字层）";

/** A file the knowledge base cannot read; `message` is a Chinese sentence for the user. */
export class DocumentFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentFormatError";
  }
}

/** At least this many characters of text per page, or a PDF counts as a scan. */
const MIN_PDF_CHARS_PER_PAGE = 20;

/** Plain text: UTF-8 (with or without BOM), else GB18030 (files saved by older Chinese editors). */
function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(buf);
  }
}

/** A line opening a new unit: 第…条/章, 一、, （一）, 1．, 一是, 附件. */
const STRUCTURE_START = /^(第[一二三四五六七八九十百千零〇两]+[条章节编]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[．.、]|[一二三四五六七八九十]是|附件)/;

/**
 * Re-joins the visual lines of a PDF (its pages' lines in order) into paragraphs: a line that fills the width
 * (≥ 85 % of the longest line) continues on the next unless it ends a sentence (。：！？) or the next line opens
 * a new unit (第…条, （一）…).
 */
export function joinPdfLines(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  // Visual width: a Chinese character or full-width sign is two half-width columns.
  const columns = (l: string) => [...l].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const width = Math.max(0, ...lines.map(columns));
  const continues = (line: string, next: string) => width >= 30 && columns(line) >= width * 0.85 && !/[。：！？”]$/.test(line) && !STRUCTURE_START.test(next);
  return lines.map((line, i) => (i > 0 && !continues(lines[i - 1], line) ? "\n" : "") + line).join("");
}

/** What a converter returns; any failure of it is the file's (damaged, encrypted): a DocumentFormatError saying so. */
async function converted<T>(convert: () => Promise<T>, message: string): Promise<T> {
  try {
    return await convert();
  } catch {
    throw new DocumentFormatError(message);
  }
}

async function pdfText(buf: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const read = async () => (await extractText(await getDocumentProxy(new Uint8Array(buf)), { mergePages: false })).text;
  const pages = await converted(read, "这个 PDF 文件无法打开（可能已损坏或加了密码），请换一个文件。");
  const chars = pages.join("").replace(/\s+/g, "").length;
  if (chars < MIN_PDF_CHARS_PER_PAGE * Math.max(1, pages.length)) {
    throw new DocumentFormatError("这个 PDF 没有可识别的文字（可能是扫描件或图片），无法加入知识库。请提供可以复制文字的 PDF，或 Word（.docx）、文本文件。");
  }
  // One run of lines: a paragraph that a page break cuts continues on the next page.
  return joinPdfLines(withoutPageFurniture(pages).join("\n"));
}

/** A page number as footers and headers print it: — 3 —, －3－, - 3 -, 第3页, 第3页 共10页, 3/10, 3. */
const PAGE_NUMBER = /^(?:[—–－-]\s*\d{1,4}\s*[—–－-]|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,4})$/;

/**
 * The pages' lines without what is printed on every page: page numbers, and running heads or feet (始兴县总工会文件, the
 * title again) — a line at the top or bottom of two pages or more. The first page keeps its top lines (the title is its own).
 */
export function withoutPageFurniture(pages: string[]): string[] {
  const lines = pages.map((p) => p.split("\n").map((l) => l.trim()).filter(Boolean));
  const edges = new Map<string, number>();
  for (const ls of lines) for (const l of new Set([...ls.slice(0, 2), ...ls.slice(-2)])) edges.set(l, (edges.get(l) ?? 0) + 1);
  const furniture = (l: string | undefined) => l !== undefined && (PAGE_NUMBER.test(l) || (edges.get(l) ?? 0) >= 2);
  return lines.map((ls, i) => {
    let [from, to] = [0, ls.length];
    while (to > from && furniture(ls[to - 1])) to--;
    while (from < to && (i > 0 ? furniture(ls[from]) : PAGE_NUMBER.test(ls[from]))) from++;
    return ls.slice(from, to).join("\n");
  });
}

async function docxText(buf: Buffer): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  const { withNumbersAndRows } = await import("./docx.ts");
  return converted(async () => (await mammoth.extractRawText({ buffer: await withNumbersAndRows(buf) })).value, "这个 Word（.docx）文件无法打开（可能已损坏），请换一个文件。");
}

async function docText(buf: Buffer): Promise<string> {
  const { default: WordExtractor } = await import("word-extractor");
  // As written: word-extractor turns “” and ‘’ into ASCII quotes by default, and Chinese documents name terms in “”.
  const read = async () => (await new WordExtractor().extract(buf)).getBody({ filterUnicode: false });
  return converted(read, "这个 Word（.doc）文件无法打开（可能已损坏），请另存为 .docx 后再发送。");
}

const READERS = new Map<string, (buf: Buffer) => string | Promise<string>>([["txt", decodeText], ["md", decodeText], ["pdf", pdfText], ["docx", docxText], ["doc", docText]]);

/** The text of a file; throws DocumentFormatError for what cannot be read. */
export async function extractText(name: string, content: Buffer): Promise<{ text: string }> {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  const read = READERS.get(ext);
  if (!read) throw new DocumentFormatError(`不支持这种文件（${ext ? `.${ext}` : "没有扩展名"}），知识库只收 ${FORMATS_LABEL} 文件。`);
  const text = await read(content);
  if (!text.replace(/\s+/g, "")) throw new DocumentFormatError("这个文件里没有文字，无法加入知识库。");
  return { text };
}
