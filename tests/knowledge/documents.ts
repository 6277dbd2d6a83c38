/**
 * Test documents: the team's own fixture texts (tests/fixtures/knowledge/), and the same
 * texts written as .docx (docx) and .pdf (pdfkit with the Noto Sans SC subset from
 * @fontsource), a PDF without a text layer (a scan), and larger synthetic bases for the
 * indexing benchmark. Everything is generated offline.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chineseOrdinal } from "../../src/numerals.ts";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/knowledge");
export const REGULATIONS = path.join(FIXTURES, "qinglan-workers-rights-regulations.txt");
export const NOTICE = path.join(FIXTURES, "qinglan-skills-contest-notice.txt");
/**
 * The notice as an old Word .doc (Word 97 binary), written once from NOTICE by LibreOffice (Debian's
 * libreoffice-writer-nogui: soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to doc:"MS Word 97");
 * kept apart from the text fixtures, which tests copy into knowledge bases whole.
 */
export const NOTICE_DOC = path.resolve(FIXTURES, "../word/qinglan-skills-contest-notice.doc");

export const readFixture = (file: string) => fs.readFileSync(file, "utf8");

/** A .docx whose paragraphs are the lines of the text. */
export async function toDocx(text: string): Promise<Buffer> {
  const { Document, Packer, Paragraph } = await import("docx");
  const doc = new Document({ sections: [{ children: text.split("\n").map((line) => new Paragraph({ text: line })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/**
 * A .docx as Word writes a county work plan: parts and sections numbered by Word's automatic list numbering (一、 and
 * （一） in the numbering definitions, not in the text), and a table of townships (header row, then one row each).
 */
export async function numberedDocxWithTable(): Promise<Buffer> {
  const { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow } = await import("docx");
  const part = (text: string) => new Paragraph({ text, numbering: { reference: "parts", level: 0 } });
  const section = (text: string, instance: number) => new Paragraph({ text, numbering: { reference: "sections", level: 0, instance } });
  const row = (cells: string[]) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });
  const doc = new Document({
    numbering: {
      config: [
        { reference: "parts", levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、" }] },
        { reference: "sections", levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: "（%1）" }] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph("始兴县职工书屋建设工作方案"),
          new Paragraph("为丰富职工精神文化生活，制定本方案。"),
          part("建设标准"),
          section("场地面积不少于30平方米，藏书不少于2000册。", 1),
          section("每周开放时间不少于20小时。", 1),
          part("任务分解"),
          new Paragraph("各镇书屋建设任务见下表："),
          new Table({ rows: [row(["乡镇", "新建书屋数", "完成时限"]), row(["太平镇", "3", "2027年6月30日"]), row(["顿岗镇", "2", "2027年9月30日"])] }),
          part("保障措施"),
          section("验收合格的书屋每家补助5000元。", 2),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

const require = createRequire(import.meta.url);
const FONT = require.resolve("@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2");

/**
 * A PDF with a text layer: the text laid out on A4 pages (long lines wrap, as in real PDFs); with `pageNumbers`, each
 * page's footer holds its number as official documents print it (— 3 —); with `header`, each page after the first opens
 * with it (a running head).
 */
export async function toPdf(text: string, { pageNumbers = false, header = "" } = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 60, bufferPages: true });
  const parts: Buffer[] = [];
  doc.on("data", (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(parts))));
  doc.font(FONT).fontSize(12).text(text, { lineGap: 4 });
  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    if (pageNumbers) doc.text(`— ${i + 1} —`, 0, doc.page.height - 40, { width: doc.page.width, align: "center", lineBreak: false });
    if (header && i > 0) doc.text(header, 0, 30, { width: doc.page.width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}

/** A PDF without a text layer, like a scan: only drawn shapes on two pages. */
export async function scanLikePdf(): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4" });
  const parts: Buffer[] = [];
  doc.on("data", (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(parts))));
  for (let page = 0; page < 2; page++) {
    if (page) doc.addPage();
    for (let y = 80; y < 760; y += 18) doc.rect(60, y, 200 + ((y * 7) % 270), 9).fill("#333");
  }
  doc.end();
  return done;
}

/**
 * A synthetic law of `articles` articles in chapters of ten, built from the fixture
 * regulations' own paragraphs recombined (deterministic for a seed). Every third article
 * has items （一）…, every fifth a second paragraph.
 */
export function syntheticLaw(title: string, articles: number, seed: number): string {
  const paras = readFixture(REGULATIONS)
    .split("\n")
    .map((l) => l.replace(/^第[一二三四五六七八九十]+条\s*/, "").trim())
    .filter((l) => l.length > 12 && /。$/.test(l) && !/^[（(]/.test(l));
  let s = seed;
  const pick = () => paras[(s = (s * 1103515245 + 12345) % 2 ** 31) % paras.length];
  const lines = [title, "", `（2025年${1 + (seed % 12)}月${1 + (seed % 28)}日青岚市人民代表大会常务委员会通过）`, ""];
  for (let a = 1; a <= articles; a++) {
    if (a % 10 === 1) lines.push(`第${chineseOrdinal(Math.ceil(a / 10))}章\u3000${pick().slice(0, 6)}`);
    lines.push(`第${chineseOrdinal(a)}条\u3000${pick()}`);
    if (a % 3 === 0) for (let i = 1; i <= 3; i++) lines.push(`（${chineseOrdinal(i)}）${pick().replace(/。$/, "；")}`);
    if (a % 5 === 0) lines.push(pick());
  }
  return lines.join("\n");
}
