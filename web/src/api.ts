/** Calls to the console's JSON API: the session cookie goes along, writes carry the CSRF token. */

export interface Me {
  id: string;
  name: string;
  role: "admin" | "leader" | "cadre";
  roleName: string;
  townships: string[] | null;
  canWrite: boolean;
  csrf: string;
  allTownships: string[];
  priorities: { code: string; label: string }[];
  guidance: { code: string; label: string }[];
  fields: { no: number; key: string; label: string }[];
}

export type { LedgerEntry } from "../../src/survey/ledger.ts";

export interface AuditEntry {
  id: number;
  at: string;
  userId: string;
  userName: string;
  action: string;
  actionName: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** An API refusal: status, Chinese message and details (field errors). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrf = "";

/** Remembers the CSRF token from /api/me. */
export function setCsrf(token: string): void {
  csrf = token;
}

/** The CSRF token every write carries. */
export function getCsrf(): string {
  return csrf;
}

/** One API call; JSON in and out. Returns the body and the response (for headers). */
export async function api<T>(path: string, opts: { method?: string; body?: unknown } = {}): Promise<{ data: T; res: Response }> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = {};
  if (method !== "GET") headers["X-CSRF-Token"] = getCsrf();
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: "same-origin" });
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; details?: unknown };
  if (!res.ok) throw new ApiError(res.status, data.error ?? `请求失败（${res.status}）`, data.details);
  return { data, res };
}

/** GET returning the body only. */
export async function get<T>(path: string): Promise<T> {
  return (await api<T>(path)).data;
}

/** Query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** “2026-09-07T09:30:00+08:00” → “9月7日 09:30”. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : iso;
}
