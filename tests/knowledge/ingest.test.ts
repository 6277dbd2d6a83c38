import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanParagraphs, stripBlobs } from "../../src/knowledge/clean.ts";
import { ingestText, markdownParagraphs } from "../../src/knowledge/ingest.ts";
import { chineseNumeralsToDigits, normalizeLine, searchForm } from "../../src/knowledge/normalize.ts";
import { parseStructure, splitSentences } from "../../src/knowledge/structure.ts";
import { FIXTURES_DIR, RAW_FILE } from "./helpers.ts";

const raw = fs.readFileSync(RAW_FILE, "utf8");
const doc = ingestText("implementation-opinions.txt", raw);
const clauseAt = (place: string) => doc.chunks.filter((c) => c.section === place && c.kind !== "sentence");
const placeOf = (phrase: string) => doc.chunks.find((c) => c.kind !== "sentence" && c.text.includes(phrase))?.section;

describe("the raw opinions", () => {
  it("is committed exactly as given", () => {
    expect(raw).toBe(fs.readFileSync(path.join(FIXTURES_DIR, "implementation-opinions.raw.txt"), "utf8"));
  });

  it("loses the encoded blob and the parentheses around it", () => {
    const all = doc.chunks.map((c) => c.text).join("\n");
    expect(all).not.toMatch(/[A-Za-z0-9+/=]{20,}/);
    expect(all).not.toContain("qTi0");
    expect(all).not.toMatch(/[(（]\s*[)）]/);
    expect(doc.chunks.find((c) => c.section === "通知")?.text).toMatch(/认真抓好贯彻落实。$/);
  });

  it("parses the notice, title and preamble", () => {
    expect(doc.title).toBe("关于加强基层工会建设，推动党建带工建工建服务党建工作的实施意见");
    expect(doc.shortName).toBe("实施意见");
    const notice = clauseAt("通知")[0];
    expect(notice.title).toMatch(/^印发《.*》的通知$/);
    expect(notice.text).toMatch(/^各基层党（工）委（党组）、县直及省市垂直管理有关单位：现将/);
    expect(clauseAt("前言")[0].text).toMatch(/^为深入贯彻/);
  });

  it("places every level of the hierarchy", () => {
    expect(placeOf("人大副主席兼任")).toBe("三（一）1");
    expect(placeOf("摸底排查，建立台账")).toBe("三（二）1");
    expect(placeOf("四季歌")).toBe("三（三）3");
    expect(placeOf("定期召开联席会议")).toBe("四（一）");
    expect(placeOf("理顺管理体制，创新工作机制")).toBe("二（一是）");
    expect(placeOf("集中攻坚")).toBe("二（二是）");
    expect(placeOf("1－2个")).toBe("四（三）");
    expect(placeOf("坚定不移走中国特色社会主义工会发展道路")).toBe("一");
  });

  it("keeps the unnumbered paragraph after 三（一）4 in 三（一）", () => {
    expect(placeOf("选择一到两个乡镇")).toBe("三（一）");
    expect(placeOf("专款专用")).toBe("三（一）4");
  });

  it("keeps titles and heading paths, lead sentences as titles", () => {
    const c = clauseAt("三（二）2")[0];
    expect(c.title).toBe("有的放矢，分类指导");
    expect(c.headings).toEqual(["工作措施", "推进基层组织建设，不断扩大党组织、工会组织覆盖面", "有的放矢，分类指导"]);
    expect(clauseAt("四（一）")[0].title).toBe("建立健全联席会议制度");
    expect(clauseAt("三（一）").find((x) => x.kind === "heading")?.text).toBe("健全基层工会组织体系建设，规范基层工会建设");
    expect(clauseAt("三（三）1")[0].text.startsWith("工作联动，服务发展大局。各级工会组织")).toBe(true);
  });

  it("also indexes long clauses sentence by sentence, verbatim", () => {
    const sentences = doc.chunks.filter((c) => c.kind === "sentence" && c.section === "三（二）2");
    expect(sentences.map((s) => s.text)).toContain("对暂不具备独立建立工会组织的，由乡镇、园区工会联合会覆盖。");
    for (const s of doc.chunks.filter((c) => c.kind === "sentence")) {
      expect(doc.chunks[s.parent!].text).toContain(s.text);
    }
  });
});

