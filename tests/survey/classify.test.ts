import { describe, expect, it } from "vitest";
import { classify, GUIDANCE_INFO, PRIORITY_INFO } from "../../src/survey/classify.ts";

describe("priority", () => {
  it.each([
    [24, false, "coverage"], [25, false, "target"], [99, false, "target"], [100, false, "focus"], [1, false, "coverage"], [5000, false, "focus"],
    [24, true, "established"], [25, true, "established"], [100, true, "established"],
  ])("%d employees, union %s → %s", (headcount, hasUnion, p) => expect(classify({ headcount, hasUnion, hasPartyOrg: false }).priority).toBe(p));
});

describe("guidance", () => {
  it("Party org, no union → build-union", () => expect(classify({ headcount: 50, hasUnion: false, hasPartyOrg: true }).guidance).toEqual(["build-union"]));
  it("union, no Party org → develop-party", () => expect(classify({ headcount: 50, hasUnion: true, hasPartyOrg: false }).guidance).toEqual(["develop-party"]));
  it("neither → joint-build", () => expect(classify({ headcount: 50, hasUnion: false, hasPartyOrg: false }).guidance).toEqual(["joint-build"]));
  it("both → cross-appointment", () => expect(classify({ headcount: 50, hasUnion: true, hasPartyOrg: true }).guidance).toEqual(["cross-appointment"]));
  it("no union and < 25 → also alliance-coverage", () => {
    expect(classify({ headcount: 24, hasUnion: false, hasPartyOrg: false }).guidance).toEqual(["joint-build", "alliance-coverage"]);
    expect(classify({ headcount: 24, hasUnion: false, hasPartyOrg: true }).guidance).toEqual(["build-union", "alliance-coverage"]);
    expect(classify({ headcount: 25, hasUnion: false, hasPartyOrg: false }).guidance).toEqual(["joint-build"]);
    expect(classify({ headcount: 10, hasUnion: true, hasPartyOrg: false }).guidance).toEqual(["develop-party"]);
  });
  it("every rule cites its clause with the opinions' words", () => {
    expect(PRIORITY_INFO.focus.clause).toBe("二");
    expect(PRIORITY_INFO.target.clause).toBe("二");
    expect(PRIORITY_INFO.focus.quote).toContain("集中攻坚");
    expect(PRIORITY_INFO.target.quote).toContain("应建尽建");
    for (const g of Object.values(GUIDANCE_INFO)) expect(g.clause).toBe("三（二）2");
    expect(GUIDANCE_INFO["cross-appointment"].quote).toContain("交叉任职");
    expect(GUIDANCE_INFO["alliance-coverage"].quote).toContain("工会联合会覆盖");
  });
});
