/**
 * The receipt after 确认: what was recorded, the priority and what the opinions say to do
 * next, each with its clause. Pure.
 */
import { GUIDANCE_INFO, PRIORITY_INFO } from "./classify.ts";
import type { SurveyDefinition } from "./definition.ts";
import type { LedgerEntry } from "./ledger.ts";
import type { SubmitOutcome } from "./review.ts";
import { maskPhones } from "../privacy.ts";

const yn = (b: boolean) => (b ? "是" : "否");

/** One line summing up a ledger entry; the phone masked when `mask`. */
export function entryLine(e: LedgerEntry, mask: boolean): string {
  const union = e.hasUnion ? `已建工会（会员 ${e.unionMembers ?? 0} 人）` : "未建工会";
  const party = e.hasPartyOrg ? "已建党组织" : "未建党组织";
  const phone = mask ? maskPhones(e.contactPhone) : e.contactPhone;
  return `${e.orgName}｜${e.township}｜${e.orgType}｜职工 ${e.headcount} 人｜${union}｜${party}（党员 ${e.partyMembers ?? 0} 人）｜联系人 ${e.contactName} ${phone}`;
}

/**
 * The receipt text: what was saved with its classification (extra county-added fields
 * listed with their labels); or that the report waits for review; or that it changes nothing.
 */
export function receiptText(def: SurveyDefinition, outcome: SubmitOutcome, mask: boolean): string {
  if (outcome.kind === "pending") {
    const it = outcome.item;
    return [
      `已提交审核（编号 ${it.id}）：「${it.orgName}」已由其他联系人或乡镇填报，您这次的填报不会直接改动台账，已交县总工会管理员和${it.township}乡镇干部审核。`,
      "审核通过前台账保持不变；审核结果会私聊通知您。",
    ].join("\n");
  }
  if (outcome.kind === "unchanged") return `「${outcome.entry.orgName}」的台账记录与您填报的内容一致，无需修改。`;
  const e = outcome.entry;
  const p = PRIORITY_INFO[e.priority];
  const lines = [
    `已保存！${outcome.created ? "已记入台账" : "台账已更新"}（第 ${e.version} 版）：`,
    entryLine(e, mask),
  ];
  for (const f of def.fields) {
    if (f.key in e && !["orgName", "township", "orgType", "headcount", "hasUnion", "unionMembers", "hasPartyOrg", "partyMembers", "contactName", "contactPhone"].includes(f.key)) {
      const v = e[f.key];
      if (v !== null && v !== undefined) lines.push(`${f.label}：${typeof v === "boolean" ? yn(v) : String(v)}`);
    }
  }
  lines.push(`分类：${p.label}——依据《实施意见》${p.clause}：“${p.quote}”`);
  lines.push("下一步：");
  for (const code of e.guidance) {
    const g = GUIDANCE_INFO[code];
    lines.push(`· ${g.label}——《实施意见》${g.clause}：“${g.quote}”`);
  }
  lines.push("情况有变化时，可随时再次发送「填报」更新（保留历史版本）。");
  return lines.join("\n");
}
