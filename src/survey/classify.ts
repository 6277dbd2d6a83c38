/**
 * Classification of an organisation by the opinions (二 and 三（二）2). Pure.
 * “以上” includes the number itself (Civil Code art. 1259): 25 人以上 means ≥ 25.
 */

export const PRIORITIES = ["established", "focus", "target", "coverage"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const GUIDANCE_CODES = ["build-union", "develop-party", "joint-build", "cross-appointment", "alliance-coverage"] as const;
export type GuidanceCode = (typeof GUIDANCE_CODES)[number];

/** Threshold of 二: organisations of 25 or more employees must build a union by year end. */
export const TARGET_MIN = 25;
/** Threshold of 二: organisations of 100 or more employees are the focus (集中攻坚). */
export const FOCUS_MIN = 100;

/** A rule's explanation: Chinese label, the clause and the opinions' own words. */
export interface Explained {
  label: string;
  clause: string;
  quote: string;
}

/** Chinese label, clause and quote for each priority. */
export const PRIORITY_INFO: Record<Priority, Explained> = {
  established: {
    label: "已建工会",
    clause: "三（二）1",
    quote: "此后，每年要开展一次摸底排查，及时跟进党组织、工会组织建设。",
  },
  focus: {
    label: "集中攻坚（100人以上未建工会）",
    clause: "二",
    quote: "100人以上未建工会的经济组织和社会组织要开展集中攻坚，重点突破。",
  },
  target: {
    label: "年底前应建尽建（25–99人未建工会）",
    clause: "二",
    quote: "25人以上未建工会的经济组织和社会组织中要基本完成应建尽建任务。",
  },
  coverage: {
    label: "联合会覆盖（25人以下未建工会）",
    clause: "三（二）2",
    quote: "对暂不具备独立建立工会组织的，由乡镇、园区工会联合会覆盖。",
  },
};

/** Chinese label, clause and quote for each guidance code. */
export const GUIDANCE_INFO: Record<GuidanceCode, Explained> = {
  "build-union": {
    label: "尽快建立工会",
    clause: "三（二）2",
    quote: "凡是已建立党组织未建立工会组织的，要在党组织和上级工会的领导下，依照《中华人民共和国工会法》的要求，尽快建立工会组织。",
  },
  "develop-party": {
    label: "发展党员、创造条件建立党组织",
    clause: "三（二）2",
    quote: "对已建立工会组织尚未建立党组织的，要以工会组织为基础，从优秀工会干部、积极分子中发展党员，创造条件建立党组织。",
  },
  "joint-build": {
    label: "统筹联建党组织、工会组织",
    clause: "三（二）2",
    quote: "对尚未建立党组织、工会组织的，要在上级党组织和工会组织领导下统筹联建党组织、工会组织。",
  },
  "cross-appointment": {
    label: "推行党组织书记与工会主席交叉任职",
    clause: "三（二）2",
    quote: "对一些具备交叉任职条件的企业，要积极推行党组织书记与工会主席交叉任职，企业党组织书记通过法定程序兼任工会主席，统筹抓好党建和工会工作。",
  },
  "alliance-coverage": {
    label: "由乡镇、园区工会联合会覆盖",
    clause: "三（二）2",
    quote: "对暂不具备独立建立工会组织的，由乡镇、园区工会联合会覆盖。",
  },
};

/** What classification needs to know. */
export interface ClassifyInput {
  headcount: number;
  hasUnion: boolean;
  hasPartyOrg: boolean;
}

/** The result: one priority and the guidance codes, in a fixed order. */
export interface Classification {
  priority: Priority;
  guidance: GuidanceCode[];
}

/** Priority: has a union → established; else ≥ 100 → focus; 25–99 → target; < 25 → coverage. */
export function classifyPriority(o: ClassifyInput): Priority {
  if (o.hasUnion) return "established";
  if (o.headcount >= FOCUS_MIN) return "focus";
  if (o.headcount >= TARGET_MIN) return "target";
  return "coverage";
}

/**
 * Guidance (三（二）2): Party org without union → build-union; union without Party org →
 * develop-party; neither → joint-build; both → cross-appointment; no union and < 25 → also
 * alliance-coverage.
 */
export function classifyGuidance(o: ClassifyInput): GuidanceCode[] {
  const codes: GuidanceCode[] = [];
  if (o.hasPartyOrg && !o.hasUnion) codes.push("build-union");
  if (o.hasUnion && !o.hasPartyOrg) codes.push("develop-party");
  if (!o.hasUnion && !o.hasPartyOrg) codes.push("joint-build");
  if (o.hasUnion && o.hasPartyOrg) codes.push("cross-appointment");
  if (!o.hasUnion && o.headcount < TARGET_MIN) codes.push("alliance-coverage");
  return codes;
}

/** Priority and guidance together. */
export function classify(o: ClassifyInput): Classification {
  return { priority: classifyPriority(o), guidance: classifyGuidance(o) };
}

