import { useState } from "preact/hooks";
import { api, type Me } from "../api.ts";
import { attempt, Pending, useGet } from "../ui.tsx";

interface Doc {
  source: string;
  title: string;
  shortName: string;
}
interface Answer {
  answer: string;
  grounded: boolean;
  mode: string;
  citations: { section: string; title: string; text: string; source: string }[];
}

export function Knowledge(_: { me: Me }) {
  const { data: docs, error } = useGet<{ documents: Doc[]; llm: boolean }>("/api/documents");
  const [askError, setAskError] = useState("");
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [asking, setAsking] = useState(false);
  const ask = async (ev: Event) => {
    ev.preventDefault();
    setAsking(true);
    setAskError("");
    await attempt(async () => setAnswer((await api<Answer>("/api/ask", { method: "POST", body: { question } })).data), setAskError);
    setAsking(false);
  };
  return (
    <div class="page">
      <section class="card">
        <h2>试着提问</h2>
        <form class="inline-form" onSubmit={ask}>
          <input value={question} onInput={(ev) => setQuestion((ev.target as HTMLInputElement).value)} placeholder="例如：工联会主席由谁兼任？" aria-label="问题" required />
          <button type="submit" disabled={asking}>{asking ? "正在查找…" : "提问"}</button>
        </form>
        {askError && <p class="error">{askError}</p>}
        {answer && (
          <div class="answer">
            <p>{answer.answer}</p>
            {answer.grounded && answer.citations.length > 0 && (
              <ol class="citations">
                {answer.citations.map((c) => (
                  <li>
                    <b>{c.section}</b> {c.title} <span class="muted small">（{c.source}）</span>
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
        {!docs && <Pending error={error} data={docs} />}
        {docs && (
          <>
            <ul class="list">
              {docs.documents.map((d) => (
                <li>
                  <b>{d.title}</b> <span class="muted small">简称《{d.shortName}》 · {d.source}</span>
                </li>
              ))}
            </ul>
            {docs.documents.length === 0 && <p class="muted">知识库里还没有文件。</p>}
            <p class="muted small">回答方式：{docs.llm ? "已配置大模型，依据检索到的条款作答" : "未配置大模型，摘录原文作答"}。</p>
          </>
        )}
      </section>
    </div>
  );
}
