import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../src/db/client.ts";
import { KnowledgeBase } from "../src/knowledge/kb.ts";
import { progressBar } from "../src/knowledge/progress.ts";
import { syntheticLaw, toDocx, toPdf } from "../tests/knowledge/documents.ts";

/**
 * Indexing speed: 20 documents (16 .txt, 2 .docx, 2 .pdf synthetic laws of 150 articles,
 * ≈ 3,000 clause-level units) indexed from scratch into a fresh database through
 * KnowledgeBase.refresh, the progress bar drawn to a string; then one document added
 * through addDocument, the in-memory index rebuilt, and a re-check with nothing changed.
 * Wall time is reported beside the process's CPU time: the machine is shared, and under
 * load the wall time mostly measures waiting. The stage times are wall times between
 * progress steps ("parse" includes reading .docx/.pdf; the test PDFs embed the whole CJK
 * font, 13 MB each, far heavier to open than ordinary PDFs).
 */
export async function run(): Promise<Record<string, string | number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-kb-"));
  const kbDir = path.join(dir, "knowledge");
  fs.mkdirSync(kbDir);
  for (let i = 0; i < 20; i++) {
    const text = syntheticLaw(`青岚市第${i + 1}号职工事务条例`, 150, i + 1);
    const name = `law-${String(i + 1).padStart(2, "0")}`;
    if (i === 3 || i === 7) fs.writeFileSync(path.join(kbDir, `${name}.docx`), await toDocx(text));
    else if (i === 11 || i === 15) fs.writeFileSync(path.join(kbDir, `${name}.pdf`), await toPdf(text));
    else fs.writeFileSync(path.join(kbDir, `${name}.txt`), text);
  }
  const db = await openDb(path.join(dir, "kb.db"));
  const kb = new KnowledgeBase({ db, dir: kbDir, config: { LLM_TIMEOUT_MS: 1000 }, embedder: null, chat: null });
  let frames = 0;
  let last = "";
  const stages: Record<string, number> = {};
  let stageAt = performance.now();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await kb.refresh((p) => {
    const now = performance.now();
    stages[p.stage] = (stages[p.stage] ?? 0) + (now - stageAt);
    stageAt = now;
    frames++;
    last = progressBar(p);
  });
  const indexMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const docs = await kb.listDocuments();
  const units = docs.reduce((a, d) => a + d.units, 0);
  const chunks = (await kb.ready()).chunks.length;

  const extra = syntheticLaw("青岚市补充职工事务条例", 150, 99);
  const t1 = performance.now();
  await kb.addDocument("extra.txt", Buffer.from(extra));
  const addMs = performance.now() - t1;

  const t2 = performance.now();
  await kb.refresh();
  const reloadMs = performance.now() - t2;
  const t3 = performance.now();
  await kb.refresh();
  const recheckMs = performance.now() - t3;
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    documents: report.added.length,
    failed: report.failed.length,
    units,
    chunks,
    "index 20 documents, wall (ms)": Math.round(indexMs),
    "index 20 documents, CPU of this process (ms)": Math.round((cpu.user + cpu.system) / 1000),
    "wall by stage (ms)": Object.entries(stages).map(([k, v]) => `${k} ${Math.round(v)}`).join(", "),
    "load average (1 min) during the run": os.loadavg()[0].toFixed(1),
    "progress frames": frames,
    "last progress frame": last,
    "add one document (ms)": Math.round(addMs),
    "next question after the add: in-memory index rebuilt (ms)": Math.round(reloadMs),
    "re-check, nothing changed (ms)": Math.round(recheckMs),
  };
}
