import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { idf } from "@node-rs/jieba/dict.js";
import { afterAll, describe, expect, it } from "vitest";
import { analysisKey } from "../../src/knowledge/analysis.ts";
import { parseEvalRows } from "../../src/knowledge/eval.ts";
import { KnowledgeBase } from "../../src/knowledge/kb.ts";
import { LexicalIndex } from "../../src/knowledge/retrieve.ts";
import { GeneralIdfTable } from "../../src/knowledge/segment.ts";
import { RETRIEVER_NAMESPACE, KnowledgeRetriever } from "../../src/knowledge/retriever.ts";
import { loadAnalysis, loadIndex, saveAnalysis } from "../../src/knowledge/store.ts";
import { startFakeOpenAI } from "./fake-openai.ts";
import { FIXTURES_DIR, makeKb, tempKnowledgeDir } from "./helpers.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe("index cache", () => {
  it("rebuilds only when a file changed, was added or removed", async () => {
    const { kb, db, dir, close } = await makeKb();
    cleanups.push(close);
    const first = await kb.refresh();
    expect(first.added).toEqual(["implementation-opinions.txt"]);
    expect(first.rebuilt).toBe(true);
    const ids = (await db.kbChunk.findMany({ select: { id: true } })).map((r) => r.id);

    const again = await kb.refresh();
    expect(again.rebuilt).toBe(false);
    expect(again.unchanged).toEqual(["implementation-opinions.txt"]);
    expect((await db.kbChunk.findMany({ select: { id: true } })).map((r) => r.id)).toEqual(ids);

    // A fresh process over the same database finds the cache valid too.
    const second = new KnowledgeBase({ db, dir, config: { LLM_TIMEOUT_MS: 1000 }, chat: null, embedder: null });
    expect((await second.refresh()).rebuilt).toBe(false);
    expect((await second.ask("工联会主席由谁兼任？")).grounded).toBe(true);

    fs.writeFileSync(
      path.join(dir, "会费.md"),
      "# 工会会费收缴办法\n\n## 一、会费标准\n\n工会会员每月按本人工资收入的百分之零点五缴纳会费。\n\n## 二、会费使用\n\n会费主要用于会员教育和文体活动。\n",
    );
    expect((await kb.ask("工会会员每月交多少会费")).grounded).toBe(false);
    const added = await kb.refresh();
    expect(added.added).toEqual(["会费.md"]);
    expect(added.unchanged).toEqual(["implementation-opinions.txt"]);
    const a = await kb.ask("工会会员每月交多少会费");
    expect(a.grounded).toBe(true);
    expect(a.citations[0]).toMatchObject({ section: "一", source: "会费.md" });
    expect(a.answer).toContain("《工会会费收缴办法》一");

    fs.appendFileSync(path.join(dir, "implementation-opinions.txt"), "\n五、附则\n本意见自印发之日起施行。\n");
    const changed = await kb.refresh();
    expect(changed.changed).toEqual(["implementation-opinions.txt"]);
    expect(changed.unchanged).toEqual(["会费.md"]);
    expect((await kb.ask("本意见从什么时候开始施行")).citations[0].section).toBe("五");

    fs.rmSync(path.join(dir, "会费.md"));
    const removed = await kb.refresh();
    expect(removed.removed).toEqual(["会费.md"]);
    expect(await db.kbDocument.count()).toBe(1);
    expect((await kb.ask("工会会员每月交多少会费")).grounded).toBe(false);
  });
});

