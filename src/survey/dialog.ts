/**
 * The survey dialog engine, pure: (definition, state, input) → (new state, reply, action).
 * It knows fields only through the definition. Storage and sending live in session.ts.
 */
import { parseChineseNumber } from "../numerals.ts";
import { cleanUserText } from "./parse.ts";
import { displayValue, isAsked, promptOf, type Answers, type FieldEnv, type SurveyDefinition, type SurveyField } from "./definition.ts";

/** Dialog kind in DialogSession. */
export const SURVEY_KIND = "survey";

/** Failed tries on one question before the bot offers 取消 or to continue later. */
export const MAX_FAILURES = 3;

/** What is kept in DialogSession.state, JSON. */
export interface SurveyState {
  v: 1;
  answers: Answers;
  /** Key of the field being asked, or null when the summary is shown. */
  current: string | null;
  /** A 修改 N is in progress: go back to the summary once answered. */
  editing: boolean;
  /** Failed tries on the current question. */
  failures: number;
  /** Township of the room the dialog started in (所属乡镇 is then not asked). */
  boundTownship: string | null;
}

/** The question asked in this state (the field or the summary, given the answers so far): a failed try does not change it. */
export function surveyQuestion(state: unknown): string {
  const s = state as Partial<SurveyState>;
  return JSON.stringify([s.current ?? null, s.editing ?? false, s.answers ?? {}]);
}

/** The engine's environment: field env plus whether the reply goes to a group. */
export interface EngineEnv extends FieldEnv {
  /** Replies go to a group: mask phone numbers. */
  group: boolean;
}

/** The result of one step. */
export interface StepResult {
  state: SurveyState;
  /** Reply text (the runner appends the summary when `summary`). */
  reply: string;
  /** Append the numbered summary to the reply. */
  summary: boolean;
  /** Side effect for the runner. */
  action: "none" | "confirm" | "cancel" | "pause";
  /** The input was not a valid answer (a reprompt). */
  invalid: boolean;
}

const clean = (s: string) => s.normalize("NFKC").replace(/\s+/g, " ").trim().replace(/[。.!！~～]+$/, "");

const CANCEL = /^(取消|取消填报|放弃|放弃填报|退出|退出填报|不填了)$/;
const BACK = /^(上一步|上一题|上一项|返回|后退|返回上一步|回到上一步)$/;
const EDIT = /^(?:修改|更改|更正|改)\s*第?\s*([0-9]+|[一二三四五六七八九十]+)\s*项?$/;
const EDIT_BARE = /^(修改|更改|更正)$/;
const CONFIRM = /^(确认|确定|提交|确认提交|确认无误|无误|没问题|正确|对的|可以|好的|ok)$/i;
const CONFIRM_STRICT = /^(确认|确认提交|提交)$/;
const RESUME = /^(继续|继续填报|填报|我要填报|开始填报|重新显示|再说一遍)$/;
const PAUSE = /^(暂停|暂停填报|稍后|稍后再填|以后再填|晚点再填|等会再填|先不填)$/;

/** Other features' command words: during a dialog they go to the router, not into an answer. */
const OTHER_COMMANDS = /^(?:(帮助|help|菜单|功能|指令|进度|填报进度|摸底进度|台账|导出台账|简报|提醒|提醒列表|删除提醒|绑定|绑定乡镇|授权|设置角色|角色列表|待审核)(?:$|[\s:：])|(?:通过|退回)\s*\d)/i;

/** True when the text is another command (帮助, 进度, 提醒 …) rather than an answer. */
export function isOtherCommand(text: string): boolean {
  return OTHER_COMMANDS.test(clean(text).replace(/^[/／]/, ""));
}

function field(def: SurveyDefinition, key: string | null): SurveyField | undefined {
  return key ? def.fields.find((f) => f.key === key) : undefined;
}

/** The asked fields, in order, for these answers. */
export function askedFields(def: SurveyDefinition, answers: Answers, env: FieldEnv): SurveyField[] {
  return def.fields.filter((f) => isAsked(f, answers, env));
}

/**
 * The number shown for a field: its place among the fields asked in this dialog, so questions
 * count 1, 2, 3 … without gaps (an item implied by the room or skipped by an earlier answer
 * takes no number) and the summary and 修改 N use the same numbers. 0 when not asked.
 */
