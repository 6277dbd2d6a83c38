/**
 * What a .docx keeps outside its text runs, which mammoth's raw text loses: automatic list numbers (一、（一）1. drawn from
 * the numbering definitions) and table rows (each cell would become a paragraph of its own, its row lost). Before mammoth
 * reads the text, each numbered paragraph gets its number written out, and each row of a table becomes one paragraph naming
 * every cell by its column (乡镇：顿岗镇，建会目标数：6，完成时限：2027年9月30日。).
 */
import JSZip from "jszip";
import { chineseOrdinal } from "../numerals.ts";

/** A list level: its first number, number format (decimal, chineseCounting …) and text (%1、, （%1）, %1.%2). */
type Level = { start: number; format: string; text: string };

const attr = (xml: string, tag: string) => new RegExp(`<w:${tag} w:val="([^"]*)"`).exec(xml)?.[1];

/** Each numbering instance's levels (w:num → w:abstractNum, with its start overrides). */
function numberingLevels(xml: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  for (const [, id, body] of xml.matchAll(/<w:abstractNum [^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels: Level[] = [];
    for (const [, ilvl, lvl] of body.matchAll(/<w:lvl [^>]*w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels[Number(ilvl)] = { start: Number(attr(lvl, "start") ?? 1), format: attr(lvl, "numFmt") ?? "decimal", text: attr(lvl, "lvlText") ?? "" };
    }
    abstract.set(id, levels);
  }
  const nums = new Map<string, Level[]>();
  for (const [, id, body] of xml.matchAll(/<w:num [^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const levels = [...(abstract.get(attr(body, "abstractNumId") ?? "") ?? [])];
    for (const [, ilvl, override] of body.matchAll(/<w:lvlOverride [^>]*w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(override, "startOverride");
      if (start && levels[Number(ilvl)]) levels[Number(ilvl)] = { ...levels[Number(ilvl)], start: Number(start) };
    }
    nums.set(id, levels);
  }
  return nums;
}

const STEMS = "甲乙丙丁戊己庚辛壬癸";

/** A number in a list format (null for bullets and none). */
function formatted(n: number, format: string): string | null {
  if (format === "bullet" || format === "none") return null;
  if (format.startsWith("chinese") || format === "ideographDigital" || format === "taiwaneseCounting") return chineseOrdinal(n);
  if (format.startsWith("decimalEnclosedCircle") && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (format === "ideographTraditional" && n <= 10) return STEMS[n - 1];
  if (format === "lowerLetter" || format === "upperLetter") {
    const letter = String.fromCharCode(97 + ((n - 1) % 26));
    return format === "upperLetter" ? letter.toUpperCase() : letter;
  }
  return String(n);
}

/** The paragraphs with their list numbers written out as their first run. */
function writeNumbers(xml: string, nums: Map<string, Level[]>): string {
  const counters = new Map<string, number[]>();
  return xml.replace(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g, (p) => {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(p)?.[1] ?? "";
    const numId = attr(numPr, "numId") ?? "";
    const levels = nums.get(numId);
    if (!levels) return p;
    const ilvl = Number(attr(numPr, "ilvl") ?? 0);
    const count = counters.get(numId) ?? [];
    counters.set(numId, count);
    count[ilvl] = (count[ilvl] ?? (levels[ilvl]?.start ?? 1) - 1) + 1;
    count.length = ilvl + 1; // a deeper level starts again under the next number of this one
    const parts = (levels[ilvl]?.text ?? "").split(/%(\d)/);
    let prefix = "";
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) prefix += parts[i];
      else {
        const k = Number(parts[i]) - 1;
        const n = formatted(count[k] ?? levels[k]?.start ?? 1, levels[k]?.format ?? "decimal");
        if (n === null) return p;
        prefix += n;
      }
    }
    return prefix ? p.replace(/<\/w:pPr>/, `</w:pPr><w:r><w:t xml:space="preserve">${prefix}</w:t></w:r>`) : p;
  });
}

/** The text of a piece of document XML (its runs' text, paragraphs joined by ，), still XML-escaped. */
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)]
    .map(([, p]) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("").trim())
    .filter(Boolean)
    .join("，");

/** A table (not holding another) as one paragraph per row: a row below a header row names each cell by its column. */
function tableRows(table: string): string {
  if (/<w:tbl>[\s\S]*<w:tbl>/.test(table)) return table;
  const rows = [...table.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map(([, r]) => [...r.matchAll(/<w:tc(?:\s[^>]*)?>([\s\S]*?)<\/w:tc>/g)].map(([, c]) => textOf(c)));
  const [header, ...body] = rows;
  const named = body.length > 0 && header.length >= 2 && header.every(Boolean);
  const lines = (named ? body : rows).map((cells) => cells.map((c, i) => (named && c ? `${header[i] ?? ""}：${c}` : c)).filter(Boolean).join("，"));
  return lines
    .filter(Boolean)
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${line}${/[。；]$/.test(line) ? "" : "。"}</w:t></w:r></w:p>`)
    .join("");
}

/** The .docx with its list numbers written out and its tables as rows (unchanged when it holds no document part). */
export async function withNumbersAndRows(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const doc = zip.file("word/document.xml");
  if (!doc) return buf;
  const nums = numberingLevels((await zip.file("word/numbering.xml")?.async("string")) ?? "");
  const xml = writeNumbers(await doc.async("string"), nums).replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, tableRows);
  zip.file("word/document.xml", xml);
  return zip.generateAsync({ type: "nodebuffer" });
}
