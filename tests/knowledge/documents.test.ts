import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DocumentFormatError, extractText, joinPdfLines, withoutPageFurniture } from "../../src/knowledge/formats.ts";
import { ingestFile, ingestText, type IngestedDocument } from "../../src/knowledge/ingest.ts";
import { adoptionNote, askedJurisdiction, datesIn, documentKey, jurisdictionOf, mistypedName, namedDocument, placeOf, shortNameOf } from "../../src/knowledge/meta.ts";
import { chineseOrdinal } from "../../src/numerals.ts";
import { NOTICE, NOTICE_DOC, numberedDocxWithTable, readFixture, REGULATIONS, scanLikePdf, toDocx, toPdf } from "./documents.ts";

const clauseAt = (d: IngestedDocument, place: string) => d.chunks.find((c) => c.kind === "clause" && c.section === place);
const partsOf = (d: IngestedDocument, place: string) => {
  const c = clauseAt(d, place)!;
  return d.chunks.filter((x) => x.kind === "sentence" && x.parent === c.ord).map((x) => [x.section, x.text]);
};

describe("laws: 编/章/节/条, 款, 项, 目", () => {
  const law = ingestText("regulations.txt", readFixture(REGULATIONS));

  it("reads title, issuer and the date of the latest revision from the adoption note", () => {
    expect(law).toMatchObject({ title: "青岚市职工权益保障条例", family: "law", issuer: "青岚市第十六届人民代表大会常务委员会", date: "2025-06-20" });
  });

  it("skips the table of contents and places headings by their chain, chapters without their 编", () => {
    const heads = law.chunks.filter((c) => c.kind === "heading").map((c) => `${c.section} ${c.title}`);
    expect(heads).toEqual(["第一编 总则", "第一章 一般规定", "第二章 工会组织", "第二编 劳动保障", "第三章 劳动合同", "第三章第一节 订立", "第三章第二节 解除", "第四章 工资与休息", "第五章 法律责任"]);
  });

  it("keeps every paragraph of an article in the article, as its 款", () => {
    const c = clauseAt(law, "第二条")!;
    expect(c.text).toContain("国家机关、社会团体与其建立劳动关系的职工，依照本条例执行。");
    expect(c.headings).toEqual(["总则", "一般规定", "第二条"]);
    expect(partsOf(law, "第二条").map(([p]) => p)).toEqual(["第二条第一款", "第二条第二款"]);
    // No clause anywhere is placed at a chapter alone.
    expect(law.chunks.filter((x) => x.kind === "clause" && /章$/.test(x.section))).toEqual([]);
  });

  it("cites items as 第…款第（…）项 and sub-items as 目, and items never leak into the next articles' places", () => {
    expect(partsOf(law, "第七条")).toEqual([
      ["第七条第一款", "工会可以就下列事项代表职工与用人单位进行平等协商："],
      ["第七条第一款第（一）项", "（一）劳动报酬和工资支付办法；"],
      ["第七条第一款第（二）项", "（二）工作时间和休息休假；"],
      ["第七条第一款第（三）项", "（三）劳动安全卫生；"],
      ["第七条第一款第（四）项", "（四）职业技能培训；"],
      ["第七条第一款第（五）项", "（五）其他与职工切身利益相关的事项。"],
      ["第七条第二款", "平等协商应当每年至少进行一次。"],
    ]);
    // A single-paragraph article leaves out 第一款.
    expect(partsOf(law, "第十二条").map(([p]) => p)).toEqual(["第十二条", "第十二条第（一）项", "第十二条第（二）项", "第十二条第（三）项"]);
    expect(partsOf(law, "第十六条").map(([p]) => p)).toContain("第十六条第一款第（一）项第2目");
    const places = law.chunks.filter((c) => c.kind === "clause").map((c) => c.section);
    expect(places).toEqual(Array.from({ length: 19 }, (_, i) => `第${"一二三四五六七八九十"[i] ?? ""}条`.replace(/^第(.)条$/, "第$1条")).map((p, i) => (i < 10 ? p : `第十${"一二三四五六七八九"[i - 10]}条`)));
  });

  it("keeps an article's short first sentence in its text (it is not a title)", () => {
    const c = clauseAt(law, "第九条")!;
    expect(c.title).toBe("第九条");
    expect(c.text.startsWith("用人单位自用工之日起即与职工建立劳动关系。")).toBe(true);
  });

  it("starts an article that opens with 本规定 or 本条例 (第二条　本规定适用于…), not one citing another article (第二条规定的…)", () => {
    const rules = ingestText(
      "rules.txt",
      "青岚市工资支付规定\n第一条　为了规范工资支付，制定本规定。\n第二条　本规定适用于本市的企业。\n第三条　本条例所称工资，是指用人单位支付给职工的劳动报酬。\n第二条规定的企业应当按月支付工资。\n第四条　本规定自公布之日起施行。",
    );
    expect(rules.chunks.filter((c) => c.kind === "clause").map((c) => c.section)).toEqual(["第一条", "第二条", "第三条", "第四条"]);
    expect(clauseAt(rules, "第三条")!.text).toContain("第二条规定的企业应当按月支付工资。");
  });

  it("starts an article whose first words end in 规定 (第三条 按国家规定建立…), while 第二条第二款规定的… is a reference", () => {
    const rules = ingestText(
      "rules.txt",
      "青岚市养老保险条例\n第一条　为了保障职工退休生活，制定本条例。\n第二条　基金实行专户管理。\n职工个人账户按月记账。\n第三条 按国家规定建立省级调剂基金。\n第二条第二款规定的个人账户不得提前支取。\n第四条　本条例自公布之日起施行。",
    );
    expect(rules.chunks.filter((c) => c.kind === "clause").map((c) => c.section)).toEqual(["第一条", "第二条", "第三条", "第四条"]);
    expect(clauseAt(rules, "第三条")!.text).toMatch(/^按国家规定建立省级调剂基金。[\s\S]*第二条第二款规定的个人账户不得提前支取。/);
  });

  it("reads a charter's 总则 as its first heading, not as part of its title", () => {
    const charter = ingestText("charter.txt", "青岚职工协会章程\n总则\n青岚职工协会是职工自愿结合的群众组织。\n第一章　会员\n第一条　凡在本市工作的职工，承认本章程，都可以加入协会。\n第二条　会员享有选举权。");
    expect(charter.title).toBe("青岚职工协会章程");
    expect(clauseAt(charter, "总则")!.text).toContain("职工自愿结合的群众组织");
  });

  it("reads a notice whose attachment has articles as an official document (一、（一）), the attachment a part of its own (附件)", () => {
    const notice = ingestText(
      "notice.txt",
      "青岚市人力资源局关于加强职业培训教材管理的通知\n各区人力资源局：\n一、严禁使用盗版教材\n各地要加强教材管理。\n二、开展自查活动\n（一）认真组织自查。各地要在九月前完成自查。\n附件：教材举报奖励办法\n二〇〇七年七月二十日\n附件\n教材举报奖励办法\n第一条　举报有功人员按本办法奖励。\n第二条　奖励金额由出版社确定。",
    );
    expect(notice.family).toBe("official");
    expect(clauseAt(notice, "二（一）")!.text).toContain("认真组织自查");
    expect(clauseAt(notice, "附件")!.text).toContain("举报有功人员");
  });

  it("makes an attachment after the articles a part of its own (附录一（二）), parsed like an official document, not more of the last article", () => {
    const rules = ingestText(
      "rules.txt",
      "青岚市女职工保护规定\n第一条　为了保护女职工，制定本规定。\n第二条　本规定自公布之日起施行。\n附录：\n女职工禁忌从事的劳动范围\n一、女职工在孕期禁忌从事的劳动范围：\n（一）高处作业；\n（二）冷水作业。\n二、女职工在哺乳期禁忌从事的劳动范围：\n（一）低温作业。",
    );
    expect(clauseAt(rules, "第二条")!.text).toBe("本规定自公布之日起施行。");
    const item = clauseAt(rules, "附录一（二）")!;
    expect(item.text).toContain("冷水作业");
    expect(item.headings).toEqual(expect.arrayContaining(["女职工禁忌从事的劳动范围"]));
    expect(clauseAt(rules, "附录二（一）")!.text).toContain("低温作业");
  });
});

