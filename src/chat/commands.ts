import { ROLE_NAMES, type Command, type Context, type Role } from "./types.ts";
import { normaliseCommandText } from "./text.ts";

export interface CommandMatch {
  command: Command;
  args: string;
}

const TRAILING_PUNCT = /[\s。！!？?,，.]+$/;

/**
 * Chinese command table with aliases. A command matches when the text is exactly
 * its name or an alias, or starts with it followed by a space or colon; commands
 * with a `usage` (they take arguments) also match with the arguments attached
 * directly (“进度太平镇”, “删除提醒3”). The longest name wins.
 */
export class CommandTable {
  private readonly entries: { word: string; command: Command }[] = [];

  constructor(commands: Command[]) {
    const seen = new Set<string>();
    for (const command of commands) {
      for (const word of [command.name, ...(command.aliases ?? [])]) {
        const key = word.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        this.entries.push({ word: key, command });
      }
    }
    this.entries.sort((a, b) => b.word.length - a.word.length);
  }

  get commands(): Command[] {
    return [...new Set(this.entries.map((e) => e.command))];
  }

  match(text: string): CommandMatch | null {
    const t = normaliseCommandText(text);
    const lower = t.toLowerCase();
    for (const { word, command } of this.entries) {
      if (!lower.startsWith(word)) continue;
      const rest = t.slice(word.length);
      if (rest.replace(TRAILING_PUNCT, "") === "") return { command, args: "" };
      if (/^[\s:：]/.test(rest)) return { command, args: rest.replace(/^[\s:：]+/, "").trim() };
      if (command.usage && !/^[a-z]/i.test(rest)) return { command, args: rest.trim() };
    }
    return null;
  }
}

/** True when the role may run the command. */
export function allowed(command: Command, role: Role): boolean {
  return !command.roles || command.roles.includes(role);
}

/** A polite refusal that says who can. */
export function refusal(command: Command): string {
  const who = (command.roles ?? []).map((r) => ROLE_NAMES[r]).join("、");
  return `抱歉，「${command.name}」仅限${who}使用。如需开通，请联系县总工会管理员。`;
}

/** 帮助: the commands this sender may use, with a usage example each. */
export function helpText(ctx: Context, commands: Command[], botName: string): string {
  const mine = commands.filter((c) => !c.hidden && allowed(c, ctx.role));
  const lines = mine.map((c) => {
    const aliases = c.aliases?.length ? `（也可说：${c.aliases.filter((a) => !a.startsWith("/")).join("、")}）` : "";
    return `· ${c.usage ?? c.name} —— ${c.summary}${aliases}`;
  });
  const how = ctx.isPrivate ? "私聊直接发送指令或问题即可。" : `在群里请先 @${botName} 再发送指令或问题。`;
  return [`我是${botName}，您的身份：${ROLE_NAMES[ctx.role]}。可用指令：`, ...lines, "· 直接提问 —— 回答《实施意见》中的政策问题，并注明出处", how].join("\n");
}
