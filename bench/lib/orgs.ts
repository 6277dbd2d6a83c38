import { DEFAULT_TOWNSHIPS } from "../../src/config.ts";

/** A synthetic ledger row number i for benchmarks (every third has a union); headcount, priority and time are the caller's. */
export function benchOrganisation(i: number, own: { headcount: number; priority: string; reportedAt: Date }) {
  const hasUnion = i % 3 === 0;
  return {
    normName: `始兴县测试单位${i}有限公司`,
    orgName: `始兴县测试单位${i}有限公司`,
    township: DEFAULT_TOWNSHIPS[i % DEFAULT_TOWNSHIPS.length],
    orgType: i % 5 === 0 ? "社会组织" : "企业",
    headcount: own.headcount,
    hasUnion,
    unionMembers: hasUnion ? 3 : null,
    hasPartyOrg: i % 2 === 0,
    partyMembers: i % 6,
    contactName: `联系人${i}`,
    contactPhone: `138${String(i).padStart(8, "0")}`,
    priority: own.priority,
    guidance: JSON.stringify(hasUnion ? ["cross-appointment"] : ["build-union"]),
    reportedAt: own.reportedAt,
    reportedBy: "bench",
  };
}
