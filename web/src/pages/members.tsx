import { useState } from "preact/hooks";
import { api, type Me } from "../api.ts";
import { attempt, Pending, useGet } from "../ui.tsx";

interface Data {
  members: { id: string; name: string; role: string; roleName: string; townships: string[] }[];
  rooms: { id: string; topic: string; township: string | null; channel: string | null }[];
  channels: { name: string; canReceive: boolean; canSendFiles: boolean }[];
  townships: string[];
}

/** Channel (transport) names as people know them. */
const CHANNELS: Record<string, string> = { wechaty: "微信", wecom: "企业微信", console: "控制台聊天", memory: "测试" };
const channelName = (c: string | null) => (c ? (CHANNELS[c] ?? c) : "");

const ROLES = [
  ["admin", "管理员"],
  ["leader", "领导"],
  ["cadre", "乡镇干部"],
  ["contact", "企业联系人"],
];

export function Members({ me }: { me: Me }) {
  const { data, error, reload } = useGet<Data>("/api/members");
  const [message, setMessage] = useState("");
  const change = async (path: string, body: unknown, done: string) => {
    if (await attempt(() => api(path, { method: "PUT", body }), setMessage)) {
      setMessage(done);
      reload();
    }
  };
  if (!data) return <Pending error={error} data={data} />;
  return (
    <div class="page">
      {message && <p class="note">{message}</p>}
      <section class="card">
        <h2>成员与角色</h2>
        <ul class="list">
          {data.members.map((m) => (
            <li class="row">
              <span>
                <b>{m.name || m.id}</b> <span class="muted small">{m.id}</span>
                {m.role === "cadre" && <div class="small muted">所在乡镇：{m.townships.join("、") || "（还没在已绑定的群里出现过）"}</div>}
              </span>
              {me.canWrite ? (
                <select value={m.role} aria-label={`${m.name}的角色`} onChange={(ev) => change(`/api/members/${encodeURIComponent(m.id)}`, { role: (ev.target as HTMLSelectElement).value }, `已把 ${m.name || m.id} 设为${ROLES.find((r) => r[0] === (ev.target as HTMLSelectElement).value)?.[1]}`)}>
                  {ROLES.map(([code, label]) => <option value={code}>{label}</option>)}
                </select>
              ) : (
                <span>{m.roleName}</span>
              )}
            </li>
          ))}
        </ul>
        <p class="muted small">新成员请在群里发送“授权 @某人 角色”，对方发过消息后也会出现在这里。</p>
      </section>
      <section class="card">
        <h2>群与乡镇绑定</h2>
        <ul class="list">
          {data.rooms.map((r) => (
            <li class="row">
              <span>
                <b>{r.topic || r.id}</b> {r.channel && <span class="muted small">{channelName(r.channel)}</span>}
              </span>
              {me.canWrite ? (
                <select value={r.township ?? ""} aria-label={`${r.topic}绑定的乡镇`} onChange={(ev) => {
                  const t = (ev.target as HTMLSelectElement).value;
                  void change(`/api/rooms/${encodeURIComponent(r.id)}`, { township: t || null }, t ? `已把“${r.topic}”绑定到${t}` : `已解除“${r.topic}”的绑定`);
                }}>
                  <option value="">（未绑定）</option>
                  {data.townships.map((t) => <option value={t}>{t}</option>)}
                </select>
              ) : (
                <span>{r.township ?? "未绑定"}</span>
              )}
            </li>
          ))}
        </ul>
        {data.rooms.length === 0 && <p class="muted">机器人还没有在任何群里收到消息。</p>}
      </section>
      <section class="card">
        <h2>消息渠道</h2>
        {data.channels.length === 0 ? (
          <p class="muted">本进程只运行网页控制台，没有连接聊天渠道（机器人用 npm start 运行时这里列出微信等渠道）。</p>
        ) : (
          <ul class="list">
            {data.channels.map((c) => (
              <li>
                <b>{channelName(c.name)}</b> <span class="muted small">{c.canReceive ? "收发消息" : "只发送"} · {c.canSendFiles ? "可发文件" : "不能发文件"}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
