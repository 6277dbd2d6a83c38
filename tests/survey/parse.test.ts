import { describe, expect, it } from "vitest";
import { parseChineseNumber } from "../../src/numerals.ts";
import { parseCount, parseOrgType, parsePhone, parseText, parseYesNo } from "../../src/survey/parse.ts";
import { maskPhones } from "../../src/privacy.ts";

const count = (s: string, extra: Partial<Parameters<typeof parseCount>[1]> = {}) => parseCount(s, { what: "职工人数", example: "120", min: 1, ...extra });

describe("parseChineseNumber", () => {
  it.each([
    ["120", 120], ["1,200", 1200], ["一百二十", 120], ["两百", 200], ["三千零五", 3005], ["十五", 15], ["十", 10],
    ["二十五", 25], ["一百零五", 105], ["一千零二十", 1020], ["一百二", 120], ["两千三", 2300], ["一万二", 12000],
    ["1.2万", 12000], ["3千", 3000], ["壹佰贰拾", 120], ["一二零", 120], ["九十九", 99], ["一百", 100], ["二十四", 24],
  ])("%s → %d", (s, n) => expect(parseChineseNumber(s)).toBe(n));
  it.each(["百", "三四十", "abc", "", "一百二十三四"])("%s is not a number", (s) => expect(parseChineseNumber(s)).toBeNull());
});

describe("parseCount", () => {
  it.each([["３０", 30], ["３０人", 30], ["30人", 30], ["共有30名职工", 30], ["一百二十人", 120], ["两百名", 200], ["１２０", 120]])("%s → %d", (s, n) => {
    const r = count(s);
    expect(r).toMatchObject({ ok: true, value: n });
    expect(r.ok && r.note).toBeFalsy();
  });
  it.each([["120人左右", 120], ["约120人", 120], ["大约一百人", 100], ["大概一百五十人吧", 150], ["差不多80个人", 80]])("approximate %s → %d with a note", (s, n) => {
    const r = count(s);
    expect(r).toMatchObject({ ok: true, value: n });
    expect(r.ok && r.note).toContain("修改");
  });
  it.each(["100多", "一百来人", "100-200", "100~200", "几十个", "120余人", "100人以上", "不到100", "三四十人", "二三十个"])("range %s asks for an exact number", (s) => {
    const r = count(s);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/准确|具体/);
    expect(!r.ok && r.error).toContain("例如");
  });
  it("rejects zero, fractions, words; bounds", () => {
    expect(count("0").ok).toBe(false);
    expect(count("12.5").ok).toBe(false);
    expect(count("很多").ok).toBe(false);
    expect(count("没有").ok).toBe(false);
    expect(parseCount("没有", { what: "党员人数", example: "5", zeroWords: true })).toMatchObject({ ok: true, value: 0 });
    expect(parseCount("无", { what: "党员人数", example: "5", zeroWords: true })).toMatchObject({ ok: true, value: 0 });
    expect(count("20000000").ok).toBe(false);
  });
});

describe("parseYesNo", () => {
  it.each(["有", "是", "已建", "已经建了", "建了", "有的", "是的", "已建立", "嗯", "Yes", "对"])("%s → yes", (s) => expect(parseYesNo(s)).toEqual({ ok: true, value: true }));
  it.each(["没有", "还没有", "否", "无", "未建", "没", "不是", "还没建", "尚未建立", "正在筹建", "No"])("%s → no", (s) => expect(parseYesNo(s)).toEqual({ ok: true, value: false }));
  it.each(["不知道", "不清楚", "啊哈", ""])("%s is reprompted", (s) => {
    const r = parseYesNo(s);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain("例如");
  });
});

describe("parsePhone", () => {
  it.each([
    ["13812345678", "13812345678"], ["138 1234 5678", "13812345678"], ["138-1234-5678", "13812345678"], ["+86 138 1234 5678", "13812345678"],
    ["8613812345678", "13812345678"], ["１３８１２３４５６７８", "13812345678"], ["0751-3321234", "0751-3321234"], ["0751 3321234", "0751-3321234"],
    ["07513321234", "0751-3321234"], ["(0751)3321234", "0751-3321234"], ["020-87654321", "020-87654321"], ["0751-33212345", "0751-33212345"],
  ])("%s → %s", (s, n) => expect(parsePhone(s)).toEqual({ ok: true, value: n }));
  it.each(["3321234", "1381234567", "12345678901", "电话", "0751-332", "138123456789"])("%s is rejected with an example", (s) => {
    const r = parsePhone(s);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/例如/);
  });
  it("asks for the area code of a bare landline", () => expect(parsePhone("3321234")).toMatchObject({ ok: false, error: expect.stringContaining("区号") }));
});

describe("masking", () => {
  it("masks mobiles and landlines", () => {
    expect(maskPhones("13812345678")).toBe("138****5678");
    expect(maskPhones("0751-3321234")).toBe("0751-****1234");
    expect(maskPhones("联系 13812345678，座机 0751-3321234，日期 2026-11-25")).toBe("联系 138****5678，座机 0751-****1234，日期 2026-11-25");
  });

  it("keeps the phone error's example readable in a group: an example is not personal data", () => {
    for (const input of ["1381234567", "3321234", "电话"]) {
      const r = parsePhone(input);
      expect(r.ok).toBe(false);
      const shown = maskPhones(r.ok ? "" : r.error);
      expect(shown).toBe(r.ok ? "" : r.error);
      expect(shown).toMatch(/例如/);
      expect(shown).not.toContain("*");
    }
  });
});

describe("parseOrgType", () => {
  it.each([["企业", "企业"], ["1", "企业"], ["社会组织", "社会组织"], ["2", "社会组织"], ["其他", "其他"], ["其它", "其他"], ["３", "其他"], ["企业。", "企业"]])("%s → %s", (s, t) =>
    expect(parseOrgType(s)).toEqual({ ok: true, value: t }),
  );
  it.each([["有限公司", "企业"], ["某某厂", "企业"], ["工厂", "企业"], ["协会", "社会组织"], ["商会", "社会组织"], ["民办非企业单位", "社会组织"]])("%s → %s, saying so", (s, t) =>
    expect(parseOrgType(s)).toEqual({ ok: true, value: t, note: expect.stringContaining(`已按「${t}」记录`) }),
  );
  it.each(["合作社", "农民专业合作社", "事业单位", "个体户", "不清楚"])("asks which type %s is, never guessing", (s) =>
    expect(parseOrgType(s)).toEqual({ ok: false, error: `“${s}”不是列出的单位类型。请问按哪一类填报：企业、社会组织 还是 其他？（可回复 1、2、3）` }),
  );
});

describe("parseText", () => {
  it("trims and checks", () => {
    expect(parseText("  始兴县某某有限公司 ", { what: "单位名称", example: "x" })).toEqual({ ok: true, value: "始兴县某某有限公司" });
    expect(parseText("1", { what: "单位名称", example: "x" }).ok).toBe(false);
    expect(parseText("12345", { what: "单位名称", example: "x" }).ok).toBe(false);
    expect(parseText("x".repeat(61), { what: "单位名称", example: "x" }).ok).toBe(false);
    expect(parseText("工联会主席由谁兼任？", { what: "单位名称", example: "x" }).ok).toBe(false);
  });
});
