import type { Context, Feature, Services } from "../chat/types.ts";
import { KnowledgeBase } from "./kb.ts";

/** Longest question taken from chat (longer text is cut; no policy question needs more). */
const MAX_QUESTION = 300;

/**
 * The policy Q&A feature: answers @mentioned (or private) free text and the 问 command
 * from the knowledge base. start() begins loading the index in the background (the bot is
 * ready meanwhile; the first question waits for it), and it is refreshed lazily on use.
 */
export function knowledgeFeature(services: Services): Feature {
  const kb = new KnowledgeBase({ db: services.db, dir: services.config.KNOWLEDGE_DIR, config: services.config, log: services.log });

  const answer = async (ctx: Context, question: string): Promise<void> => {
    const q = question.trim().slice(0, MAX_QUESTION);
    if (!q) {
      await ctx.reply("请在“问”后面写上您的问题，例如：问 工联会主席由谁兼任？");
      return;
    }
    const result = await kb.ask(q);
    services.log.info({ grounded: result.grounded, mode: result.mode, cited: result.citations.map((c) => c.section) }, "已回答政策问题");
    await ctx.reply(result.answer);
  };

  return {
    name: "knowledge",
    commands: [
      {
        name: "问",
        aliases: ["问答", "提问"],
        summary: "政策问答：根据《实施意见》等文件回答问题并注明条款",
        usage: "问 工联会主席由谁兼任？",
        run: (ctx, args) => answer(ctx, args),
      },
    ],
    async fallback(ctx) {
      if (!ctx.isPrivate && !ctx.mentioned) return false;
      if (!ctx.text.trim()) return false;
      await answer(ctx, ctx.text);
      return true;
    },
    async start() {
      const t0 = performance.now();
      void kb.ready().then(
        (index) => services.log.info({ chunks: index.chunks.length, ms: Math.round(performance.now() - t0) }, "知识库索引已就绪"),
        (err) => services.log.error({ err }, "知识库索引建立失败"),
      );
    },
  };
}
