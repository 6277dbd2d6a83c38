import { makeServices, type TestServices } from "../helpers/context.ts";
import { startWebConsole, type WebConsole } from "../../src/web/index.ts";
import { loginLink } from "../../src/web/links.ts";
import type { Role } from "../../src/chat/types.ts";

/** A console on 127.0.0.1 (any free port) over fresh services with a virtual clock. */
export async function startConsole(opts: { env?: Record<string, string>; start?: Date } = {}): Promise<TestServices & { web: WebConsole; stop(): Promise<void> }> {
  const t = await makeServices({ env: opts.env, start: opts.start ?? new Date("2026-09-01T02:00:00Z") });
  const web = await startWebConsole(t.services, { host: "127.0.0.1", port: 0 });
  return {
    ...t,
    web,
    async stop() {
      await web.close();
      await t.close();
    },
  };
}

/** A browser-like HTTP client: keeps the session cookie, sends the CSRF token on writes once known. */
export class Client {
  cookie = "";
  csrf = "";
  lastSetCookie = "";

  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; body?: unknown; raw?: Buffer; headers?: Record<string, string>; csrf?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if ((init.csrf ?? true) && this.csrf && init.method && init.method !== "GET") headers["x-csrf-token"] = this.csrf;
    const body = init.raw ? new Uint8Array(init.raw) : init.body === undefined ? undefined : JSON.stringify(init.body);
    const res = await fetch(`${this.base}${path}`, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    const set = res.headers.get("set-cookie");
    if (set) {
      this.lastSetCookie = set;
      const m = /gh_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `gh_session=${m[1]}` : "";
    }
    return res;
  }

  async json<T = unknown>(path: string, init: Parameters<Client["request"]>[1] = {}): Promise<{ status: number; body: T; res: Response }> {
    const res = await this.request(path, init);
    return { status: res.status, body: (await res.json()) as T, res };
  }

  /** Opens a login link (its path and query, on this server) and reads /api/me for the CSRF token. */
  async login(url: string): Promise<number> {
    const u = new URL(url);
    const res = await this.request(`${u.pathname}${u.search}`);
    if (res.status === 200) this.csrf = ((await (await this.request("/api/me")).json()) as { csrf: string }).csrf;
    return res.status;
  }
}

/** A logged-in client for a member of the given role (created when needed). */
export async function loggedIn(t: TestServices & { web: WebConsole }, id: string, role: Role, name = id): Promise<Client> {
  await t.services.members.setRole(id, role, "test", name);
  const client = new Client(t.web.local);
  const { url } = await loginLink(t.services, id);
  const status = await client.login(url);
  if (status !== 200) throw new Error(`login failed: ${status}`);
  return client;
}
