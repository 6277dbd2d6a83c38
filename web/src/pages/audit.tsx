import { useState } from "preact/hooks";
import { shortTime, type AuditEntry, type Me } from "../api.ts";
import { Pending, useGet, Pager } from "../ui.tsx";

const show = (v: unknown) => (v === null || v === undefined ? "—" : v === true ? "是" : v === false ? "否" : Array.isArray(v) ? v.join("、") : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Chinese names of the keys found in audit records besides the survey's fields. */
const KEY_NAMES: Record<string, string> = { priority: "分类", guidance: "指导意见", role: "角色", active: "有效", content: "内容", schedule: "时间", label: "时间", next: "下次", roomId: "群", topic: "群名", kept: "保留", dropped: "并入" };
const ROLE_NAMES: Record<string, string> = { admin: "管理员", leader: "领导", cadre: "乡镇干部", contact: "企业联系人" };

/** The fields that differ between before and after (a whole value when either is not an object), in Chinese. */
export function Changes({ me, before, after }: { me: Me; before: unknown; after: unknown }) {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  const name = (k: string) => me.fields.find((f) => f.key === k)?.label ?? KEY_NAMES[k] ?? k;
  const value = (k: string, v: unknown) =>
    k === "priority" ? (me.priorities.find((p) => p.code === v)?.label ?? show(v))
    : k === "guidance" && Array.isArray(v) ? v.map((g) => me.guidance.find((x) => x.code === g)?.label ?? g).join("、")
    : k === "role" ? (ROLE_NAMES[String(v)] ?? show(v))
    : isObj(v) && typeof v.orgName === "string" ? v.orgName
    : show(v);
  if (!isObj(before) || !isObj(after)) return <div class="small">{show(before)} → {show(after)}</div>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && !["reportedAt", "reportedBy", "version"].includes(k));
  if (!keys.length) return null;
  return (
    <ul class="changes">
      {keys.map((k) => (
        <li>
          {name(k)}：{value(k, before[k])} → <b>{value(k, after[k])}</b>
        </li>
      ))}
    </ul>
  );
}

export function Audit({ me }: { me: Me }) {
  const [page, setPage] = useState(1);
  const { data, error } = useGet<{ total: number; items: AuditEntry[] }>(`/api/audit?page=${page}`);
  if (!data) return <Pending error={error} data={data} />;
  const pages = Math.max(1, Math.ceil(data.total / 50));
  return (
    <div class="page">
      <section class="card">
        <h2>修改记录</h2>
        <p class="muted">网页控制台上的每一次修改：谁、什么时间、改了什么（修改前 → 修改后）。{me.canWrite ? "" : "电话号码已打码。"}</p>
        {data.items.length === 0 && <p class="muted">还没有修改记录。</p>}
        <ul class="list audit" data-testid="audit-list">
          {data.items.map((a) => (
            <li>
              <div>
                <b>{a.actionName}</b> · {a.target.replace(/^[^:]+:/, "")}
              </div>
              <div class="muted small">{a.userName} · {shortTime(a.at)}</div>
              <Changes me={me} before={a.before} after={a.after} />
            </li>
          ))}
        </ul>
        <Pager page={page} pages={pages} onPage={setPage} />
      </section>
    </div>
  );
}
