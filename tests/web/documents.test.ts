import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loggedIn, startConsole, type Client } from "./helpers.ts";

const FIXTURE = "tests/fixtures/knowledge/qinglan-workers-rights-regulations.txt";
/** A short notice whose text has no numbered parts (一、 / 第一条): only its opening and body. */
const NO_PARTS = "关于做好春节期间困难职工慰问工作的通知\n\n各乡镇工会：\n春节将至，请各乡镇工会做好困难职工慰问工作，慰问名单于1月10日前报县总工会。\n\n始兴县总工会\n2026年12月1日\n";

type Console = Awaited<ReturnType<typeof startConsole>>;
let t: Console;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kb-web-"));
  t = await startConsole({ env: { KNOWLEDGE_DIR: dir } });
});
afterEach(async () => t.stop());

interface Job {
  finished: boolean;
  result: string | null;
  error: string | null;
  progress: { done: number; total: number } | null;
}

async function upload(c: Client, name: string, content: Buffer) {
  return c.json<{ job: Job; error?: string }>("/api/documents", { method: "POST", raw: content, headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(name) } });
}

async function finished(c: Client): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const { body } = await c.json<{ job: Job }>("/api/documents/job");
    if (body.job.finished) return body.job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("job did not finish");
}

describe("知识库 page API (i8's library)", () => {
  it("uploads a document with progress, lists it, answers from it, re-indexes and removes it; all audited", async () => {
    const c = await loggedIn(t, "adm", "admin", "赵管理");
    const started = await upload(c, "青岚条例.txt", fs.readFileSync(FIXTURE));
    expect(started.status).toBe(202);
    const done = await finished(c);
    expect(done.error).toBeNull();
    expect(done.result).toContain("已加入《青岚市职工权益保障条例》");
    expect(done.result).toContain("可以试着问：第一条、");
    expect(done.progress?.done).toBe(done.progress?.total);
    expect(fs.readdirSync(dir)).toContain("青岚条例.txt");

    const list = await c.json<{ documents: { id: number; title: string; units: number }[] }>("/api/documents");
    expect(list.body.documents).toEqual([expect.objectContaining({ title: "青岚市职工权益保障条例" })]);
    expect(list.body.documents[0].units).toBeGreaterThan(10);

    const answer = await c.json<{ grounded: boolean; citations: { section: string }[] }>("/api/ask", { method: "POST", body: { question: "第一条讲的啥" } });
    expect(answer.body.grounded).toBe(true);
    expect(answer.body.citations[0].section).toContain("第一条");

    expect((await c.json("/api/documents/reindex", { method: "POST", body: {} })).status).toBe(202);
    expect((await finished(c)).result).toContain("已重新索引 1 个文件");

    expect((await c.json(`/api/documents/${list.body.documents[0].id}`, { method: "DELETE" })).status).toBe(200);
    expect((await c.json<{ documents: unknown[] }>("/api/documents")).body.documents).toEqual([]);
    expect(fs.readdirSync(dir)).not.toContain("青岚条例.txt");

    const audit = await c.json<{ items: { action: string; userName: string }[] }>("/api/audit");
    expect(audit.body.items.map((a) => a.action)).toEqual(["kb.remove", "kb.reindex", "kb.add"]);
  });

  it("a notice without numbered parts is added without sample places to ask about", async () => {
    const c = await loggedIn(t, "adm", "admin");
    await upload(c, "慰问通知.txt", Buffer.from(NO_PARTS));
    const job = await finished(c);
    expect(job.error).toBeNull();
    expect(job.result).toMatch(/^已加入《关于做好春节期间困难职工慰问工作的通知》：\d+ 个条款单元。$/);
  });

  it("a file the knowledge base cannot read is refused with the chat's message; leaders cannot upload", async () => {
    const c = await loggedIn(t, "adm", "admin");
    await upload(c, "扫描件.pdf", Buffer.from("%PDF-1.4 not really a pdf"));
    const job = await finished(c);
    expect(job.result).toBeNull();
    expect(job.error).toMatch(/[\u4e00-\u9fa5]/);
    expect(fs.readdirSync(dir)).toEqual([]);

    const leader = await loggedIn(t, "lead", "leader");
    expect((await upload(leader, "a.txt", Buffer.from("第一条 测试。"))).status).toBe(403);
    expect((await leader.json("/api/documents")).status).toBe(200);
  });
});
