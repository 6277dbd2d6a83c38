/**
 * Web console benchmarks with 5,000 organisations: /api/ledger pages (with and without
 * filters), the whole list, /api/stats, over real HTTP on 127.0.0.1; and the 总览 page in
 * Debian's chromium (when installed): time from navigation until the chart and figures are
 * drawn, cold (first visit) and warm.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { createServices } from "../src/services.ts";
import { startWebConsole } from "../src/web/index.ts";
import { loginLink } from "../src/web/links.ts";
import { benchOrganisation } from "./lib/orgs.ts";

const N = 5000;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50), 2), p95: round(percentile(times, 95), 2) };
}

export async function run(): Promise<Record<string, number | string>> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-web-")), "bench.db");
  const config = loadConfig({ DB_FILE: file }, null);
  const db = await openDb(file);
  const now = systemClock.now();
  for (let i = 0; i < N; i += 500) {
    const batch = Array.from({ length: Math.min(500, N - i) }, (_, k) => {
      const j = i + k;
      const headcount = 5 + ((j * 37) % 400);
      const priority = j % 3 === 0 ? "established" : headcount >= 100 ? "focus" : headcount >= 25 ? "target" : "coverage";
      return benchOrganisation(j, { headcount, priority, reportedAt: new Date(now.getTime() - (j % 30) * 86_400_000) });
    });
    await db.organisation.createMany({ data: batch });
  }
  const orgs = await db.organisation.findMany({ select: { id: true, reportedAt: true } });
  for (let i = 0; i < orgs.length; i += 500) {
    await db.organisationReport.createMany({ data: orgs.slice(i, i + 500).map((o) => ({ organisationId: o.id, version: 1, data: "{}", reportedAt: o.reportedAt, reportedBy: "bench" })) });
  }
  const services = createServices({ config, db, clock: systemClock, log: pino({ level: "silent" }) });
  await services.members.setRole("bench-admin", "admin", "bench", "基准");
  const web = await startWebConsole(services, { host: "127.0.0.1", port: 0 });
  const base = web.local;
  const login = async () => {
    const res = await fetch((await loginLink(services, "bench-admin")).url, { redirect: "manual" });
    return /gh_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] as string;
  };
  const cookie = await login();
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    await res.arrayBuffer();
  };
  const filters = ["", "&township=顿岗镇", "&hasUnion=false&priority=focus", "&q=单位12", "&orgType=社会组织&hasPartyOrg=true", "&sort=name"];
  await get("/api/stats");
  const pages = await timed(200, (i) => get(`/api/ledger?page=${1 + ((i * 7) % 100)}&pageSize=50`));
  const filtered = await timed(200, (i) => get(`/api/ledger?page=${1 + (i % 3)}&pageSize=50${filters[i % filters.length]}`));
  const stats = await timed(200, () => get("/api/stats"));
  const whole = await timed(20, () => get("/api/ledger"));

  const figures: Record<string, number | string> = {
    organisations: N,
    ledgerPageP50Ms: pages.p50,
    ledgerPageP95Ms: pages.p95,
    ledgerFilteredPageP50Ms: filtered.p50,
    ledgerFilteredPageP95Ms: filtered.p95,
    statsP50Ms: stats.p50,
    statsP95Ms: stats.p95,
    ledgerWholeListP95Ms: whole.p95,
  };

  if (fs.existsSync("/usr/bin/chromium")) {
    const { chromium } = await import("playwright-core");
    const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-chromium-")), {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto((await loginLink(services, "bench-admin")).url.replace(web.url, base));
    const usable = async () => {
      await page.locator("[data-testid=chart] canvas").first().waitFor();
      await page.locator(".kpi b").first().waitFor();
      return page.evaluate(() => performance.now());
    };
    const cold = await usable();
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      warm.push(await usable());
    }
    warm.sort((a, b) => a - b);
    figures.overviewUsableColdMs = Math.round(cold);
    figures.overviewUsableWarmMedianMs = Math.round(warm[2]);
    await context.close();
  } else {
    figures.overviewUsable = "chromium 未安装，跳过";
  }
  await web.close();
  await db.$disconnect();
  return figures;
}
