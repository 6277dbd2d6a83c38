import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentFormatError } from "../../src/knowledge/formats.ts";
import type { KnowledgeBase } from "../../src/knowledge/kb.ts";
import type { IndexProgress } from "../../src/knowledge/store.ts";
import { makeKb, tempKnowledgeDir } from "./helpers.ts";
import { NOTICE, readFixture, REGULATIONS, scanLikePdf, toDocx } from "./documents.ts";

let kb: KnowledgeBase;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = tempKnowledgeDir();
  fs.copyFileSync(NOTICE, path.join(dir, "notice.txt"));
  const made = await makeKb({ dir });
  kb = made.kb;
  close = made.close;
  await kb.refresh();
});
afterAll(() => close());

describe("a knowledge base of several documents", () => {
  it("adds a document from a buffer with progress, counting units and articles, with three sample places", async () => {
    const steps: IndexProgress[] = [];
    const r = await kb.addDocument("regulations.txt", Buffer.from(readFixture(REGULATIONS)), (p) => steps.push(p));
    expect(r).toMatchObject({ units: 19, articles: 19, samples: ["第一条", "第十条第二款", "第十九条"], replaced: [] });
    expect(r.document).toMatchObject({ title: "青岚市职工权益保障条例", issuer: "青岚市第十六届人民代表大会常务委员会", date: "2025-06-20", family: "law", source: "regulations.txt" });
    expect(steps.at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(fs.readFileSync(path.join(dir, "regulations.txt"), "utf8")).toBe(readFixture(REGULATIONS));
  });

  it("lists the documents with stable ids, short names, issuers and dates", async () => {
    const docs = await kb.listDocuments();
    expect(docs.map((d) => [d.shortName, d.issuer, d.date])).toEqual([
      ["实施意见", null, null],
      ["通知", "青岚市总工会", "2026-03-05"],
      ["青岚市职工权益保障条例", "青岚市第十六届人民代表大会常务委员会", "2025-06-20"],
    ]);
    expect(new Set(docs.map((d) => d.id)).size).toBe(3);
  });

  it("names the document in answers and in citations (ask --json gains document)", async () => {
    const a = await kb.ask("严重违反规章制度的能解除劳动合同吗");
    expect(a.answer).toMatch(/^根据《青岚市职工权益保障条例》第十一条：“有下列情形之一的，用人单位可以解除劳动合同：……（二）严重违反用人单位规章制度的；”/);
    expect(a.citations[0]).toMatchObject({
      section: "第十一条",
      place: "第十一条第一款第（二）项",
      cite: "《青岚市职工权益保障条例》第十一条第一款第（二）项",
      document: { title: "青岚市职工权益保障条例", shortName: "青岚市职工权益保障条例", issuer: "青岚市第十六届人民代表大会常务委员会", date: "2025-06-20", source: "regulations.txt" },
    });
  });

  it("answers direct look-ups of articles, 款, 项 and parts", async () => {
    const whole = await kb.ask("第十一条讲的啥");
    expect(whole.answer).toContain("（三）严重失职，营私舞弊，给用人单位造成重大损害的。用人单位单方解除劳动合同");
    expect(whole.citations[0].place).toBe("第十一条");
    const short = await kb.ask("第九条讲什么");
    expect(short.answer).toBe("根据《青岚市职工权益保障条例》第九条：“用人单位自用工之日起即与职工建立劳动关系。用人单位应当自用工之日起一个月内与职工订立书面劳动合同。”");
    expect((await kb.ask("条例第七条第二款")).answer).toBe("根据《青岚市职工权益保障条例》第七条：“平等协商应当每年至少进行一次。”");
    expect((await kb.ask("青岚市职工权益保障条例第十六条第一款第（一）项第2目")).citations[0].place).toBe("第十六条第一款第（一）项第2目");
    const part = await kb.ask("实施意见第三部分第二条");
    expect(part.citations[0]).toMatchObject({ section: "三（二）", document: { shortName: "实施意见" } });
    // A part named by its title is the official document's numbering, not a law's article.
    expect((await kb.ask("工作措施的第一条是什么")).citations[0]).toMatchObject({ section: "三（一）", document: { shortName: "实施意见" } });
    // The opinions' own citations keep their places.
    expect((await kb.ask("工联会主席由谁兼任？")).citations[0].section).toBe("三（一）1");
  });

  it("quotes the sentences of a named article that answer what is asked of it, the whole article when only the article is asked", async () => {
    expect((await kb.ask("条例第十一条，厂里要辞退人，要不要先通知工会")).answer).toBe("根据《青岚市职工权益保障条例》第十一条：“用人单位单方解除劳动合同，应当事先将理由通知工会。工会认为不适当的，有权提出意见。”");
    expect((await kb.ask("条例第十三条，国庆节加班工资怎么算")).answer).toMatch(/第十三条：“用人单位安排职工加班的，应当按照下列标准支付加班工资：……（三）法定休假日安排工作的/);
    // Words of the article's opening sentence ask for the article (第十一条，哪些情形可以解除劳动合同).
    expect((await kb.ask("条例第十一条，哪些情形可以解除劳动合同")).answer).toMatch(/第十一条：“有下列情形之一的，用人单位可以解除劳动合同：（一）/);
  });

  it("says so when no law has the article asked for", async () => {
    const a = await kb.ask("第四十三条讲的啥");
    expect(a).toMatchObject({ grounded: false, answer: "《青岚市职工权益保障条例》共 19 条，没有第四十三条。请核对条号，或写上文件名。" });
  });

  it("answers a question naming a document from that document", async () => {
    const a = await kb.ask("通知里报名时间是什么时候");
    expect(a.citations.every((c) => c.document.shortName === "通知")).toBe(true);
    expect(a.answer).toContain("2026年3月20日至4月15日");
    expect((await kb.ask("本条例自什么时候起施行")).citations.every((c) => c.document.title === "青岚市职工权益保障条例")).toBe(true);
  });

  it("reads past WeChat's emoji codes in a question ([捂脸], [流泪])", async () => {
    const a = await kb.ask("报名时间[捂脸][流泪][抓狂]");
    expect(a.grounded).toBe(true);
    expect(a.answer).toContain("2026年3月20日至4月15日");
  });

  it("asks which document when several have the place and none is named", async () => {
    const extra = readFixture(REGULATIONS).replace("青岚市职工权益保障条例", "青岚市女职工特别保护条例");
    await kb.addDocument("women.txt", Buffer.from(extra));
    const a = await kb.ask("第十一条讲的啥");
    expect(a.answer).toMatch(/^有 2 个文件都有这一处：《青岚市职工权益保障条例》、《青岚市女职工特别保护条例》。请在问题里写上文件名/);
    expect((await kb.ask("女职工特别保护条例第十一条")).citations[0].document.title).toBe("青岚市女职工特别保护条例");
    const women = (await kb.listDocuments()).find((d) => d.source === "women.txt")!;
    expect(await kb.removeDocument(women.id)).toMatchObject({ source: "women.txt" });
    expect(fs.existsSync(path.join(dir, "women.txt"))).toBe(false);
    expect(fs.readdirSync(path.join(dir, ".removed")).some((f) => f.endsWith("women.txt"))).toBe(true);
    expect((await kb.ask("第十一条讲的啥")).citations[0].document.source).toBe("regulations.txt");
  });

  it("replaces an older version of the same document and refuses an older one", async () => {
    const newer = readFixture(REGULATIONS).replace("2025年6月20日", "2026年1月8日").replace("百分之二", "百分之二点五");
    const r = await kb.addDocument("regulations-2026.docx", await toDocx(newer));
    expect(r.replaced.map((d) => d.source)).toEqual(["regulations.txt"]);
    expect(r.document.date).toBe("2026-01-08");
    expect(fs.existsSync(path.join(dir, "regulations.txt"))).toBe(false);
    expect(fs.readdirSync(path.join(dir, ".superseded")).some((f) => f.endsWith("regulations.txt"))).toBe(true);
    expect((await kb.listDocuments()).filter((d) => d.title === "青岚市职工权益保障条例").map((d) => d.source)).toEqual(["regulations-2026.docx"]);
    expect((await kb.ask("条例第五条第二款")).answer).toContain("百分之二点五");

    const err = await kb.addDocument("old.txt", Buffer.from(readFixture(REGULATIONS))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentFormatError);
    expect((err as Error).message).toBe("知识库里已有《青岚市职工权益保障条例》更新的版本（2026-01-08），这份（2025-06-20）较旧，没有替换。");
    expect(fs.existsSync(path.join(dir, "old.txt"))).toBe(false);
  });

  it("saves nothing for a scan PDF or an unsupported file, and keeps answering", async () => {
    const before = fs.readdirSync(dir).sort();
    const count = (await kb.listDocuments()).length;
    await expect(kb.addDocument("scan.pdf", await scanLikePdf())).rejects.toThrow(/扫描件/);
    await expect(kb.addDocument("../../etc/passwd", Buffer.from("x"))).rejects.toThrow(/不支持这种文件/);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect((await kb.listDocuments()).length).toBe(count);
    expect((await kb.ask("工联会主席由谁兼任？")).grounded).toBe(true);
  });

  it("re-indexes every file on request and keeps ids", async () => {
    const ids = (await kb.listDocuments()).map((d) => [d.source, d.id]);
    const steps: IndexProgress[] = [];
    const report = await kb.reindex((p) => steps.push(p));
    expect(report.changed.length).toBe(ids.length);
    expect(steps.filter((s) => s.stage === "parse").at(-1)).toMatchObject({ done: ids.length, total: ids.length });
    expect((await kb.listDocuments()).map((d) => [d.source, d.id])).toEqual(ids);
  });
});

describe("the knowledge folder", () => {
  it("indexes .docx files dropped into it and moves an older version aside", async () => {
    const d = tempKnowledgeDir();
    fs.writeFileSync(path.join(d, "a-old.txt"), readFixture(REGULATIONS));
    fs.writeFileSync(path.join(d, "b-new.docx"), await toDocx(readFixture(REGULATIONS).replace("2025年6月20日", "2026年1月8日")));
    fs.writeFileSync(path.join(d, "scan.pdf"), await scanLikePdf());
    const made = await makeKb({ dir: d });
    try {
      const report = await made.kb.refresh();
      expect(report.superseded).toEqual(["a-old.txt"]);
      expect(report.failed).toEqual([{ source: "scan.pdf", reason: expect.stringMatching(/扫描件/) }]);
      expect((await made.kb.listDocuments()).map((x) => x.source).sort()).toEqual(["b-new.docx", "implementation-opinions.txt"]);
    } finally {
      await made.close();
    }
  });
});

describe("the region the knowledge base serves (KNOWLEDGE_REGION)", () => {
  it("answers from the national law before another place's regulation, and from that regulation where it applies; quoted elsewhere, it says where it applies", async () => {
    const local = "岭南市职工组织条例\n第一条　结合本市实际，制定本条例。\n第二条　企业调动职工组织主席到外地工作的，应当事先征求上一级职工组织的意见。\n第三条　市总工会每年表彰优秀职工组织。";
    const national = "中华人民共和国职工组织法\n第一条　为了保障职工组织依法活动，制定本法。\n第二条　职工组织主席、副主席任期未满时，不得随意调动其工作。因工作需要调动时，应当征得本级职工组织委员会和上一级职工组织的同意。\n第三条　职工组织的经费由会员缴纳的会费构成。";
    const answers = async (region: string, questions: string[]) => {
      const folder = tempKnowledgeDir();
      fs.writeFileSync(path.join(folder, "local.txt"), local);
      fs.writeFileSync(path.join(folder, "national.txt"), national);
      const made = await makeKb({ dir: folder, config: { LLM_TIMEOUT_MS: 1000, KNOWLEDGE_REGION: region } });
      try {
        await made.kb.refresh();
        const out = [];
        for (const q of questions) out.push(await made.kb.ask(q));
        return out;
      } finally {
        await made.close();
      }
    };
    const asked = "调动职工组织主席的工作要经过上一级职工组织吗";
    expect((await answers("广东省韶关市始兴县", [asked]))[0].citations[0]?.document.title).toBe("中华人民共和国职工组织法");
    expect((await answers("岭南市青山县", [asked]))[0].citations[0]?.document.title).toBe("岭南市职工组织条例");
    // Quoted first for a question that does not name its place, another place's rule says where it applies.
    const [elsewhere, named] = await answers("广东省韶关市始兴县", ["市总工会每年表彰什么", "岭南市总工会每年表彰什么"]);
    expect(elsewhere.citations[0]?.document.title).toBe("岭南市职工组织条例");
    expect(elsewhere.answer.startsWith("（这是岭南的地方规定，只在岭南适用）\n根据《")).toBe(true);
    expect(named.answer.startsWith("根据《")).toBe(true);
    const [there] = await answers("岭南市青山县", ["市总工会每年表彰什么"]);
    expect(there.answer.startsWith("根据《")).toBe(true);
  });

  it("names, in a refusal, the documents that apply where the asker is first and another place's rules last", async () => {
    const folder = tempKnowledgeDir();
    const files: Record<string, string> = {
      "a-local.txt": "岭南市职工组织条例\n第一条　结合本市实际，制定本条例。\n第二条　市总工会每年表彰优秀职工组织。",
      "b-national.txt": "中华人民共和国职工组织法\n第一条　为了保障职工组织依法活动，制定本法。\n第二条　职工组织的经费由会员缴纳的会费构成。",
      "c-leave.txt": "职工探亲假规定\n第一条　为了适当解决职工探亲问题，制定本规定。\n第二条　职工探望配偶的，每年给予一方探亲假一次，假期为三十天。",
      "d-safety.txt": "职工劳动安全规定\n第一条　为了保障职工安全，制定本规定。\n第二条　用人单位应当为职工提供劳动防护用品。",
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
    const listed = async (region: string, q: string) => {
      const made = await makeKb({ dir: folder, config: { LLM_TIMEOUT_MS: 1000, KNOWLEDGE_REGION: region } });
      try {
        await made.kb.refresh();
        const a = await made.kb.ask(q);
        expect(a.grounded).toBe(false);
        return [...a.answer.matchAll(/《([^》]+)》/g)].map((m) => m[1]);
      } finally {
        await made.close();
      }
    };
    const here = await listed("广东省韶关市始兴县", "食堂几点开饭");
    expect(here.length).toBeGreaterThan(4);
    expect(here.at(-1)).toBe("岭南市职工组织条例");
    expect((await listed("岭南市青山县", "食堂几点开饭")).indexOf("岭南市职工组织条例")).toBeLessThan(here.length - 1);
    expect((await listed("广东省韶关市始兴县", "岭南的食堂几点开饭")).indexOf("岭南市职工组织条例")).toBeLessThan(here.length - 1);
  });
});
