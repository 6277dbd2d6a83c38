import { useEffect, useState } from "preact/hooks";
import { api, ApiError, get, qs, shortTime, type AuditEntry, type LedgerEntry, type Me } from "../api.ts";
import { attempt, useGet, Pager } from "../ui.tsx";
import { Changes } from "./audit.tsx";

const PAGE_SIZE = 20;
const ORG_TYPES = ["企业", "社会组织", "其他"];
const yn = (b: unknown) => (b === true ? "是" : b === false ? "否" : "—");

interface Filters {
  q: string;
  township: string;
  orgType: string;
  priority: string;
  hasUnion: string;
  hasPartyOrg: string;
}
const EMPTY: Filters = { q: "", township: "", orgType: "", priority: "", hasUnion: "", hasPartyOrg: "" };

interface Detail {
  entry: LedgerEntry;
  history: { version: number; reportedAt: string; reportedBy: string; data: Record<string, unknown> }[];
  audit: AuditEntry[];
}

function nameFromHash(): string | null {
  const m = /[?&]name=([^&]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

export function Ledger({ me }: { me: Me }) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<LedgerEntry[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState("");
  const [open, setOpen] = useState<string | null>(nameFromHash());
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const t = setTimeout(() => {
      api<LedgerEntry[]>(`/api/ledger${qs({ ...filters, page, pageSize: PAGE_SIZE })}`).then(
        ({ data, res }) => {
          setRows(data);
          setTotal(Number(res.headers.get("X-Total-Count") ?? data.length));
          setError("");
        },
        (e: Error) => setError(e.message),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [filters, page, reload]);

  const set = (k: keyof Filters) => (e: Event) => {
    setFilters({ ...filters, [k]: (e.target as HTMLInputElement).value });
    setPage(1);
  };
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const priorityLabel = (code: string) => me.priorities.find((p) => p.code === code)?.label.replace(/（.*）/, "") ?? code;

  return (
    <div class="page">
      <PendingReview me={me} reload={reload} onDecided={() => setReload(reload + 1)} />
      <section class="card filters">
        <input type="search" placeholder="搜索单位或联系人" value={filters.q} onInput={set("q")} aria-label="搜索" />
        <select value={filters.township} onChange={set("township")} aria-label="乡镇">
          <option value="">全部乡镇</option>
          {me.allTownships.map((t) => <option value={t}>{t}</option>)}
        </select>
        <select value={filters.orgType} onChange={set("orgType")} aria-label="类型">
          <option value="">全部类型</option>
          {ORG_TYPES.map((t) => <option value={t}>{t}</option>)}
        </select>
        <select value={filters.priority} onChange={set("priority")} aria-label="分类">
          <option value="">全部分类</option>
          {me.priorities.map((p) => <option value={p.code}>{p.label}</option>)}
        </select>
        <select value={filters.hasUnion} onChange={set("hasUnion")} aria-label="工会">
          <option value="">工会：全部</option>
          <option value="true">已建工会</option>
          <option value="false">未建工会</option>
        </select>
        <select value={filters.hasPartyOrg} onChange={set("hasPartyOrg")} aria-label="党组织">
          <option value="">党组织：全部</option>
          <option value="true">已建党组织</option>
          <option value="false">未建党组织</option>
        </select>
      </section>
      <div class="toolbar">
        <span data-testid="ledger-total">共 {total} 家</span>
        {me.canWrite && (
          <span class="exports">
            导出：<a href={`/api/ledger/export${qs({ format: "xlsx", township: filters.township })}`}>Excel</a> · <a href={`/api/ledger/export${qs({ format: "csv", township: filters.township })}`}>CSV</a>
          </span>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      {rows && (
        <div class="table-wrap ledger-wrap">
          <table class="grid ledger" data-testid="ledger-table">
            <thead>
              <tr><th>单位名称</th><th>乡镇</th><th>类型</th><th>职工</th><th>工会</th><th>党组织</th><th>分类</th><th>更新</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr onClick={() => setOpen(r.orgName)} class="clickable">
                  <td data-label="单位" class="name">{r.orgName}</td>
                  <td data-label="乡镇">{r.township}</td>
                  <td data-label="类型">{r.orgType}</td>
                  <td data-label="职工">{r.headcount}</td>
                  <td data-label="工会">{yn(r.hasUnion)}</td>
                  <td data-label="党组织">{yn(r.hasPartyOrg)}</td>
                  <td data-label="分类"><span class={`tag ${r.priority}`}>{priorityLabel(r.priority)}</span></td>
                  <td data-label="更新">{shortTime(r.reportedAt)} · 第{r.version}版</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p class="muted">没有符合条件的单位。</p>}
        </div>
      )}
      <Pager page={page} pages={pages} onPage={setPage} />
      {open && (
        <OrgDetail
          key={`${open}#${reload}`}
          me={me}
          name={open}
          onClose={() => {
            setOpen(null);
            if (nameFromHash()) location.hash = "#/ledger";
          }}
          onChanged={(name) => {
            setOpen(name);
            setReload(reload + 1);
          }}
        />
      )}
    </div>
  );
}

function OrgDetail({ me, name, onClose, onChanged }: { me: Me; name: string; onClose: () => void; onChanged: (name: string | null) => void }) {
  const { data: detail, error } = useGet<Detail>(`/api/ledger/detail${qs({ name })}`);
  const [mode, setMode] = useState<"view" | "edit" | "merge">("view");
  const e = detail?.entry;
  return (
    <div class="overlay" onClick={(ev) => ev.target === ev.currentTarget && onClose()}>
      <section class="sheet" role="dialog" aria-label="单位详情">
        <header class="sheet-head">
          <h2>{e?.orgName ?? name}</h2>
          <button class="plain" onClick={onClose} aria-label="关闭">✕</button>
        </header>
        {error && <p class="error">{error}</p>}
        {e && mode === "view" && (
          <>
            <dl class="fields">
              {me.fields.map((f) => (
                <>
                  <dt>{f.no}. {f.label}</dt>
                  <dd>{typeof e[f.key] === "boolean" ? yn(e[f.key]) : String(e[f.key] ?? "—")}</dd>
                </>
              ))}
              <dt>分类</dt>
              <dd>{me.priorities.find((p) => p.code === e.priority)?.label}</dd>
              <dt>指导意见</dt>
              <dd>{e.guidance.map((g) => me.guidance.find((x) => x.code === g)?.label ?? g).join("；")}</dd>
              <dt>版本</dt>
              <dd>第 {e.version} 版 · {e.reportedBy} · {shortTime(e.reportedAt)}</dd>
            </dl>
            {me.canWrite && (
              <div class="actions">
                <button onClick={() => setMode("edit")}>修改</button>
                <button class="secondary" onClick={() => setMode("merge")}>合并重复单位</button>
              </div>
            )}
            <h3>历次版本</h3>
            <ol class="versions" reversed>
              {[...(detail?.history ?? [])].reverse().map((h) => (
                <li>
                  <b>第 {h.version} 版</b> <span class="muted">{h.reportedBy} · {shortTime(h.reportedAt)}</span>
                  <div class="small">{me.fields.map((f) => `${f.label}：${h.data[f.key] === true ? "是" : h.data[f.key] === false ? "否" : (h.data[f.key] ?? "—")}`).join("；")}</div>
                  {h.data.mergedFrom ? <div class="small">合并自：{(h.data.mergedFrom as { orgName: string }).orgName}</div> : null}
                </li>
              ))}
            </ol>
            {detail && detail.audit.length > 0 && (
              <>
                <h3>网页修改记录</h3>
                <ul class="list">
                  {detail.audit.map((a) => (
                    <li>
                      {a.actionName} · {a.userName} · {shortTime(a.at)}
                      <Changes me={me} before={a.before} after={a.after} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
        {e && mode === "edit" && <EditForm me={me} entry={e} onCancel={() => setMode("view")} onSaved={(n) => onChanged(n)} />}
        {e && mode === "merge" && <MergeForm entry={e} onCancel={() => setMode("view")} onMerged={(n) => onChanged(n)} />}
      </section>
    </div>
  );
}

const BOOL_KEYS = new Set(["hasUnion", "hasPartyOrg"]);

function EditForm({ me, entry, onCancel, onSaved }: { me: Me; entry: LedgerEntry; onCancel: () => void; onSaved: (name: string) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(me.fields.map((f) => [f.key, typeof entry[f.key] === "boolean" ? (entry[f.key] ? "是" : "否") : entry[f.key] === null || entry[f.key] === undefined ? "" : String(entry[f.key])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const save = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    try {
      const { data } = await api<{ entry: LedgerEntry }>("/api/ledger", { method: "PUT", body: { name: entry.orgName, version: entry.version, record: values } });
      onSaved(data.entry.orgName);
    } catch (e) {
      const err = e as ApiError;
      setMessage(err.message);
      setErrors(Array.isArray(err.details) ? Object.fromEntries((err.details as { key: string; error: string }[]).map((d) => [d.key, d.error])) : {});
    } finally {
      setBusy(false);
    }
  };
  const hidden = (key: string) => key === "unionMembers" && values.hasUnion === "否";
  return (
    <form class="edit" onSubmit={save}>
      {me.fields.map((f) =>
        hidden(f.key) ? null : (
          <label class={errors[f.key] ? "invalid" : ""}>
            <span>{f.no}. {f.label}</span>
            {f.key === "township" ? (
              <select name={f.key} value={values[f.key]} onChange={(ev) => setValues({ ...values, [f.key]: (ev.target as HTMLSelectElement).value })}>
                {me.allTownships.concat(me.allTownships.includes(values.township) ? [] : [values.township]).map((t) => <option value={t}>{t}</option>)}
              </select>
            ) : f.key === "orgType" || BOOL_KEYS.has(f.key) ? (
              <select name={f.key} value={values[f.key]} onChange={(ev) => setValues({ ...values, [f.key]: (ev.target as HTMLSelectElement).value })}>
                {(f.key === "orgType" ? ORG_TYPES : ["是", "否"]).map((t) => <option value={t}>{t}</option>)}
              </select>
            ) : (
              <input name={f.key} value={values[f.key]} onInput={(ev) => setValues({ ...values, [f.key]: (ev.target as HTMLInputElement).value })} />
            )}
            {errors[f.key] && <em class="field-error">{errors[f.key]}</em>}
          </label>
        ),
      )}
      {message && <p class="error">{message}</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>保存</button>
        <button type="button" class="secondary" onClick={onCancel}>取消</button>
      </div>
    </form>
  );
}

function MergeForm({ entry, onCancel, onMerged }: { entry: LedgerEntry; onCancel: () => void; onMerged: (name: string) => void }) {
  const [other, setOther] = useState("");
  const [candidates, setCandidates] = useState<LedgerEntry[]>([]);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const words = other.trim() || entry.orgName.slice(0, 4);
    get<LedgerEntry[]>(`/api/ledger${qs({ q: words, pageSize: 10, page: 1 })}`).then((list) => setCandidates(list.filter((x) => x.orgName !== entry.orgName)), () => setCandidates([]));
  }, [other]);
  const merge = async (drop: string) => {
    if (!confirm(`把“${drop}”合并到“${entry.orgName}”？合并后“${drop}”从台账中移除，它的历次版本记入保留单位的历史。`)) return;
    await attempt(async () => onMerged((await api<{ entry: LedgerEntry }>("/api/ledger/merge", { method: "POST", body: { keep: entry.orgName, drop } })).data.entry.orgName), setMessage);
  };
  return (
    <div class="merge">
      <p>保留本单位“{entry.orgName}”，把重复登记的单位并入（本单位空缺的联系人、电话、人数用对方的补上）。</p>
      <input type="search" placeholder="搜索重复的单位" value={other} onInput={(ev) => setOther((ev.target as HTMLInputElement).value)} />
      <ul class="list">
        {candidates.map((c) => (
          <li>
            {c.orgName} <span class="muted">· {c.township} · {c.headcount}人 · {c.contactName}</span> <button class="small-btn" onClick={() => merge(c.orgName)}>并入</button>
          </li>
        ))}
      </ul>
      {message && <p class="error">{message}</p>}
      <button class="secondary" onClick={onCancel}>返回</button>
    </div>
  );
}

interface ReviewItem {
  id: number;
  orgName: string;
  township: string;
  proposedTownship: string;
  currentVersion: number;
  reporterName: string;
  createdAt: string;
  changes: { key: string; label: string; from: string; to: string }[];
}

/** Changes reported by someone other than the record's owner, waiting for an admin's decision. */
function PendingReview({ me, reload, onDecided }: { me: Me; reload: number; onDecided: () => void }) {
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [message, setMessage] = useState("");
  useEffect(() => {
    get<ReviewItem[]>("/api/review").then(setItems, (e: Error) => setMessage(e.message));
  }, [reload]);
  const decide = async (it: ReviewItem, action: "approve" | "reject") => {
    let reason: string | null = "";
    if (action === "reject") {
      reason = prompt(`退回编号 ${it.id}（${it.orgName}）的修改。理由（可不填，会转告提交人）：`, "");
      if (reason === null) return;
    }
    if (await attempt(() => api(`/api/review/${it.id}/${action}`, { method: "POST", body: action === "reject" ? { reason } : {} }), setMessage)) {
      setMessage(action === "approve" ? `已通过编号 ${it.id}，台账已更新，并已通知提交人。` : `已退回编号 ${it.id}，台账不变，并已通知提交人。`);
      onDecided();
    }
  };
  if (!items.length && !message) return null;
  return (
    <section class="card review" data-testid="review">
      <h2>待审核的修改（{items.length}）</h2>
      <p class="muted small">其他人对已有单位提交的填报，审核通过前台账不变。</p>
      {message && <p class="note">{message}</p>}
      <ul class="list">
        {items.map((it) => (
          <li>
            <div>
              <b>{it.id}. {it.orgName}</b> <span class="muted small">（{it.township}，现为第 {it.currentVersion} 版）← {it.reporterName} · {shortTime(it.createdAt)}</span>
            </div>
            <ul class="changes">
              {it.changes.map((c) => (
                <li>{c.label}：{c.from || "（空）"} → <b>{c.to || "（空）"}</b></li>
              ))}
            </ul>
            {me.canWrite && (
              <div class="actions">
                <button class="small-btn" onClick={() => decide(it, "approve")}>通过</button>
                <button class="small-btn secondary" onClick={() => decide(it, "reject")}>退回</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
