/**
 * Validation of a whole record at once (the web console's edit form) with the dialog's
 * own parsers and cross-checks: the same answers are accepted and refused, with the same
 * Chinese messages.
 */
import { DEFAULT_SURVEY, finalAnswers, isAsked, type Answers, type FieldEnv, type SurveyDefinition } from "./definition.ts";

/** A refused field: its key, label and the dialog's message. */
export interface FieldError {
  key: string;
  label: string;
  error: string;
}

/** Typed values as text the parsers read (true → 是, 12 → "12"). */
function asInput(v: unknown): string {
  if (v === true) return "是";
  if (v === false) return "否";
  if (v === null || v === undefined) return "";
  return String(v);
}

/**
 * Parses and checks every field the survey would ask given the other answers; a field
 * not asked (会员人数 without a union) gets its implied value or null.
 */
export function validateRecord(
  input: Record<string, unknown>,
  opts: { townships: readonly string[]; def?: SurveyDefinition },
): { ok: true; answers: Answers } | { ok: false; errors: FieldError[] } {
  const def = opts.def ?? DEFAULT_SURVEY;
  const env: FieldEnv = { townships: opts.townships, boundTownship: null };
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const field of def.fields) {
    if (!isAsked(field, answers, env)) continue;
    const text = asInput(input[field.key]);
    const parsed = field.parse(text, env);
    if (!parsed.ok) {
      errors.push({ key: field.key, label: field.label, error: parsed.error });
      continue;
    }
    const problem = field.check?.(parsed.value, answers);
    if (problem) errors.push({ key: field.key, label: field.label, error: problem });
    else answers[field.key] = parsed.value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers: finalAnswers(def, answers, env) };
}