describe("official documents: 一、（一）1.（1）一是 附件", () => {
  const notice = ingestText("notice.txt", readFixture(NOTICE));

  it("takes the issuer from the title and the date from the signature, which is no clause", () => {
    expect(notice).toMatchObject({ title: "青岚市总工会关于开展2026年度职工技能竞赛的通知", shortName: "通知", issuer: "青岚市总工会", date: "2026-03-05", family: "official" });
    expect(notice.chunks.some((c) => c.text.includes("2026年3月5日") && c.section !== "附件")).toBe(false);
  });

  it("places every level, 一是/二是 points and 附件", () => {
    const places = new Set(notice.chunks.map((c) => c.section));
    for (const p of ["一", "一（一）", "一（一）3", "一（二）", "三（二）（1）", "三（二）（2）", "三（三）（一是）", "三（三）（三是）", "四（二）", "五", "附件"]) expect(places).toContain(p);
    expect(clauseAt(notice, "附件")!.text).toBe("附件：1．竞赛报名表\n2．竞赛项目技术规范");
    expect(clauseAt(notice, "五")!.text).toBe("竞赛不收取任何费用。参赛职工的差旅费由所在单位按规定报销。");
  });

  it("takes the title from the file name when the text has none", () => {
    const d = ingestText("会议纪要.txt", "一、会议内容\n研究了工会经费使用问题。\n二、下一步安排\n各单位要抓好落实。");
    expect(d.title).toBe("会议纪要");
  });
});

