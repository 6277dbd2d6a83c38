/**
 * The survey as data: fields in order, with prompts, parsers, cross-checks and conditions
 * (the dialog numbers the fields it asks: 1, 2, 3 …).
 * The dialog engine only walks this list, so a county adds a field by appending one
 * (its answers go to Organisation.extra) without touching the engine.
 */
import { matchTownship } from "../admin/townships.ts";
import { maskPhones } from "../privacy.ts";
import { parseCount, parseOrgType, parsePhone, parseText, parseYesNo, type Parsed } from "./parse.ts";

/** Answers collected so far, by field key. Values are JSON (string, number, boolean). */
export type Answers = Record<string, string | number | boolean | null>;

/** What a field may know besides the answers. */
export interface FieldEnv {
  /** The county's townships (config TOWNSHIPS). */
  townships: readonly string[];
  /** The township of the room the dialog was started in, if bound. */
  boundTownship: string | null;
}

/** One question of the survey. */
export interface SurveyField {
  /** Answer key; the core keys map to Organisation columns, others go to `extra`. */
  key: string;
  /** Chinese label: 单位名称. */
  label: string;
  /** The question, one line. */
  prompt: string | ((env: FieldEnv) => string);
  /** Parses one answer. */
  parse(input: string, env: FieldEnv): Parsed<string | number | boolean>;
  /** Checks a value against the other answers (≤ 职工人数 …); returns an error or null. */
  check?(value: Answers[string], answers: Answers): string | null;
  /** Asked only when true (default: always). */
  when?(answers: Answers, env: FieldEnv): boolean;
  /** The value used when the field is not asked (所属乡镇 from the bound room). */
  implied?(answers: Answers, env: FieldEnv): Answers[string] | undefined;
  /** How the value reads in the summary and receipts. */
  display?(value: Answers[string]): string;
  /** Masked in group messages (phone numbers). */
  sensitive?: boolean;
  /** Accepts almost any text (names): such answers never resume a paused dialog by themselves. */
  freeText?: boolean;
}

/** A survey: its fields in order. */
export interface SurveyDefinition {
  fields: SurveyField[];
}

const yesNo = (v: Answers[string]) => (v === true ? "是" : v === false ? "否" : "");

/** Builder for a yes/no field (e.g. a county's 是否建立女职工委员会). */
export function yesNoField(f: Omit<SurveyField, "parse" | "display">): SurveyField {
  return { ...f, parse: (input) => parseYesNo(input, f.label), display: yesNo };
}

/** Builder for a count field. */
export function countField(f: Omit<SurveyField, "parse"> & { min?: number; max?: number; zeroWords?: boolean; example: string }): SurveyField {
  return {
    ...f,
    parse: (input) => parseCount(input, { what: f.label, example: f.example, min: f.min, max: f.max, zeroWords: f.zeroWords }),
    display: f.display ?? ((v) => `${v}`),
  };
}

/** Builder for a free-text field. */
export function textField(f: Omit<SurveyField, "parse"> & { example: string; min?: number; max?: number }): SurveyField {
  return { ...f, freeText: true, parse: (input) => parseText(input, { what: f.label, example: f.example, min: f.min, max: f.max }) };
}

const notAbove = (limitKey: string, limitLabel: string) => (value: Answers[string], answers: Answers) => {
  const limit = answers[limitKey];
  if (typeof value === "number" && typeof limit === "number" && value > limit) {
    return `不能超过${limitLabel}（${limit}），请核对后重新填写`;
  }
  return null;
};

/** Answer keys stored in Organisation's own columns. */
export const CORE_KEYS = ["orgName", "township", "orgType", "headcount", "hasUnion", "unionMembers", "hasPartyOrg", "partyMembers", "contactName", "contactPhone"] as const;

/**
 * The default survey of DESIGN.md §4. 党员人数 is asked in every case, as the
 * design lists it: an organisation without a Party organisation may still have Party
 * members (three are enough for a branch), which is what 三（二）2 builds on.
 */
export const DEFAULT_SURVEY: SurveyDefinition = {
  fields: [
    textField({ key: "orgName", label: "单位名称", prompt: "请填写单位全称，例如：始兴县某某食品有限公司", example: "始兴县某某食品有限公司", min: 2, max: 60 }),
    {
      key: "township",
      label: "所属乡镇（园区）",
      prompt: (env) => `请填写所属乡镇（园区），可选：${env.townships.join("、")}`,
      parse(input, env) {
        const t = matchTownship(input, env.townships);
        return t ? { ok: true, value: t } : { ok: false, error: `没有找到乡镇“${input.trim()}”。请从以下选择：${env.townships.join("、")}，例如：${env.townships[0]}` };
      },
      when: (_a, env) => !env.boundTownship,
      implied: (_a, env) => env.boundTownship ?? undefined,
    },
    { key: "orgType", label: "单位类型", prompt: "请选择单位类型：企业、社会组织 或 其他（可回复 1、2、3）", parse: (input) => parseOrgType(input) },
    countField({ key: "headcount", label: "职工人数", prompt: "请填写职工人数（整数），例如：120", example: "120", min: 1 }),
    yesNoField({ key: "hasUnion", label: "是否已建立工会", prompt: "是否已建立工会？请回答“是”或“否”" }),
    countField({
      key: "unionMembers",
      label: "工会会员人数",
      prompt: "请填写工会会员人数（不超过职工人数），例如：80",
      example: "80",
      min: 1,
      check: notAbove("headcount", "职工人数"),
      when: (a) => a.hasUnion === true,
    }),
    yesNoField({ key: "hasPartyOrg", label: "是否已建立党组织", prompt: "是否已建立党组织？请回答“是”或“否”" }),
    countField({
      key: "partyMembers",
      label: "党员人数",
      prompt: "请填写党员人数（没有请回复 0），例如：5",
      example: "5",
      min: 0,
      zeroWords: true,
      check: notAbove("headcount", "职工人数"),
    }),
    textField({ key: "contactName", label: "联系人", prompt: "请填写联系人姓名，例如：李明", example: "李明", min: 1, max: 20 }),
    {
      key: "contactPhone",
      label: "联系电话",
      prompt: "请填写联系电话：11 位手机号，或带区号的固定电话，格式如 138XXXXXXXX 或 0751-XXXXXXX",
      parse: (input) => parsePhone(input),
      display: (v) => String(v ?? ""),
      sensitive: true,
    },
  ],
};

/** True when the field is asked given the answers so far. */
export function isAsked(field: SurveyField, answers: Answers, env: FieldEnv): boolean {
  return field.when ? field.when(answers, env) : true;
}

/** The field's question text. */
export function promptOf(field: SurveyField, env: FieldEnv): string {
  return typeof field.prompt === "function" ? field.prompt(env) : field.prompt;
}

/** A value as shown to people; phone numbers masked when `mask`. */
export function displayValue(field: SurveyField, value: Answers[string], mask: boolean): string {
  if (value === undefined || value === null) return "";
  const text = field.display ? field.display(value) : String(value);
  return field.sensitive && mask ? maskPhones(text) : text;
}

/**
 * The final values of a completed survey: asked fields' answers, implied values of
 * skipped ones (所属乡镇 from the room), null for fields whose condition is false.
 */
export function finalAnswers(def: SurveyDefinition, answers: Answers, env: FieldEnv): Answers {
  const out: Answers = {};
  for (const f of def.fields) {
    if (isAsked(f, answers, env)) out[f.key] = answers[f.key] ?? null;
    else out[f.key] = f.implied?.(answers, env) ?? null;
  }
  return out;
}
