/** Full-width ASCII variants and ideographic space to half-width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

const SPACES = /[\s\u2005\u2006\u00a0\u200b]+/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Finds `@<botName>` in the text (WeChat puts a U+2005 after a mention) and
 * returns the text without it. Mentions elsewhere than the start count too.
 */
export function stripMention(text: string, botName: string): { mentioned: boolean; text: string } {
  const re = new RegExp(`[@＠]${escapeRegExp(botName)}(?=$|[\\s\\u2005\\u2006,，:：])`, "g");
  const mentioned = re.test(text);
  const stripped = mentioned ? text.replace(re, " ") : text;
  return { mentioned, text: stripped.replace(SPACES, " ").trim() };
}

/** Normalises a command word: full-width to half-width, leading slash removed, spaces collapsed. */
export function normaliseCommandText(text: string): string {
  return toHalfWidth(text).replace(SPACES, " ").trim().replace(/^[/／]/, "");
}