describe("the stored analysis of the chunks", () => {
  it("is what a new knowledge base ranks from, exactly as from segmenting the chunks again, until the chunks change", async () => {
    const dir = tempKnowledgeDir();
    for (const d of ["ranking", "knowledge"]) for (const f of fs.readdirSync(path.join(FIXTURES_DIR, d))) fs.copyFileSync(path.join(FIXTURES_DIR, d, f), path.join(dir, f));
    const { kb, db, close } = await makeKb({ dir });
    cleanups.push(close);
    await kb.refresh();
    const { chunks, docs } = await loadIndex(db);
    const key = analysisKey(chunks, docs);
    const stored = await loadAnalysis(db, key);
    expect(stored).not.toBeNull();
    // The rarities it stores are jieba's values, absent words included (六有, a name a document defines).
    const table = new GeneralIdfTable(Buffer.from(idf));
    expect(stored!.rarities.filter(([w, v]) => (v ?? undefined) !== table.get(w))).toEqual([]);
    expect(stored!.rarities).toContainEqual(["六有", null]);
    expect(stored!.rarities.length).toBeGreaterThan(500);

    // Every question of two sets ranks the same from the stored JSON as from a new analysis.
    const fresh = new LexicalIndex(chunks, docs);
    const restored = new LexicalIndex(chunks, docs, stored!);
    const here = path.dirname(fileURLToPath(import.meta.url));
    const questions = ["qa-multi-dev.jsonl", "qa-colloquial.jsonl"].flatMap((f) => parseEvalRows(fs.readFileSync(path.join(here, f), "utf8")).map((r) => r.q));
    expect(questions.length).toBeGreaterThan(100);
    for (const q of questions) expect(restored.search(q), q).toEqual(fresh.search(q));

    // A new knowledge base over the database reads the stored analysis instead of segmenting: emptied, it finds nothing.
    const question = "工联会主席由谁兼任？";
    const none = chunks.map((): string[] => []);
    await saveAnalysis(db, key, { ...stored!, body: none, pairs: none, heads: none, titles: none });
    const next = new KnowledgeBase({ db, dir, config: { LLM_TIMEOUT_MS: 1000 }, chat: null, embedder: null });
    expect((await next.ask(question)).grounded).toBe(false);

    // Changed chunks have another key: the analysis is computed again and replaces the stored one.
    fs.appendFileSync(path.join(dir, "implementation-opinions.txt"), "\n五、附则\n本意见自印发之日起施行。\n");
    expect((await next.refresh()).changed).toEqual(["implementation-opinions.txt"]);
    expect((await next.ask(question)).grounded).toBe(true);
    const now = await loadIndex(db);
    expect((await db.kbAnalysis.findMany()).map((r) => r.key)).toEqual([analysisKey(now.chunks, now.docs)]);
  });
});

describe("a running knowledge base", () => {
  it("picks up a file added while it runs, on its next question after the re-check interval", async () => {
    const { kb, dir, close } = await makeKb({ recheckMs: 0 });
    cleanups.push(close);
    expect((await kb.ask("职工书屋开放时间是几点")).grounded).toBe(false);
    fs.writeFileSync(path.join(dir, "书屋.txt"), "职工书屋管理规定\n一、开放时间\n职工书屋每周一至周五9:00至17:00开放。\n");
    const a = await kb.ask("职工书屋开放时间是几点");
    expect(a.grounded).toBe(true);
    expect(a.citations[0].source).toBe("书屋.txt");
  });
});

describe("hybrid retrieval with embeddings from an OpenAI-compatible endpoint", () => {
  it("stores vectors in SQLite once and fuses them with BM25", async () => {
    const fake = await startFakeOpenAI();
    cleanups.push(() => fake.close());
    const config = { OPENAI_API_KEY: "k", OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: undefined, OPENAI_EMBEDDING_MODEL: "fake-embed", LLM_TIMEOUT_MS: 2000 };
    const { kb, db, close } = await makeKb({ config });
    cleanups.push(close);
    const report = await kb.refresh();
    expect(report.embedded).toBeGreaterThan(40);
    const rows = await db.kbChunk.findMany({ select: { embedding: true, embedModel: true } });
    expect(rows.every((r) => r.embedding && r.embedding.byteLength === 64 * 4 && r.embedModel === "fake-embed")).toBe(true);
    const before = fake.embeddingRequests;
    expect((await kb.refresh()).embedded).toBe(0);
    expect(fake.embeddingRequests).toBe(before);

    const a = await kb.ask("工联会主席由谁兼任？");
    expect(a.grounded).toBe(true);
    expect(fake.embeddingRequests).toBe(before + 1);
    expect(a.citations.slice(0, 3).some((c) => c.section === "三（一）1")).toBe(true);
  });

  it("falls back to BM25 alone when the embeddings endpoint fails", async () => {
    const config = { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_MODEL: undefined, OPENAI_EMBEDDING_MODEL: "fake-embed", LLM_TIMEOUT_MS: 1000 };
    const { kb, close } = await makeKb({ config, log: { warn: () => {} } });
    cleanups.push(close);
    await kb.refresh();
    expect((await kb.ask("摸底排查什么时候完成")).answer).toContain("9月底前");
  });
});

describe("LangChain retriever", () => {
  it("returns documents with place metadata", async () => {
    const { kb, close } = await makeKb();
    cleanups.push(close);
    const retriever = new KnowledgeRetriever({ kb, k: 2 });
    expect(retriever.lc_namespace).toEqual(RETRIEVER_NAMESPACE);
    const docs = await retriever.invoke("四季歌包括哪些活动");
    expect(docs).toHaveLength(2);
    expect(docs[0].pageContent).toContain("春送岗位、夏送清凉、秋送助学、冬送温暖");
    expect(docs[0].metadata).toMatchObject({ section: "三（三）3", source: "implementation-opinions.txt" });
  });
});
