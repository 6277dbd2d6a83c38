/**
 * The 知识库 page's API: the documents (i8's public library: listDocuments, addDocument,
 * removeDocument, reindex, ask), uploads as raw bytes, and one indexing job at a time whose
 * progress the page polls.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../chat/types.ts";
import { isoShanghai } from "../clock.ts";
import { DocumentFormatError } from "../knowledge/formats.ts";
import type { KnowledgeBase } from "../knowledge/kb.ts";
import type { IndexProgress } from "../knowledge/store.ts";
import { recordAudit } from "./audit.ts";
import { HttpError, parseBody, requireWrite } from "./http.ts";

/** Largest document accepted (bytes). */
export const MAX_UPLOAD = 20 * 1024 * 1024;

/** An upload or re-index running (or just finished), as the page shows it. */
export interface DocumentJob {
  id: number;
  kind: "add" | "reindex";
  /** The uploaded file's name (add). */
  name: string | null;
  by: string;
  startedAt: string;
  progress: Pick<IndexProgress, "stage" | "done" | "total" | "message"> | null;
  finished: boolean;
  /** What was done, in Chinese, once finished. */
  result: string | null;
  /** Why it failed, in Chinese. */
  error: string | null;
}

/** Registers /api/documents, /api/documents/job, /api/ask. */
export async function registerDocumentRoutes(app: FastifyInstance, deps: { services: Services; knowledge: () => KnowledgeBase }): Promise<void> {
  const { db, clock, log } = deps.services;
  let job: DocumentJob | null = null;
  let seq = 0;

  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer", bodyLimit: MAX_UPLOAD }, (_req, body, done) => done(null, body));

  /** Starts a job unless one is running; the work reports progress and returns the result line. */
  const start = (kind: DocumentJob["kind"], name: string | null, by: string, work: (progress: (p: IndexProgress) => void) => Promise<string>): DocumentJob => {
    if (job && !job.finished) throw new HttpError(409, `正在${job.kind === "add" ? `加入“${job.name}”` : "重新索引"}，请等它完成后再试`);
    const current: DocumentJob = { id: ++seq, kind, name, by, startedAt: isoShanghai(clock.now()), progress: null, finished: false, result: null, error: null };
    job = current;
    void work((p) => (current.progress = { stage: p.stage, done: p.done, total: p.total, message: p.message })).then(
      (result) => Object.assign(current, { finished: true, result }),
      (err: unknown) => {
        if (!(err instanceof DocumentFormatError)) log.error({ err }, "知识库文件处理失败");
        Object.assign(current, { finished: true, error: err instanceof DocumentFormatError ? err.message : "处理文件时出错了，请稍后重试" });
      },
    );
    return current;
  };

  app.get("/api/documents", async () => {
    const kb = deps.knowledge();
    const documents = await kb.listDocuments();
    return { documents: documents.map((d) => ({ ...d, indexedAt: isoShanghai(d.indexedAt) })), llm: kb.llmEnabled, job };
  });

  app.get("/api/documents/job", async () => ({ job }));

  app.post("/api/documents", async (req, reply) => {
    const v = requireWrite(req);
    const name = decodeURIComponent(String(req.headers["x-file-name"] ?? "")).trim();
    const content = req.body;
    if (!name || !Buffer.isBuffer(content) || !content.length) throw new HttpError(400, "请选择一个文件上传");
    const started = start("add", name, v.name, async (progress) => {
      const r = await deps.knowledge().addDocument(name, content, progress);
      await recordAudit(db, v, clock.now(), "kb.add", `知识库:${r.document.title}`, r.replaced.length ? r.replaced : null, { ...r.document, units: r.units, articles: r.articles });
      const replaced = r.replaced.length ? `，替换了旧版本${r.replaced.map((d) => `《${d.shortName}》`).join("、")}` : "";
      return `已加入《${r.document.title}》：${r.units} 个条款单元${r.articles ? `、${r.articles} 条` : ""}${replaced}。${r.samples.length ? `可以试着问：${r.samples.join("、")}讲的是什么？` : ""}`;
    });
    return reply.code(202).send({ job: started });
  });

  app.post("/api/documents/reindex", async (req, reply) => {
    const v = requireWrite(req);
    const started = start("reindex", null, v.name, async (progress) => {
      const r = await deps.knowledge().reindex(progress);
      const count = (await deps.knowledge().listDocuments()).length;
      await recordAudit(db, v, clock.now(), "kb.reindex", "知识库", null, { documents: count, failed: r.failed });
      return `已重新索引 ${count} 个文件${r.failed.length ? `；无法读取：${r.failed.map((f) => f.source).join("、")}` : ""}。`;
    });
    return reply.code(202).send({ job: started });
  });

  app.delete("/api/documents/:id", async (req) => {
    const v = requireWrite(req);
    const id = z.coerce.number().int().min(1).parse((req.params as { id: string }).id);
    if (job && !job.finished) throw new HttpError(409, "正在处理文件，请等它完成后再删除");
    const removed = await deps.knowledge().removeDocument(id);
    if (!removed) throw new HttpError(404, `没有编号 ${id} 的文件`);
    await recordAudit(db, v, clock.now(), "kb.remove", `知识库:${removed.title}`, removed, null);
    return { ok: true };
  });

  app.post("/api/ask", async (req) => {
    const body = parseBody(z.object({ question: z.string().trim().min(1).max(300) }), req.body);
    return deps.knowledge().ask(body.question);
  });
}