export function itemNo(def: SurveyDefinition, f: SurveyField, answers: Answers, env: FieldEnv): number {
  return askedFields(def, answers, env).indexOf(f) + 1;
}

/** The next question: first missing answer after `afterKey`, else the first missing anywhere, else null (summary). */
export function nextField(def: SurveyDefinition, answers: Answers, env: FieldEnv, afterKey: string | null): SurveyField | null {
  const asked = askedFields(def, answers, env);
  const missing = (f: SurveyField) => answers[f.key] === undefined || answers[f.key] === null;
  const idx = afterKey ? def.fields.findIndex((f) => f.key === afterKey) : -1;
  const after = asked.find((f) => def.fields.indexOf(f) > idx && missing(f));
  return after ?? asked.find(missing) ?? null;
}

/** “第3项 职工人数：请填写…（当前：120）”. */
export function questionText(def: SurveyDefinition, f: SurveyField, state: SurveyState, env: EngineEnv): string {
  const current = state.answers[f.key];
  const now = current !== undefined && current !== null ? `（当前：${displayValue(f, current, env.group)}）` : "";
  const privacy = f.sensitive && env.group ? "\n（号码在群消息中会打码显示；也可私聊我填报）" : "";
  return `第${itemNo(def, f, state.answers, env)}项 ${f.label}：${promptOf(f, env)}${now}${privacy}`;
}

/** The numbered summary with the next steps. */
export function summaryText(def: SurveyDefinition, state: SurveyState, env: EngineEnv, note?: string): string {
  const lines = ["请核对填报信息："];
  for (const f of def.fields) {
    const no = itemNo(def, f, state.answers, env);
    if (no) {
      lines.push(`${no}. ${f.label}：${displayValue(f, state.answers[f.key] ?? null, env.group)}`);
    } else {
      const implied = f.implied?.(state.answers, env);
      if (implied !== undefined && implied !== null) lines.push(`· ${f.label}：${displayValue(f, implied, env.group)}（按本群绑定，如属其他乡镇请私聊我填报）`);
    }
  }
  if (note) lines.push(note);
  lines.push("回复「确认」保存；「修改 N」修改第 N 项（如：修改 3）；「取消」放弃。");
  return lines.join("\n");
}

/** A new dialog's state and its opening message. */
export function startDialog(def: SurveyDefinition, env: EngineEnv): { state: SurveyState; reply: string } {
  const state: SurveyState = { v: 1, answers: {}, current: null, editing: false, failures: 0, boundTownship: env.boundTownship };
  const first = nextField(def, state.answers, env, null);
  state.current = first?.key ?? null;
  const total = askedFields(def, { hasUnion: true }, env).length;
  const lines = [`好的，开始填报摸底排查信息（最多 ${total} 项，一次回答一项）。`];
  if (env.boundTownship) lines.push(`所属乡镇已按本群设为「${env.boundTownship}」。`);
  if (env.group) lines.push("在本群回答时无需 @我。");
  lines.push("随时可发送「上一步」「修改 N」「取消」；中途离开 30 分钟会自动保存，发送「继续填报」接着填。");
  lines.push(first ? questionText(def, first, state, env) : "");
  return { state, reply: lines.join("\n") };
}

/** The message that resumes a dialog: the current question, or the summary. */
export function resumeText(def: SurveyDefinition, state: SurveyState, env: EngineEnv): { reply: string; summary: boolean } {
  const f = field(def, state.current);
  if (!f) return { reply: "接着您上次的填报：", summary: true };
  const done = def.fields.filter((x) => state.answers[x.key] !== undefined && state.answers[x.key] !== null).length;
  return { reply: `接着您上次的填报（已填 ${done} 项）：\n${questionText(def, f, state, env)}`, summary: false };
}

const result = (state: SurveyState, reply: string, extra: Partial<StepResult> = {}): StepResult => ({
  state,
  reply,
  summary: false,
  action: "none",
  invalid: false,
  ...extra,
});

function failureReply(def: SurveyDefinition, state: SurveyState, env: EngineEnv, error: string): StepResult {
  const next: SurveyState = { ...state, failures: state.failures + 1 };
  const f = field(def, state.current);
  const where = f ? `（第${itemNo(def, f, state.answers, env)}项 ${f.label}）` : "";
  const lines = [`${error}${where}`];
  if (next.failures % MAX_FAILURES === 0) {
    lines.push("已连续多次未能识别。您可以：发送「取消」放弃本次填报；或发送「暂停」，以后再发送「继续填报」接着填（已填内容都会保存）。");
  }
  return result(next, lines.join("\n"), { invalid: true });
}

