import type { Feature } from "../../src/chat/types.ts";

/** A trivial feature that answers any free text with “答：…”, to make routing visible. */
export const echo = (): Feature => ({
  name: "echo",
  fallback: async (ctx) => {
    await ctx.reply(`答：${ctx.text}`);
    return true;
  },
});