describe("formats", () => {
  const sameClauses = (a: IngestedDocument, b: IngestedDocument) =>
    expect(a.chunks.map((c) => [c.section, c.text])).toEqual(b.chunks.map((c) => [c.section, c.text]));

  it("reads a .docx as the same document as its text", async () => {
    const text = readFixture(NOTICE);
    const fromDocx = await ingestFile("notice.docx", await toDocx(text));
    const fromTxt = ingestText("notice.docx", text);
    expect(fromDocx).toMatchObject({ title: fromTxt.title, issuer: "青岚市总工会", date: "2026-03-05" });
    sameClauses(fromDocx, fromTxt);
  });

  it("reads an old Word .doc as the same document as its text", async () => {
    const fromDoc = await ingestFile("notice.doc", fs.readFileSync(NOTICE_DOC));
    const fromTxt = ingestText("notice.doc", readFixture(NOTICE));
    expect(fromDoc).toMatchObject({ title: fromTxt.title, issuer: "青岚市总工会", date: "2026-03-05" });
    sameClauses(fromDoc, fromTxt);
  });

  it("reads Word's automatic list numbers (一、（一）) as places and a table's rows as units naming each cell by its column", async () => {
    const d = await ingestFile("书屋方案.docx", await numberedDocxWithTable());
    expect(d.chunks.filter((c) => c.kind !== "sentence").map((c) => `${c.section}|${c.text}`)).toEqual([
      "前言|为丰富职工精神文化生活，制定本方案。",
      "一|建设标准",
      "一（一）|场地面积不少于30平方米，藏书不少于2000册。",
      "一（二）|每周开放时间不少于20小时。",
      "二|任务分解",
      "二|各镇书屋建设任务见下表：",
      "二|乡镇：太平镇，新建书屋数：3，完成时限：2027年6月30日。",
      "二|乡镇：顿岗镇，新建书屋数：2，完成时限：2027年9月30日。",
      "三|保障措施",
      "三（一）|验收合格的书屋每家补助5000元。",
    ]);
  });

  it("reads a .pdf with a text layer, re-joining wrapped lines into paragraphs", async () => {
    const text = readFixture(REGULATIONS);
    const fromPdf = await ingestFile("regulations.pdf", await toPdf(text));
    const fromTxt = ingestText("regulations.pdf", text);
    expect(fromPdf).toMatchObject({ title: "青岚市职工权益保障条例", family: "law", date: "2025-06-20" });
    sameClauses(fromPdf, fromTxt);
  });

  it("reads a .pdf with page numbers in its footers: no page number in the text, a paragraph cut by a page break whole", async () => {
    // Long items, so that page breaks fall inside paragraphs.
    const items = Array.from({ length: 30 }, (_, i) => `（${chineseOrdinal(i + 1)}）第${i + 1}项任务。各乡镇工会要按照县总工会的统一部署，认真组织开展职工之家建设、困难职工帮扶、劳动竞赛和职工技能培训等各项工作，并于每季度末将第${i + 1}项任务的进展情况报送县总工会办公室。`);
    const text = ["关于做好2027年基层工会重点工作的通知", "各乡镇工会：", "现将有关事项通知如下：", "一、工作任务", ...items, "二、工作要求", "请各单位认真抓好落实。"].join("\n");
    const pdf = await toPdf(text, { pageNumbers: true });
    expect((await extractText("tasks.pdf", pdf)).text).not.toMatch(/— \d+ —/);
    sameClauses(await ingestFile("tasks.pdf", pdf), ingestText("tasks.pdf", text));
    // A running head on every page after the first (the title again) is no text either.
    const headed = await toPdf(text, { pageNumbers: true, header: "关于做好2027年基层工会重点工作的通知" });
    sameClauses(await ingestFile("tasks.pdf", headed), ingestText("tasks.pdf", text));
  });

  it("refuses a PDF without text (a scan) with a clear Chinese message", async () => {
    const err = await extractText("scan.pdf", await scanLikePdf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentFormatError);
    expect((err as Error).message).toMatch(/没有可识别的文字.*扫描件/);
  });

  it("refuses damaged Word files, unknown formats and empty files in Chinese", async () => {
    await expect(extractText("old.doc", Buffer.from("not a word file at all"))).rejects.toThrow(/\.doc.*无法打开/);
    await expect(extractText("new.docx", Buffer.from("PK nonsense"))).rejects.toThrow(/\.docx.*无法打开/);
    await expect(extractText("photo.jpg", Buffer.from([1, 2, 3]))).rejects.toThrow(/不支持这种文件（\.jpg）/);
    await expect(extractText("blank.txt", Buffer.from(" \n \n"))).rejects.toThrow(/没有文字/);
  });

  it("reads GB18030 text files written by older Chinese editors", async () => {
    const gbk = Buffer.from([0xb9, 0xa4, 0xbb, 0xe1]); // 工会
    expect((await extractText("a.txt", gbk)).text).toBe("工会");
  });

  it("drops page numbers and running heads or feet printed on every page, keeping the first page's title", () => {
    for (const n of ["— 3 —", "－3－", "- 3 -", "第3页", "第 3 页 共 10 页", "3/10", "3"]) expect(withoutPageFurniture([`${n}\n第一条 正文。\n25\n第二条 正文。\n${n}`])).toEqual(["第一条 正文。\n25\n第二条 正文。"]);
    expect(withoutPageFurniture(["第三条 工作满3年的，增加3天。"])).toEqual(["第三条 工作满3年的，增加3天。"]);
    expect(withoutPageFurniture(["慰问工作通知\n一、甲。\n— 1 —", "慰问工作通知\n乙。\n— 2 —", "丙。\n始兴县总工会\n— 3 —\n慰问工作通知"])).toEqual(["慰问工作通知\n一、甲。", "乙。", "丙。\n始兴县总工会"]);
  });

  it("joins only lines that fill the page width and do not end a sentence", () => {
    const page = ["第一条 这是一条很长的条文内容需要折行显示在下一", "行继续写完。", "第二条 短。", "第三章 标题"].join("\n");
    expect(joinPdfLines(page)).toBe("第一条 这是一条很长的条文内容需要折行显示在下一行继续写完。\n第二条 短。\n第三章 标题");
  });
});