describe("cleaning and normalisation", () => {
  it("strips base64-like runs but keeps ordinary text", () => {
    expect(stripBlobs("见附件 (\n aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQ0NTY3ODk=\n) 完")).toBe("见附件  完");
    expect(stripBlobs("按照 ISO9001 标准")).toBe("按照 ISO9001 标准");
  });

  it("normalises whitespace and widths", () => {
    expect(normalizeLine("  4、抓好资金使用管理。 各乡镇\u3000党委 ")).toBe("4、抓好资金使用管理。各乡镇党委");
    expect(normalizeLine("今年９月底前,各乡镇")).toBe("今年9月底前，各乡镇");
    expect(cleanParagraphs("a\r\n\r\n\u200bb")).toEqual(["a", "b"]);
  });

  it("turns Chinese numerals that count into digits", () => {
    expect(chineseNumeralsToDigits("二十五人以上")).toBe("25人以上");
    expect(chineseNumeralsToDigits("一百人以上")).toBe("100人以上");
    // 百分之, 千分之 name a fraction, not a hundred of something.
    expect(chineseNumeralsToDigits("百人以上，工资总额的百分之二，千分之几")).toBe("100人以上，工资总额的百分之二，千分之几");
    expect(chineseNumeralsToDigits("养老金涨了几个百分点，按百分比计算，千分率")).toBe("养老金涨了几个百分点，按百分比计算，千分率");
    // Two neighbouring numerals are an approximate amount, about their middle: not 34 people.
    expect(chineseNumeralsToDigits("三四个人的作坊")).toBe("3.5个人的作坊");
    expect(chineseNumeralsToDigits("十七八岁的学徒")).toBe("17.5岁的学徒");
    expect(chineseNumeralsToDigits("二三十人")).toBe("25人");
    expect(chineseNumeralsToDigits("选择一到两个乡镇")).toBe("选择1到2个乡镇");
    expect(chineseNumeralsToDigits("第三部分第二条")).toBe("第3部分第2条");
    expect(chineseNumeralsToDigits("统一考核，进一步，一是")).toBe("统一考核，进一步，一是");
    expect(searchForm("工聯會主席由誰兼任")).toBe("工联会主席由谁兼任");
  });
});

