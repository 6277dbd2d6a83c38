import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli-support.ts";
import { registerKnowledgeCommands } from "../../src/knowledge/cli.ts";
import { scoreEval } from "../../src/knowledge/eval.ts";
import type { AnswerResult } from "../../src/knowledge/types.ts";
import { NOTICE, REGULATIONS, toDocx, readFixture } from "./documents.ts";
import { useBundle } from "../helpers/bundle.ts";
import { tempKnowledgeDir } from "./helpers.ts";

const root = path.resolve(import.meta.dirname, "../..");

useBundle();

/** Runs the built CLI with its own knowledge folder and database. */
function gonghui(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ["dist/bundle/cli.mjs", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a knowledge command in this process (no start-up cost), returning what it printed. */
async function inProcess(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; error: unknown }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const so = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const se = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  let error: unknown = null;
  try {
    const program = new Command("gonghui").exitOverride();
    registerKnowledgeCommands(program);
    await program.parseAsync(["node", "gonghui", ...args]);
  } catch (e) {
    error = e;
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.env = saved;
  }
  return { stdout: out.join(""), stderr: err.join(""), error };
}

describe("kb add / list / remove, ask --json and eval --json", () => {
  it("manages documents from the command line and reports figures per document", async () => {
    const dir = tempKnowledgeDir();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kbcli-"));
    const env = { KNOWLEDGE_DIR: dir, DB_FILE: path.join(tmp, "kb.db"), LOG_LEVEL: "silent" };
    const docx = path.join(tmp, "竞赛通知.docx");
    fs.writeFileSync(docx, await toDocx(readFixture(NOTICE)));

    const added = await inProcess(env, "kb", "add", REGULATIONS, "--json");
    expect(added.error).toBeNull();
    expect(JSON.parse(added.stdout)).toMatchObject({ units: 19, articles: 19, document: { id: 2, title: "青岚市职工权益保障条例" } });
    expect(added.stderr).toContain("[████████████████████] 1/1 已解析");
    expect((await inProcess(env, "kb", "add", docx)).stdout).toMatch(/^3\. 《通知》（青岚市总工会，2026-03-05）/);

    // The built CLI prints the JSON alone on standard output.
    const list = gonghui(env, "kb", "list", "--json");
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ id: number; shortName: string; source: string }>).map((d) => [d.id, d.shortName, d.source])).toEqual([
      [1, "实施意见", "implementation-opinions.txt"],
      [2, "青岚市职工权益保障条例", "qinglan-workers-rights-regulations.txt"],
      [3, "通知", "竞赛通知.docx"],
    ]);

    const ask = await inProcess(env, "ask", "--json", "工会经费按工资总额的多少拨缴");
    const a = JSON.parse(ask.stdout) as AnswerResult;
    expect(a.citations.some((c) => c.cite === "《青岚市职工权益保障条例》第五条第二款" && c.document.issuer === "青岚市第十六届人民代表大会常务委员会")).toBe(true);

    const qa = path.join(tmp, "qa.jsonl");
    fs.writeFileSync(
      qa,
      [
        { id: "a", q: "第十一条讲的啥", expect: ["严重违反用人单位规章制度"] },
        { id: "b", q: "技能竞赛什么时候报名", expect: ["2026年3月20日至4月15日"] },
        { id: "c", q: "工联会主席由谁兼任", expect: ["人大副主席兼任"], doc: "实施意见" },
        { id: "d", q: "明天天气怎么样", outOfScope: true },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const ev = await inProcess(env, "eval", qa, "--json");
    const report = JSON.parse(ev.stdout) as { n: number; documents: Record<string, { n: number }> };
    expect(report.n).toBe(4);
    expect(Object.fromEntries(Object.entries(report.documents).map(([d, f]) => [d, f.n]))).toEqual({ 青岚市职工权益保障条例: 1, 通知: 1, 实施意见: 1 });

    const removed = await inProcess(env, "kb", "remove", "3");
    expect(removed.stdout).toMatch(/^已删除：3\. 《通知》/);
    const again = await inProcess(env, "kb", "remove", "3");
    expect(again.error).toBeInstanceOf(UsageError);
    expect((again.error as Error).message).toBe("没有编号为 3 的文件（用 kb list 查看编号）");

    // A notice without numbered parts has no sample places: no empty 示例出处 line.
    const plain = path.join(tmp, "慰问通知.txt");
    fs.writeFileSync(plain, "关于做好春节期间困难职工慰问工作的通知\n\n各乡镇工会：\n春节将至，请做好困难职工慰问工作，名单于1月10日前报县总工会。\n\n始兴县总工会\n2026年12月1日\n");
    const notice = await inProcess(env, "kb", "add", plain);
    expect(notice.stdout).toMatch(/^4\. 《通知》（始兴县总工会，2026-12-01）：\d+ 个条款单元，文件 慰问通知.txt\n$/);
  }, 120_000);

  it("lists each place once under 出处 when two cited paragraphs share it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-kbcli-plain-"));
    fs.writeFileSync(path.join(dir, "慰问通知.txt"), "关于做好春节期间困难职工慰问工作的通知\n\n各乡镇工会：\n春节将至，请做好困难职工慰问工作。\n慰问名单于1月10日前报县总工会。\n\n始兴县总工会\n2026年12月1日\n");
    const env = { KNOWLEDGE_DIR: dir, DB_FILE: path.join(dir, "kb.db"), LOG_LEVEL: "silent" };
    const json = JSON.parse((await inProcess(env, "ask", "--json", "春节困难职工慰问工作，慰问名单什么时候报")).stdout) as AnswerResult;
    expect(json.citations.map((c) => c.cite)).toEqual(["《关于做好春节期间困难职工慰问工作的通知》正文", "《关于做好春节期间困难职工慰问工作的通知》正文"]);
    const text = (await inProcess(env, "ask", "春节困难职工慰问工作，慰问名单什么时候报")).stdout;
    expect(text.split("出处：\n")[1]).toBe("· 《关于做好春节期间困难职工慰问工作的通知》正文（慰问通知.txt）\n");
  }, 60_000);
});

