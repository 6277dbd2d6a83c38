import { useState } from "preact/hooks";
import { api, shortTime, type Me } from "../api.ts";
import { attempt, Pending, useGet } from "../ui.tsx";

interface Reminder {
  id: number;
  origin: string;
  active: boolean;
  target: { audience: string[]; roomId: string | null; toId: string | null };
  schedule: string;
  next: string | null;
  nextFire: string | null;
  content: string;
  clause: string | null;
  title: string | null;
  roomTopic: string | null;
}
interface Posting {
  occurrenceKey: string;
  roomId: string;
  roomTopic: string;
  township: string | null;
  postedAt: string;
  text: string;
  acks: { userId: string; name: string; at: string }[];
}
interface Data {
  reminders: Reminder[];
  postings: Posting[];
  rooms: { id: string; topic: string; township: string | null }[];
}

const AUDIENCE: Record<string, string> = { "bound-rooms": "各乡镇群", leaders: "领导" };

const WEEKDAYS = "日一二三四五六";

/** The day a reminder next fires, as a calendar heading: “9月25日 周五”. */
function dayOf(r: Reminder | undefined): string {
  const iso = r && (r.nextFire ?? r.next);
  if (!iso) return "没有下次时间";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${m}月${d}日 周${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
}

function target(r: Reminder): string {
  if (r.target.roomId) return `群：${r.roomTopic}`;
  if (r.target.toId) return "私聊";
  return r.target.audience.map((a) => AUDIENCE[a] ?? a).join("、");
}

export function Reminders({ me }: { me: Me }) {
  const { data, error, reload } = useGet<Data>("/api/reminders");
  const [text, setText] = useState("");
  const [roomId, setRoomId] = useState("");
  const [message, setMessage] = useState("");

  const create = async (ev: Event) => {
    ev.preventDefault();
    await attempt(async () => {
      const { data: r } = await api<{ id: number; label: string; content: string; next: string | null }>("/api/reminders", { method: "POST", body: { text, roomId: roomId || null } });
      setMessage(`已设置（编号 ${r.id}）：${r.label} ${r.content}${r.next ? `，下次 ${shortTime(r.next)}` : ""}`);
      setText("");
      reload();
    }, setMessage);
  };
  const cancel = async (r: Reminder) => {
    if (!confirm(`取消提醒 ${r.id}：${r.content}？`)) return;
    if (await attempt(() => api(`/api/reminders/${r.id}`, { method: "DELETE" }), setMessage)) reload();
  };

  if (!data) return <Pending error={error} data={data} />;
  return (
    <div class="page">
      {me.canWrite && (
        <section class="card">
          <h2>新建提醒</h2>
          <form class="inline-form" onSubmit={create}>
            <select value={roomId} onChange={(ev) => setRoomId((ev.target as HTMLSelectElement).value)} aria-label="发到">
              <option value="">私聊提醒我自己</option>
              {data.rooms.map((r) => <option value={r.id}>{r.topic || r.id}（{r.township}）</option>)}
            </select>
            <input value={text} onInput={(ev) => setText((ev.target as HTMLInputElement).value)} placeholder="时间和内容，例如：明天下午3点 开会 提前1小时" aria-label="时间和内容" required />
            <button type="submit">设置</button>
          </form>
          <p class="muted small">和群里的“提醒”指令写法相同：9月25日下午3点、下周一、每周一三五、每月5号、每年9月1日……不写钟点按 09:00。</p>
          {message && <p class="note">{message}</p>}
        </section>
      )}
      <section class="card">
        <h2>即将到来的提醒</h2>
        <ul class="list calendar">
          {data.reminders.map((r, i) => (
            <li class={dayOf(r) !== dayOf(data.reminders[i - 1]) ? "new-day" : ""} data-day={dayOf(r)}>
              <div class="when">{(r.nextFire ?? r.next ?? "").slice(11, 16) || "—"}</div>
              <div class="what">
                <b>{r.title ?? r.content.split("\n")[0]}</b>
                <div class="muted small">
                  {r.origin === "calendar" ? "政策日历" : "个人设置"}{r.clause ? `（${r.clause}）` : ""} · {r.schedule} · {target(r)}
                </div>
              </div>
              {me.canWrite && r.origin !== "calendar" && <button class="small-btn secondary" onClick={() => cancel(r)}>取消</button>}
            </li>
          ))}
        </ul>
        {data.reminders.length === 0 && <p class="muted">没有提醒。</p>}
      </section>
      <section class="card">
        <h2>群里的回复（收到）</h2>
        <p class="muted small">最近 30 天发到群里的提醒，以及谁回复了“收到”。</p>
        {data.postings.length === 0 && <p class="muted">最近没有发到群里的提醒。</p>}
        <ul class="list">
          {data.postings.map((p) => (
            <li>
              <div>
                <b>{p.roomTopic}</b>{p.township ? `（${p.township}）` : ""} <span class="muted small">{shortTime(p.postedAt)}</span>
              </div>
              <div class="small">{p.text.split("\n")[0]}</div>
              <div class={p.acks.length ? "ok small" : "bad small"}>{p.acks.length ? `收到：${p.acks.map((a) => a.name).join("、")}` : "还没有人回复“收到”"}</div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
