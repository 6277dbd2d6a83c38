import { describe, expect, it } from "vitest";
import { matchTownship } from "../../src/admin/townships.ts";
import { DEFAULT_TOWNSHIPS } from "../../src/config.ts";

describe("matchTownship", () => {
  it.each([
    ["顿岗", "顿岗镇"], ["顿岗镇", "顿岗镇"], ["工业园", "县工业园"], ["园区", "县工业园"], ["工业园区", "县工业园"], ["县工业园", "县工业园"],
    ["始兴县工业园", "县工业园"], ["深渡水", "深渡水瑶族乡"], ["深渡水乡", "深渡水瑶族乡"], ["深渡水瑶族乡", "深渡水瑶族乡"], ["始兴县太平镇", "太平镇"],
    ["　马市　", "马市镇"], ["太平镇某某村", "太平镇"], ["城南", "城南镇"], ["隘子", "隘子镇"], ["沈所", "沈所镇"],
  ])("%s → %s", (s, t) => expect(matchTownship(s, DEFAULT_TOWNSHIPS)).toBe(t));
  it.each(["", "镇", "北京", "太", "xx"])("%s → null", (s) => expect(matchTownship(s, DEFAULT_TOWNSHIPS)).toBeNull());
  it("works for other counties' lists", () => expect(matchTownship("东湖", ["东湖街道", "西湖镇"])).toBe("东湖街道"));
});
