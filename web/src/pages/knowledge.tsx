import { useEffect, useState } from "preact/hooks";
import { api, ApiError, getCsrf, shortTime, type Me } from "../api.ts";
import { attempt, Pending, useGet } from "../ui.tsx";

interface Doc {
  id: number;
  source: string;
  title: string;
  shortName: string;
  issuer: string | null;
  date: string | null;
  units: number;
  articles: number;
  indexedAt: string;
}
interface Job {
  id: number;
  kind: "add" | "reindex";
  name: string | null;
  by: string;
  progress: { done: number; total: number; message: string } | null;
  finished: boolean;
  result: string | null;
  error: string | null;
}
interface Answer {
  answer: string;
  grounded: boolean;
  mode: string;
  citations: { section: string; title: string; text: string; source: string; document?: string }[];
}

/** The formats the knowledge base reads (as the chat accepts them). */
const ACCEPT = ".txt,.md,.docx,.doc,.pdf";

/** Uploads a file as raw bytes (its name in a header); the server answers with the indexing job. */
async function upload(file: File): Promise<Job> {
  const res = await fetch("/api/documents", {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name), "X-CSRF-Token": getCsrf() },
    body: file,
    credentials: "same-origin",
  });
  const data = (await res.json().catch(() => ({}))) as { job?: Job; error?: string };
  if (!res.ok || !data.job) throw new ApiError(res.status, data.error ?? `上传失败（${res.status}）`);
  return data.job;
}

function JobStatus({ job }: { job: Job }) {
  const p = job.progress;
  const share = p && p.total ? Math.min(1, p.done / p.total) : 0;
  const what = job.kind === "add" ? `加入“${job.name}”` : "重新索引";
  if (job.finished) return <p class={job.error ? "error" : "note"} data-testid="job">{job.error ? `${what}没有成功：${job.error}` : job.result}</p>;
  return (
    <div class="note" data-testid="job">
      <div>正在{what}……{p ? `（${p.done}/${p.total}）${p.message}` : ""}</div>
      <div class="progress"><div style={{ width: `${Math.round(share * 100)}%` }} /></div>
    </div>
  );
}

export function Knowledge({ me }: { me: Me }) {
  const { data, error, reload } = useGet<{ documents: Doc[]; llm: boolean; job: Job | null }>("/api/documents");
  const [job, setJob] = useState<Job | null>(null);
  const [message, setMessage] = useState("");
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (data?.job && !data.job.finished) setJob(data.job);
  }, [data]);
  useEffect(() => {
    if (!job || job.finished) return;
    const timer = setTimeout(async () => {
      await attempt(async () => {
        const next = (await api<{ job: Job | null }>("/api/documents/job")).data.job;
        setJob(next);
        if (next?.finished) reload();
      }, setMessage);
    }, 600);
    return () => clearTimeout(timer);
  }, [job]);

  const ask = async (ev: Event) => {
    ev.preventDefault();
    setAsking(true);
    setMessage("");
    await attempt(async () => setAnswer((await api<Answer>("/api/ask", { method: "POST", body: { question } })).data), setMessage);
    setAsking(false);
  };
  const onFile = async (ev: Event) => {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (file) await attempt(async () => setJob(await upload(file)), setMessage);
  };
  const reindex = () => attempt(async () => setJob((await api<{ job: Job }>("/api/documents/reindex", { method: "POST", body: {} })).data.job), setMessage);
  const remove = async (d: Doc) => {
    if (!confirm(`删除《${d.title}》？文件会移到知识库文件夹的 .removed/ 里，不再用于回答。`)) return;
    if (await attempt(() => api(`/api/documents/${d.id}`, { method: "DELETE" }), setMessage)) reload();
  };
  const busy = Boolean(job && !job.finished);

  return (
    <div class="page">
      <section class="card">
        <h2>试着提问</h2>
        <form class="inline-form" onSubmit={ask}>
          <input value={question} onInput={(ev) => setQuestion((ev.target as HTMLInputElement).value)} placeholder="例如：工联会主席由谁兼任？" aria-label="问题" required />
          <button type="submit" disabled={asking}>{asking ? "正在查找…" : "提问"}</button>
        </form>
        {answer && (
          <div class="answer" data-testid="answer">
            <p>{answer.answer}</p>
            {answer.grounded && answer.citations.length > 0 && (
              <ol class="citations">
                {answer.citations.map((c) => (
                  <li>
                    <b>{c.document ? `《${c.document}》` : ""}{c.section}</b> {c.title} <span class="muted small">（{c.source}）</span>
                    <div class="small">{c.text}</div>
                  </li>
                ))}
              </ol>
            )}
            <p class="muted small">{answer.mode === "llm" ? "由大模型依据条款作答" : answer.grounded ? "摘录原文作答" : "文件中没有相关规定"}</p>
          </div>
        )}
      </section>
      <section class="card">
        <h2>文件</h2>
        {message && <p class="error">{message}</p>}
        {job && <JobStatus job={job} />}
        {me.canWrite && (
          <div class="actions">
            <label class={`button${busy ? " disabled" : ""}`}>
              上传文件
              <input type="file" accept={ACCEPT} onChange={onFile} disabled={busy} hidden data-testid="upload" />
            </label>
            <button class="secondary" onClick={reindex} disabled={busy}>重新索引</button>
          </div>
        )}
        {me.canWrite && <p class="muted small">可以上传 .txt、.md、.docx、.doc 和带文字的 .pdf（扫描件无法识别）；同一文件的新版本会替换旧版本。</p>}
        {!data && <Pending error={error} data={data} />}
        {data && (
          <>
            <ul class="list" data-testid="documents">
              {data.documents.map((d) => (
                <li class="row">
                  <span>
                    <b>{d.title}</b>
                    <div class="muted small">
                      简称《{d.shortName}》{d.issuer ? ` · ${d.issuer}` : ""}{d.date ? ` · ${d.date}` : ""} · {d.units} 个条款单元{d.articles ? `、${d.articles} 条` : ""} · {d.source} · 索引于 {shortTime(d.indexedAt)}
                    </div>
                  </span>
                  {me.canWrite && <button class="small-btn secondary" onClick={() => remove(d)} disabled={busy}>删除</button>}
                </li>
              ))}
            </ul>
            {data.documents.length === 0 && <p class="muted">知识库里还没有文件。</p>}
            <p class="muted small">回答方式：{data.llm ? "已配置大模型，依据检索到的条款作答" : "未配置大模型，摘录原文作答"}。</p>
          </>
        )}
      </section>
    </div>
  );
}