describe("per-row statuses", () => {
  it("gives each row what became of it, so that two runs compare row by row", () => {
    const cited = (...texts: string[]): AnswerResult => ({
      question: "",
      answer: texts[0] ?? "",
      grounded: true,
      mode: "extractive",
      citations: texts.map((text) => ({ section: "", title: "", text, source: "", place: "", cite: "", document: { id: 1, title: "", shortName: "", issuer: null, date: null, source: "" } })),
    });
    const declined: AnswerResult = { question: "", answer: "文件中没有相关规定", grounded: false, mode: "extractive", citations: [] };
    const rows = [
      { id: "a", q: "a", expect: ["甲"] },
      { id: "b", q: "b", expect: ["乙"] },
      { id: "c", q: "c", expect: ["丙"] },
      { id: "d", q: "d", expect: ["丁"] },
      { id: "e", q: "e", outOfScope: true },
      { id: "f", q: "f", outOfScope: true },
    ];
    const report = scoreEval(rows, [cited("甲"), cited("错", "乙"), cited("错", "错", "错", "丙"), declined, declined, cited("戊")], [1, 1, 1, 1, 1, 1], 3);
    expect(report.rows).toEqual({ a: "hit1", b: "hitK", c: "miss", d: "refused", e: "declined", f: "answered" });
  });
});

describe("per-document figures", () => {
  it("counts each in-scope row under its document", () => {
    const ok = (text: string): AnswerResult => ({ question: "", answer: text, grounded: true, mode: "extractive", citations: [{ section: "", title: "", text, source: "", place: "", cite: "", document: { id: 1, title: "", shortName: "", issuer: null, date: null, source: "" } }] });
    const rows = [
      { id: "1", q: "a", expect: ["甲"] },
      { id: "2", q: "b", expect: ["乙"] },
      { id: "3", q: "c", expect: ["丙"] },
      { id: "4", q: "d", outOfScope: true },
    ];
    const answers = [ok("甲"), ok("错"), ok("丙"), { ...ok(""), grounded: false }];
    const report = scoreEval(rows, answers, [1, 1, 1, 1], 3, (r) => (r.outOfScope ? null : r.id === "3" ? "通知" : "条例"));
    expect(report.documents).toEqual({
      条例: { n: 2, hit1: 0.5, hit3: 0.5, answerHit: 0.5, falseRefusals: 0 },
      通知: { n: 1, hit1: 1, hit3: 1, answerHit: 1, falseRefusals: 0 },
    });
  });
});
