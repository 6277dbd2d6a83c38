import { describe, expect, it } from "vitest";
import { containsPhone, forGroup, maskPersonal, maskPhones } from "../src/privacy.ts";

describe("phone masking in every written form", () => {
  it.each([
    ["李明 138 1234 5678", "李明 138****5678"],
    ["李明 139-8765-4321 确认", "李明 139****4321 确认"],
    ["+86 135 0000 1111", "+86 135****1111"],
    ["+8615011112222", "+86150****2222"],
    ["（+86）177 6666 5555", "（+86）177****5555"],
    ["0086-188-1234-9876", "0086-188****9876"],
    ["１５９１２３４５６７８", "159****5678"],
    ["1591 234 5678", "159****5678"],
    ["请联系王芳15912345678确认", "请联系王芳159****5678确认"],
    ["座机 0751-332 1234", "座机 0751-****1234"],
    ["座机 0751 3321234", "座机 0751-****1234"],
    ["座机（0751）332-1234", "座机0751-****1234"],
    ["座机 07513321234", "座机 0751-****1234"],
    ["北京 010-87654321", "北京 010-****4321"],
    ["+86 20 8765 4321", "020-****4321"],
  ])("%s", (input, masked) => {
    expect(maskPhones(input)).toBe(masked);
    expect(containsPhone(input)).toBe(true);
  });

  it("leaves dates, counts, amounts and long ids alone", () => {
    for (const t of ["日期 2026-11-25，职工 120 人", "经费 12000 元，2026年9月30日前", "订单号 2013812345678901", "第三条 1 款"]) {
      expect(maskPhones(t)).toBe(t);
      expect(containsPhone(t)).toBe(false);
    }
  });

  it("masks resident ID numbers for groups and model prompts", () => {
    expect(maskPersonal("身份证 44022219900101123X，电话 138 1234 5678")).toBe("身份证 440***********123X，电话 138****5678");
    expect(forGroup("我的身份证号是440222199001011234")).toBe("我的身份证号是440***********1234");
  });
});
