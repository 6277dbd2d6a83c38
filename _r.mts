import fs from "node:fs"; import os from "node:os"; import path from "node:path";
const { openDb } = await import("/work/wt/abl/src/db/client.ts");
const { KnowledgeBase } = await import("/work/wt/abl/src/knowledge/kb.ts");
const { LexicalIndex } = await import("/work/wt/abl/src/knowledge/retrieve.ts");
const o = LexicalIndex.prototype.respelled;
LexicalIndex.prototype.respelled = function (q: string, w: string[]) { const r = o.call(this, q, w); console.log("  RESPELL", w, "→", r); return r; };
const db = await openDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "c-")), "kb.db"));
const kb = new KnowledgeBase({ db, dir: "/tmp/k3", config: { LLM_TIMEOUT_MS: 1000 } });
await kb.refresh();
for (const id of process.argv.slice(2)) { const n = /h(\d+)/.exec(id)![1]; const row = fs.readFileSync(`/work/evaldata/qa-real-heldout-${n}.jsonl`, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === id); await kb.ask(row.q); }
