import type { Context, Feature, Services } from "../chat/types.ts";
import { DocumentFormatError, FORMATS_LABEL } from "./formats.ts";
import { sharedKnowledgeBase, type AddResult } from "./kb.ts";
import type { StoredDocument } from "./store.ts";

/** Longest question taken from chat (longer text is cut; no policy question needs more). */
const MAX_QUESTION = 300;
/** Largest file taken into the knowledge base from chat (bytes). */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const NOT_ADMIN_FILE = "谢谢您发来的文件。只有管理员可以把文件加入知识库；如需收录，请把文件交给县总工会的管理员。有问题可以直接用文字问我。";

/** One line of the document list: number, short name, issuer and date, counts. */
export function documentLine(d: StoredDocument): string {
  const about = [d.issuer, d.date].filter(Boolean).join("，");
  const counts = d.articles ? `${d.articles} 条` : `${d.units} 个条款单元`;
  return `${d.id}. 《${d.shortName}》${about ? `（${about}）` : ""}：${counts}，文件 ${d.source}`;
}

/** The reply after a document was added: counts, three sample places, what it replaced. */
function addedReply(r: AddResult): string {
  const d = r.document;
  const lines = [`已加入知识库：《${d.title}》（编号 ${d.id}）。`, r.articles ? `共 ${r.articles} 条、${r.units} 个条款单元。` : `共 ${r.units} 个条款单元。`];
  if (r.samples.length) lines.push(`示例出处：《${d.shortName}》${r.samples.join("、")}`);
  if (r.replaced.length) lines.push(`已替换旧版本：${r.replaced.map((x) => `《${x.shortName}》${x.date ? `（${x.date}）` : ""}`).join("、")}。`);
  lines.push("现在就可以直接提问了。");
  return lines.join("\n");
}

/**
 * The policy Q&A feature: answers @mentioned (or private) free text and the 问 command
 * from the knowledge base; `知识库` lists the documents, `删除文件 N` (admins) removes one,
 * and a file an admin sends in private chat is added to the knowledge base. start()
 * begins loading the index in the background (the bot is ready meanwhile; the first
 * question waits for it), and it is refreshed lazily on use.
 */
export function knowledgeFeature(services: Services): Feature {
  const kb = sharedKnowledgeBase({ db: services.db, dir: services.config.KNOWLEDGE_DIR, config: services.config, log: services.log });

  const answer = async (ctx: Context, question: string): Promise<void> => {
    const q = question.trim().slice(0, MAX_QUESTION);
    if (!q) {
      await ctx.reply("请在“问”后面写上您的问题，例如：问 工联会主席由谁兼任？");
      return;
    }
    const result = await kb.ask(q);
    services.log.info({ grounded: result.grounded, mode: result.mode, cited: result.citations.map((c) => c.place) }, "已回答政策问题");
    await ctx.reply(result.answer);
  };

  const addFile = async (ctx: Context): Promise<void> => {
    const file = ctx.msg.file!;
    let content: Buffer;
    try {
      content = await file.load();
    } catch (err) {
      services.log.warn({ err: String(err), name: file.name }, "文件下载失败");
      await ctx.reply(`文件“${file.name}”没有下载成功，请稍后再发一次。`);
      return;
    }
    if (content.length > MAX_UPLOAD_BYTES) {
      await ctx.reply(`文件“${file.name}”太大（${(content.length / 1048576).toFixed(1)} MB），知识库只收 ${MAX_UPLOAD_BYTES / 1048576} MB 以内的文件。`);
      return;
    }
    await ctx.reply(`收到“${file.name}”，正在解析并建立索引，请稍候……`);
    try {
      const r = await kb.addDocument(file.name, content);
      services.log.info({ source: r.document.source, units: r.units, replaced: r.replaced.map((d) => d.source) }, "已从聊天加入知识库文件");
      await ctx.reply(addedReply(r));
      // Build the in-memory index now, so the first question about the new document is quick.
      void kb.ready().catch((err: unknown) => services.log.error({ err }, "知识库索引建立失败"));
    } catch (err) {
      if (!(err instanceof DocumentFormatError)) throw err;
      await ctx.reply(`没有加入知识库：${err.message}`);
    }
  };

  return {
    name: "knowledge",
    commands: [
      {
        name: "问",
        aliases: ["问答", "提问"],
        summary: "政策问答：根据知识库里的文件回答问题并注明出处",
        usage: "问 工联会主席由谁兼任？",
        run: answer,
      },
      {
        name: "知识库",
        aliases: ["文件列表"],
        summary: "列出知识库里的文件（管理员私聊发文件即可加入）",
        usage: "知识库",
        run: async (ctx) => {
          const docs = await kb.listDocuments();
          const tail = ctx.role === "admin" ? "\n删除请发：删除文件 编号" : "";
          const list = `知识库共 ${docs.length} 个文件：\n${docs.map(documentLine).join("\n")}${tail}`;
          await ctx.reply(docs.length ? list : `知识库里还没有文件。管理员可以私聊发给我 ${FORMATS_LABEL} 文件来加入。`);
        },
      },
      {
        name: "删除文件",
        summary: "从知识库删除一个文件（编号见“知识库”）",
        usage: "删除文件 2",
        roles: ["admin"],
        run: async (ctx, args) => {
          const id = Number(args.trim().replace(/^第|号$/g, ""));
          if (!Number.isInteger(id) || id < 1) {
            await ctx.reply("请写上要删除的文件编号，例如：删除文件 2（编号见“知识库”）。");
            return;
          }
          const removed = await kb.removeDocument(id);
          await ctx.reply(removed ? `已从知识库删除：${removed.id}. 《${removed.shortName}》（文件 ${removed.source}，原文件已移到知识库目录的 .removed 文件夹备查）。` : `没有编号为 ${id} 的文件，请先发“知识库”查看编号。`);
        },
      },
    ],
    async onFile(ctx) {
      if (!ctx.isPrivate || !ctx.msg.file) return false;
      await (ctx.role === "admin" ? addFile(ctx) : ctx.reply(NOT_ADMIN_FILE));
      return true;
    },
    async fallback(ctx) {
      if ((!ctx.isPrivate && !ctx.mentioned) || !ctx.text.trim()) return false;
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
