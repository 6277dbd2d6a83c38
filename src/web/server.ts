/**
 * The web console's HTTP server (Fastify): the login link, sessions in an HttpOnly
 * SameSite=Strict cookie, CSRF on every write, the JSON API under /api and the pages
 * built by Vite (dist/web), all served locally.
 */
import fs from "node:fs";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import type { Services } from "../chat/types.ts";
import { projectPath } from "../paths.ts";
import { endSession, findSession, redeemLoginToken, sameToken, SESSION_IDLE_MS, viewerFor, type Viewer } from "./auth.ts";
import { registerApi, type ApiDeps } from "./api.ts";
import { BASE_URL_SETTING } from "./links.ts";

/** Where Vite writes the pages (scripts/build.mjs). */
export const WEB_DIST = projectPath("dist", "web");
/** The session cookie. */
export const SESSION_COOKIE = "gh_session";

declare module "fastify" {
  interface FastifyRequest {
    viewer: Viewer | null;
    csrf: string | null;
  }
}

/** What the web server needs. */
export interface WebOptions extends Omit<ApiDeps, "services"> {
  services: Services;
  /** The public address of the console (WEB_BASE_URL); https makes the cookie Secure. */
  baseUrl: string;
}

const LOGIN_FAILED = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>登录链接无效</title>
<body style="font-family:sans-serif;padding:24px;line-height:1.7"><h2>登录链接无效或已过期</h2><p>每个链接只能使用一次，10 分钟内有效。请在微信里私聊机器人，发送“后台”获取新的链接。</p></body></html>`;

const LOGGED_IN = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="0;url=/"><title>已登录</title>
<body style="font-family:sans-serif;padding:24px"><p>已登录，正在打开控制台…… <a href="/">如未跳转请点这里</a></p></body></html>`;

/** Builds the server (not yet listening). */
export async function createWebServer(opts: WebOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const { db, clock } = services;
  const httpsBase = opts.baseUrl.startsWith("https:");
  /** Behind https (WEB_BASE_URL), the proxy's X-Forwarded-Proto says how the request came; otherwise it is ignored. */
  const protocol = (req: FastifyRequest) => String(req.headers["x-forwarded-proto"] ?? req.protocol).split(",")[0].trim();
  const secure = (req: FastifyRequest) => httpsBase && protocol(req) === "https";
  const app = Fastify({ logger: false, bodyLimit: 25 * 1024 * 1024 });
  await app.register(fastifyCookie);
  app.decorateRequest("viewer", null);
  app.decorateRequest("csrf", null);

  const setCookie = (req: FastifyRequest, reply: FastifyReply, value: string) =>
    reply.setCookie(SESSION_COOKIE, value, { path: "/", httpOnly: true, sameSite: "strict", secure: secure(req), maxAge: SESSION_IDLE_MS / 1000 });

  app.addHook("onRequest", async (req, reply) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Frame-Options", "DENY");
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) return;
    const session = await findSession(db, sid, clock.now());
    if (!session) return;
    req.viewer = await viewerFor(services, session.userId);
    req.csrf = session.csrf;
    if (req.viewer && session.touched) setCookie(req, reply, sid);
  });

  app.addHook("preHandler", async (req, reply) => {
    if (!req.url.startsWith("/api/")) return;
    if (!req.viewer) return reply.code(401).send({ error: "未登录或登录已过期：请在微信私聊机器人发送“后台”获取登录链接" });
    if (req.method !== "GET" && req.method !== "HEAD" && !sameToken(req.headers["x-csrf-token"] as string | undefined, req.csrf ?? "")) {
      return reply.code(403).send({ error: "请求缺少有效的安全令牌（CSRF），请刷新页面后重试" });
    }
  });

  app.get("/login", async (req, reply) => {
    const token = String((req.query as { token?: string }).token ?? "");
    if (httpsBase && protocol(req) !== "https") {
      return reply.redirect(`${opts.baseUrl.replace(/\/$/, "")}/login?token=${encodeURIComponent(token)}`);
    }
    const now = clock.now();
    const redeemed = await redeemLoginToken(db, token, now);
    const viewer = redeemed && (await viewerFor(services, redeemed.userId));
    reply.header("Cache-Control", "no-store").type("text/html; charset=utf-8");
    if (!redeemed || !viewer) {
      if (redeemed) await endSession(db, redeemed.sessionId, now);
      return reply.code(401).send(LOGIN_FAILED);
    }
    setCookie(req, reply, redeemed.sessionId);
    // A page, not a redirect: a SameSite=Strict cookie set during a navigation that came from
    // WeChat (another site) is only sent on a navigation this site starts itself.
    return reply.send(LOGGED_IN);
  });

  app.post("/api/logout", async (req, reply) => {
    await endSession(db, req.cookies[SESSION_COOKIE] ?? "", clock.now());
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  await registerApi(app, opts);

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, preCompressed: true, setHeaders: (reply, file) => reply.header("Cache-Control", file.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache") });
  } else {
    app.get("/", async (_req, reply) => reply.code(503).type("text/plain; charset=utf-8").send("网页控制台的页面尚未构建：请运行 npm run build"));
  }
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send(req.url.startsWith("/api/") ? { error: "没有这个接口" } : "没有这个页面"));
  return app;
}

/** Starts listening; records the address links use so `gonghui web link` can make links to it. */
export async function listenWeb(app: FastifyInstance, services: Services, opts: { host: string; port: number; baseUrl?: string }): Promise<{ url: string; local: string }> {
  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  const local = `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`;
  const url = opts.baseUrl ?? local;
  await services.db.setting.upsert({ where: { key: BASE_URL_SETTING }, create: { key: BASE_URL_SETTING, value: url }, update: { value: url } });
  return { url, local };
}
