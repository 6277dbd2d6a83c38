import type { Db } from "../../src/db/client.ts";
import type { Answers } from "../../src/survey/definition.ts";
import { saveReport } from "../../src/survey/ledger.ts";

/** A ledger entry's answers with sensible defaults. */
export function org(over: Partial<Answers> = {}): Answers {
  return { orgName: "始兴县某某有限公司", township: "太平镇", orgType: "企业", headcount: 50, hasUnion: false, unionMembers: null, hasPartyOrg: false, partyMembers: 0, contactName: "李明", contactPhone: "13812345678", ...over };
}

/** Saves several reports at `at`. */
export async function seed(db: Db, list: Partial<Answers>[], at = new Date("2026-11-24T02:00:00Z")): Promise<void> {
  for (const o of list) await saveReport(db, org(o), { name: "测试", id: "t", at });
}