describe("document metadata", () => {
  it("reads dates written with digits or Chinese numerals", () => {
    expect(datesIn("2026年3月5日 和 二〇二五年十二月三十一日")).toEqual(["2026-03-05", "2025-12-31"]);
    expect(adoptionNote("（2001年10月27日第九届全国人民代表大会常务委员会第二十四次会议通过）")).toEqual({ issuer: "第九届全国人民代表大会常务委员会", date: "2001-10-27" });
    // A ministry's meeting, numbered in digits (部务会议), after 经.
    expect(adoptionNote("2008年7月17日 经人力资源和社会保障部第6次部务会议通过")).toEqual({ issuer: "人力资源和社会保障部", date: "2008-07-17" });
  });

  it("reads an adoption note written one step per line, without brackets, as the note and not the title", () => {
    const d = ingestText("rules.txt", "岭南市职工教育条例\n2019年5月6日 岭南市第九届人民代表大会常务委员会第三次会议通过\n2024年3月1日 岭南市第十届人民代表大会常务委员会第八次会议修正\n第一章　总则\n第一条　为了促进职工教育，制定本条例。\n第二条　用人单位应当按照职工工资总额的百分之一点五提取职工教育经费。");
    expect(d.title).toBe("岭南市职工教育条例");
    expect(d.date).toBe("2024-03-01");
    expect(d.chunks.map((c) => c.section)).toContain("第一条");
    expect(d.chunks.some((c) => c.text.includes("会议通过"))).toBe(false);
  });

  it("reads the body and date of a numbered rule's heading lines (劳动部 一九九四年十二月六日 劳部发〔1994〕489号) and of an amendment (根据…修正) as the note", () => {
    const d = ingestText("rules.txt", "岭南省工资支付暂行规定\n岭南省劳动厅 一九九四年十二月六日 岭劳发〔1994〕489号\n1995年1月1日 执行\n第一条　为了规范工资支付，制定本规定。\n第二条　本规定自1995年1月1日起执行。");
    expect(d).toMatchObject({ title: "岭南省工资支付暂行规定", issuer: "岭南省劳动厅", date: "1994-12-06" });
    expect(d.chunks.map((c) => c.section)).toEqual(["第一条", "第二条"]);
    expect(adoptionNote("（2012年11月29日岭南省第十一届人民代表大会常务委员会第三十八次会议通过　根据2019年5月21日岭南省第十三届人民代表大会常务委员会第十二次会议《关于修改〈岭南省劳动监察条例〉的决定》修正）")).toEqual({ issuer: "岭南省第十三届人民代表大会常务委员会", date: "2019-05-21" });
    // Steps on lines of their own, 根据 closing the line before the amendment's date.
    expect(adoptionNote("2013年11月21日 岭南省第十二届人民代表大会常务委员会第五次会议修订  根据 2022年6月1日 岭南省第十三届人民代表大会常务委员会第四十三次会议《关于修改〈岭南省失业保险条例〉的决定》修正）")).toEqual({ issuer: "岭南省第十三届人民代表大会常务委员会", date: "2022-06-01" });
  });

  it("keeps a decree's number line (…厅令 第5号) out of the title", () => {
    const d = ingestText("rules.txt", "岭南省劳动用工规定\n岭南省人力资源和社会保障厅令 第5号\n《岭南省劳动用工规定》已于2020年3月1日经岭南省人力资源和社会保障厅第3次厅务会议通过，现予公布，自2020年5月1日起施行。\n厅长　张三\n第一条　为了规范劳动用工，制定本规定。\n第二条　本规定自2020年5月1日起施行。");
    expect(d).toMatchObject({ title: "岭南省劳动用工规定", shortName: "岭南省劳动用工规定" });
    expect(d.chunks.filter((c) => c.kind === "clause").map((c) => c.section)).toEqual(["前言", "第一条", "第二条"]);
  });

  it("reads the jurisdiction a document speaks for and the one a question refers to", () => {
    expect(jurisdictionOf("中华人民共和国工会法", "")).toBe("国");
    expect(jurisdictionOf("青岚市职工权益保障条例", "")).toBe("市");
    expect(jurisdictionOf("岭南省劳动用工若干规定", "")).toBe("省");
    // A province's rules implementing a law name it in brackets (岭南省实施《中华人民共和国工会法》办法): the place is the province's.
    expect(jurisdictionOf("岭南省实施《中华人民共和国工会法》办法", "")).toBe("省");
    expect(placeOf("岭南省实施《中华人民共和国工会法》办法")).toBe("岭南");
    // A word opening with a suffix (市场, 区域, 县级) names no place: a national regulation, of no level but its own.
    for (const title of ["人力资源市场暂行条例", "劳务市场管理规定", "农村县级医疗规定"]) {
      expect(placeOf(title), title).toBeNull();
      expect(jurisdictionOf(title, ""), title).toBeNull();
      expect(shortNameOf(title), title).toBe(title);
    }
    // Nor do the words of a title opening with 关于 (关于召开全县…: not a place 关于召开全).
    for (const title of ["关于召开全县工会工作推进会的通知", "关于加强城区职工服务的意见"]) {
      expect(placeOf(title), title).toBeNull();
      expect(jurisdictionOf(title, ""), title).toBeNull();
    }
    expect(jurisdictionOf("关于加强基层工会建设的实施意见", "全县职工25人以上的企业……县总工会将选择")).toBe("县");
    expect(jurisdictionOf("工伤保险条例", "县级以上人民政府社会保险行政部门")).toBeNull();
    expect(askedJurisdiction("100人以上还没建工会的企业，县里是怎么要求的？")).toBe("县");
    expect(askedJurisdiction("县总说的六有是哪六有")).toBe("县");
    expect(askedJurisdiction("工会经费几号之前拨")).toBeNull();
  });

  it("names laws short and keeps a document's identity across versions", () => {
    expect(shortNameOf("中华人民共和国劳动合同法")).toBe("劳动合同法");
    expect(shortNameOf("关于加强基层工会建设，推动党建带工建工建服务党建工作的实施意见")).toBe("实施意见");
    const law = (title: string, issuer: string) => ({ title, issuer, family: "law" as const });
    expect(documentKey(law("青岚市职工权益保障条例（试行）", "第十五届常委会"))).toBe(documentKey(law("青岚市职工权益保障条例", "第十六届常委会")));
    const official = (issuer: string) => ({ title: "关于加强基层工会建设的实施意见", issuer, family: "official" as const });
    expect(documentKey(official("甲县总工会"))).not.toBe(documentKey(official("乙县总工会")));
  });

  it("finds the document a question names, a bare kind only where it names one", () => {
    const docs = [
      { title: "青岚市职工权益保障条例", shortName: "青岚市职工权益保障条例" },
      { title: "关于加强基层工会建设的实施意见", shortName: "实施意见" },
    ];
    expect(namedDocument("职工权益保障条例里加班费怎么算", docs)).toEqual({ doc: docs[0], name: "职工权益保障条例", rest: "加班费怎么算" });
    expect(namedDocument("条例第十一条", docs)?.doc).toBe(docs[0]);
    expect(namedDocument("实施意见第三部分第二条", docs)).toEqual({ doc: docs[1], name: "实施意见", rest: "第三部分第二条" });
    expect(namedDocument("不遵守条例怎么处理", docs)).toBeNull();
  });

  it("takes a name that is one document's own title for that document, not for another's title without its region, unless its place comes before", () => {
    // The provincial regulation first: the order of the documents decides nothing.
    const docs = [
      { title: "岭南省劳动监察条例", shortName: "岭南省劳动监察条例" },
      { title: "劳动监察条例", shortName: "劳动监察条例" },
    ];
    expect(namedDocument("劳动监察条例第十七条讲啥", docs)?.doc).toBe(docs[1]);
    expect(namedDocument("岭南劳动监察条例第十七条讲啥", docs)?.doc).toBe(docs[0]);
    expect(namedDocument("岭南省劳动监察条例第十七条讲啥", docs)?.doc).toBe(docs[0]);
    expect(namedDocument("劳动监察条例第十七条讲啥", [...docs].reverse())?.doc).toBe(docs[1]);
  });

  it("reads a mistyped name before an article as the document it most resembles (工资支付条列第三条), only when one clearly does", () => {
    const docs = [
      { title: "岭南市工资支付条例", shortName: "岭南市工资支付条例" },
      { title: "中华人民共和国劳动合同法", shortName: "劳动合同法" },
      { title: "中华人民共和国劳动合同法实施条例", shortName: "劳动合同法实施条例" },
      { title: "中华人民共和国劳动法", shortName: "劳动法" },
    ];
    expect(mistypedName("工资支付条列第三条，工资几号发", docs)).toEqual({ doc: docs[0], name: "工资支付条列", rest: "第三条,工资几号发" });
    expect(mistypedName("请问劳动合同发第三十九条讲咩", docs)).toEqual({ doc: docs[1], name: "劳动合同发", rest: "请问第三十九条讲咩" });
    // No name before the article, or words as close to two names (劳动 in 劳动法 and 劳动合同法): no guess.
    expect(mistypedName("第三十九条讲咩", docs)).toBeNull();
    expect(mistypedName("劳动第三条", docs)).toBeNull();
  });

  it("leaves out of the question the words before a name that name the document too (its place, title words, 那个)", () => {
    const docs = [{ title: "关于加强基层工会建设的实施意见", shortName: "实施意见" }];
    expect(namedDocument("青岚县那个基层工会建设实施意见讲的四季歌是啥", docs)?.rest).toBe("讲的四季歌是啥");
    expect(namedDocument("工会主席按实施意见第三部分由谁兼任", docs)?.rest).toBe("工会主席按第三部分由谁兼任");
  });

  it("finds a document named by the last words of its name, in standard or short words (仲裁法, 职代会条例)", () => {
    const docs = [
      { title: "中华人民共和国劳动争议调解仲裁法", shortName: "劳动争议调解仲裁法" },
      { title: "中华人民共和国劳动合同法", shortName: "劳动合同法" },
      { title: "岭南市职工代表大会条例", shortName: "岭南市职工代表大会条例" },
    ];
    expect(namedDocument("仲裁法第二十七条说的啥", docs)).toEqual({ doc: docs[0], name: "仲裁法", rest: "第二十七条说的啥" });
    expect(namedDocument("合同法里试用期多久", docs)?.doc).toBe(docs[1]);
    expect(namedDocument("职代会条例第三十一条", docs)?.doc).toBe(docs[2]);
    // A name inside a longer shortened name names the longer one's document (工会法 in 岭南实施工会法办法).
    const local = [
      { title: "中华人民共和国工会法", shortName: "工会法" },
      { title: "岭南市实施《中华人民共和国工会法》办法", shortName: "实施《中华人民共和国工会法》办法" },
    ];
    expect(namedDocument("岭南实施工会法办法，女工满几多人要成立女职工委员会", local)?.doc).toBe(local[1]);
    expect(namedDocument("工会法里女职工委员会怎么建", local)?.doc).toBe(local[0]);
    // 劳动法 is another law, not the start of 劳动合同法.
    expect(namedDocument("劳动法第三十六条", docs)).toBeNull();
  });

  it("finds a document named by pieces of its name taken in order (农民工工资条例, 劳动监察条例), or a regulation by its distinctive first words (工伤条例)", () => {
    const docs = [
      { title: "岭南省保障农民工工资支付条例", shortName: "保障农民工工资支付条例" },
      { title: "岭南省劳动保障监察条例", shortName: "劳动保障监察条例" },
      { title: "岭南省工伤保险条例", shortName: "工伤保险条例" },
    ];
    expect(namedDocument("工伤条例里十级伤残补几个月工资", docs)?.doc).toBe(docs[2]);
    expect(namedDocument("农民工工资条例里工资专用账户干啥用", docs)).toEqual({ doc: docs[0], name: "农民工工资条例", rest: "工资专用账户干啥用" });
    expect(namedDocument("劳动监察条例第十条讲的啥", docs)?.doc).toBe(docs[1]);
    // Pieces out of order, or first words more common than the rest of the name (保障 of 保障农民工工资支付), name no document of the base.
    expect(namedDocument("工资保障条例第三条", docs)).toBeNull();
    expect(namedDocument("保障条例第三条", docs)).toBeNull();
  });

  it("finds a document described by words of its title and 文件 (党建带工建那个文件), only words no other title holds", () => {
    const docs = [
      { title: "关于推动党建带工建工作的实施意见", shortName: "实施意见" },
      { title: "岭南省工会条例", shortName: "工会条例" },
      { title: "岭南省工会经费管理办法", shortName: "工会经费管理办法" },
    ];
    expect(namedDocument("按县里党建带工建那个文件，我们厂要不要建会", docs)).toMatchObject({ doc: docs[0], name: "党建带工建那个文件" });
    expect(namedDocument("县里党建带工建的文件要求多少人以上建会", docs)?.rest).toBe("县里要求多少人以上建会");
    // 工会 is in two titles: it describes no one document.
    expect(namedDocument("工会的文件怎么说", docs)).toBeNull();
    expect(namedDocument("我要交什么文件", docs)).toBeNull();
  });
});