describe("structure parser on other shapes", () => {
  it("accepts 1、 with a space, 1． and inline 一是…二是…", () => {
    const d = parseStructure(
      ["一、总则", "（一）基本要求。要做到：一是统一思想；二是压实责任。", "1． 第一项内容。", "2、 第二项内容。", "收尾段落。"].map((text) => ({ text })),
      "测试",
    );
    const places = d.clauses.map((c) => `${c.place}|${c.text}`);
    expect(places).toContain("一（一）（一是）|一是统一思想；");
    expect(places).toContain("一（一）（二是）|二是压实责任。");
    expect(places).toContain("一（一）1|第一项内容。");
    expect(places).toContain("一（一）2|第二项内容。");
    expect(places).toContain("一（一）|收尾段落。");
  });

  it("parses Markdown headings as the hierarchy", () => {
    const d = ingestText("会费.md", "# 工会会费管理办法\n\n## 一、缴纳\n\n会员按月缴纳会费。\n\n## 使用\n\n**会费**主要用于会员活动。\n");
    expect(d.title).toBe("工会会费管理办法");
    const c = d.chunks.filter((x) => x.kind === "clause").map((x) => `${x.section}|${x.text}`);
    expect(c).toEqual(["一|会员按月缴纳会费。", "使用|会费主要用于会员活动。"]);
    expect(markdownParagraphs("- [链接](http://x) 文本")[0].text).toBe("链接文本");
  });

  it("reads a notice without numbered parts as its 正文, the addressee line run on into the text", () => {
    const d = ingestText("慰问通知.txt", "关于做好春节期间困难职工慰问工作的通知\n\n各乡镇工会、县直各单位工会：\n春节将至，请做好困难职工慰问工作。\n慰问名单于1月10日前报县总工会。\n\n始兴县总工会\n2026年12月1日\n");
    expect(d).toMatchObject({ title: "关于做好春节期间困难职工慰问工作的通知", issuer: "始兴县总工会", date: "2026-12-01" });
    expect(d.chunks.map((c) => `${c.section}|${c.title}|${c.headings.join("/")}|${c.text}`)).toEqual([
      "正文|正文|正文|各乡镇工会、县直各单位工会：春节将至，请做好困难职工慰问工作。",
      "正文|正文|正文|慰问名单于1月10日前报县总工会。",
    ]);
  });

  it("keeps 前言 for the text before a notice's numbered parts, its addressee line included", () => {
    const d = parseStructure(["关于开展职工技能竞赛的通知", "各乡镇工会：", "现将有关事项通知如下：", "一、竞赛时间", "3月20日开始。"].map((text) => ({ text })), "测试");
    expect(d.clauses.map((c) => `${c.place}|${c.text}`)).toEqual(["前言|各乡镇工会：现将有关事项通知如下：", "一|竞赛时间", "一|3月20日开始。"]);
  });

  it("reads a red-header 公文: banner, number and 签发人 above the title, signature before the attachments, 抄送 and 印发 below", () => {
    const d = ingestText(
      "送温暖通知.txt",
      [
        "始兴县总工会文件",
        "始工发〔2026〕12号　　签发人：张某",
        "关于开展2027年“两节”送温暖活动的通知",
        "各镇（街）总工会、县直各单位工会：",
        "现将有关事项通知如下：",
        "一、慰问标准",
        "每户慰问金500元。",
        "附件：慰问对象名单汇总表",
        "始兴县总工会",
        "2026年11月20日",
        "附件",
        "慰问对象名单汇总表（单位、姓名、困难类型）",
        "抄送：县委办、县政府办。",
        "始兴县总工会办公室　　2026年11月20日印发",
      ].join("\n"),
    );
    expect(d).toMatchObject({ title: "关于开展2027年“两节”送温暖活动的通知", issuer: "始兴县总工会", date: "2026-11-20", family: "official" });
    expect(d.chunks.map((c) => `${c.section}|${c.text}`)).toEqual([
      "前言|各镇（街）总工会、县直各单位工会：现将有关事项通知如下：",
      "一|慰问标准",
      "一|每户慰问金500元。",
      "附件|附件：慰问对象名单汇总表\n附件\n慰问对象名单汇总表（单位、姓名、困难类型）",
    ]);
  });

  it("takes the issuer from a banner without 文件 and the title a notice quotes when the title line has no 关于", () => {
    const d = parseStructure(
      ["始兴县总工会办公室", "关于印发《职工之家建设工作方案》的通知", "各镇（街）总工会：", "现将方案印发给你们。", "职工之家建设工作方案", "一、目标", "年底前建成10家。"].map((text) => ({ text })),
      "测试",
    );
    expect(d).toMatchObject({ title: "职工之家建设工作方案", issuer: "始兴县总工会办公室" });
    expect(d.clauses.map((c) => `${c.place}|${c.text}`)).toEqual(["通知|各镇（街）总工会：现将方案印发给你们。", "一|目标", "一|年底前建成10家。"]);
  });

  it("titles a regulation by its own name, not by the notice issuing it", () => {
    const d = parseStructure(["职工福利费管理暂行规定", "关于印发《职工福利费管理暂行规定》的通知", "第一条 为规范职工福利费，制定本规定。", "第二条 本规定自发布之日起施行。"].map((text) => ({ text })), "测试");
    expect(d).toMatchObject({ title: "职工福利费管理暂行规定", family: "law" });
  });

  it("reads an item leading into sub-items (…，其中：) as text, not as a heading", () => {
    const d = parseStructure(["一、慰问标准", "1.全国劳动模范每人慰问金2000元。", "2.省级劳动模范每人慰问金1500元，其中：", "（1）退休的另加500元；", "（2）在职的不另加。"].map((text) => ({ text })), "测试");
    expect(d.clauses.map((c) => `${c.kind}|${c.place}|${c.text}`)).toContain("clause|一2|省级劳动模范每人慰问金1500元，其中：");
    expect(d.clauses.map((c) => `${c.kind}|${c.place}`)).toContain("heading|一");
  });

  it("reads a title broken over two lines and a signature with its date on one line", () => {
    const d = parseStructure(["关于开展2027年全县职工技能竞赛", "活动的通知", "各镇（街）总工会：", "现将有关事项通知如下：", "一、竞赛项目", "焊工、电工。", "始兴县总工会　　　2026年12月20日"].map((text) => ({ text })), "测试");
    expect(d).toMatchObject({ title: "关于开展2027年全县职工技能竞赛活动的通知", issuer: "始兴县总工会", date: "2026-12-20" });
    expect(d.clauses.map((c) => c.text)).not.toContain("活动的通知");
    expect(d.clauses.at(-1)?.text).toBe("焊工、电工。");
  });

  it("reads a notice issuing rules with articles: its text as 通知, its signature as the rules' issuer and date", () => {
    const d = ingestText(
      "经费办法.txt",
      ["始兴县总工会文件", "始工发〔2026〕18号", "关于印发《始兴县基层工会经费收支管理办法》的通知", "各镇（街）总工会：", "现将《始兴县基层工会经费收支管理办法》印发给你们，请认真贯彻执行。", "始兴县总工会", "2026年12月5日", "始兴县基层工会经费收支管理办法", "第一章　总则", "第一条　为加强基层工会经费收支管理，制定本办法。", "第二条　慰问品每人每年不超过500元。"].join("\n"),
    );
    expect(d).toMatchObject({ title: "始兴县基层工会经费收支管理办法", issuer: "始兴县总工会", date: "2026-12-05", family: "law" });
    expect(d.chunks.filter((c) => c.kind !== "sentence").map((c) => `${c.section}|${c.text}`)).toEqual([
      "通知|各镇（街）总工会：现将《始兴县基层工会经费收支管理办法》印发给你们，请认真贯彻执行。",
      "第一章|总则",
      "第一条|为加强基层工会经费收支管理，制定本办法。",
      "第二条|慰问品每人每年不超过500元。",
    ]);
  });

  it("splits sentences keeping quotes", () => {
    expect(splitSentences("甲乙丙丁戊己庚辛壬癸子丑。子丑寅卯辰巳午未申酉。”后")).toEqual(["甲乙丙丁戊己庚辛壬癸子丑。", "子丑寅卯辰巳午未申酉。”后"]);
  });
});