/** After an answer changed, drops answers that no longer pass their checks; returns notes. */
function revalidate(def: SurveyDefinition, answers: Answers, env: FieldEnv, changedKey: string): string[] {
  const notes: string[] = [];
  for (const f of def.fields) {
    if (f.key === changedKey || !f.check || !isAsked(f, answers, env)) continue;
    const v = answers[f.key];
    if (v === undefined || v === null) continue;
    const problem = f.check(v, answers);
    if (problem) {
      delete answers[f.key];
      notes.push(`第${itemNo(def, f, answers, env)}项 ${f.label}（${v}）${problem}。`);
    }
  }
  return notes;
}

function moveTo(def: SurveyDefinition, state: SurveyState, env: EngineEnv, prefix: string[]): StepResult {
  const next = state.editing ? nextField(def, state.answers, env, null) : nextField(def, state.answers, env, state.current);
  if (!next) {
    return result({ ...state, current: null, editing: false, failures: 0 }, prefix.join("\n"), { summary: true });
  }
  const s = { ...state, current: next.key, failures: 0 };
  return result(s, [...prefix, questionText(def, next, s, env)].join("\n"));
}

/**
 * One user message in an active dialog. Control words first (取消, 上一步, 修改 N, 确认,
 * 继续填报, 暂停), then the answer to the current question.
 */
export function step(def: SurveyDefinition, state: SurveyState, raw: string, env: EngineEnv): StepResult {
  const input = cleanUserText(raw);
  const text = clean(input);
  if (CANCEL.test(text)) return result(state, "已取消本次填报，填写的内容已丢弃。需要时可再发送「填报」重新开始。", { action: "cancel" });
  if (PAUSE.test(text)) {
    return result(state, "好的，已暂停。已填写的内容都已保存，需要时发送「继续填报」接着填写" + (env.group ? "（在群里请 @我）。" : "。"), { action: "pause" });
  }
  if (RESUME.test(text)) {
    const r = resumeText(def, state, env);
    return result({ ...state, failures: 0 }, r.reply, { summary: r.summary });
  }
  if (BACK.test(text)) {
    const asked = askedFields(def, state.answers, env);
    const idx = state.current ? asked.findIndex((f) => f.key === state.current) : asked.length;
    if (idx <= 0) {
      const f = asked[0];
      return result(state, `已经是第一项了。\n${f ? questionText(def, f, state, env) : ""}`);
    }
    const prev = asked[idx - 1];
    const s = { ...state, current: prev.key, editing: false, failures: 0 };
    return result(s, questionText(def, prev, s, env));
  }
  const edit = EDIT.exec(text);
  if (edit) {
    const asked = askedFields(def, state.answers, env);
    const f = asked[(parseChineseNumber(edit[1]) ?? 0) - 1];
    if (!f) return result(state, `没有第${edit[1]}项，可修改的是第 1–${asked.length} 项，例如：修改 3`);
    const s = { ...state, current: f.key, editing: true, failures: 0 };
    return result(s, questionText(def, f, s, env));
  }
  if (EDIT_BARE.test(text)) return result(state, "请说明要修改第几项，例如：修改 3");
  if (state.current === null) {
    if (CONFIRM.test(text)) return result(state, "", { action: "confirm" });
    return failureReply(def, state, env, "请回复「确认」保存，或「修改 N」修改第 N 项（如：修改 3），或「取消」放弃");
  }
  const f = field(def, state.current);
  if (!f) {
    const s = { ...state, current: null };
    return result(s, "", { summary: true });
  }
  if (CONFIRM_STRICT.test(text)) {
    return result(state, `还没有填完，请先回答：\n${questionText(def, f, state, env)}`);
  }
  const parsed = f.parse(input, env);
  if (!parsed.ok) return failureReply(def, state, env, parsed.error);
  const answers: Answers = { ...state.answers, [f.key]: parsed.value };
  const problem = f.check?.(parsed.value, answers);
  if (problem) return failureReply(def, state, env, `${f.label}${problem}`);
  const notes = revalidate(def, answers, env, f.key);
  const prefix = [parsed.note, ...notes].filter((x): x is string => Boolean(x));
  return moveTo(def, { ...state, answers }, env, prefix);
}
