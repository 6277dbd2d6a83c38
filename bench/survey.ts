/**
 * Survey benchmarks: 200 simultaneous 填报 dialogs driven to completion through the real
 * router (App + in-memory transport, SQLite, outbox rows written but not paced), and the
 * xlsx export of 5,000 organisations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { App } from "../src/app.ts";
import { VirtualClock } from "../src/clock.ts";
import { DEFAULT_TOWNSHIPS, loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { adminFeature } from "../src/admin/feature.ts";
import { surveyFeature } from "../src/survey/feature.ts";
import { exportLedger } from "../src/survey/export.ts";
import { MemoryTransport, textMessage } from "../src/transports/memory.ts";
import { benchOrganisation } from "./lib/orgs.ts";

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-survey-")), "bench.db");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Township short forms as people type them. */
const SHORT = ["太平", "马市", "澄江", "顿岗", "罗坝", "司前", "隘子", "城南", "沈所", "深渡水", "园区"];

function answersFor(i: number, bound: boolean): string[] {
  const head = 10 + ((i * 37) % 300);
  const union = i % 3 === 0;
  return [
    `始兴县测试单位${i}有限公司`,
    ...(bound ? [] : [SHORT[i % SHORT.length]]),
    i % 5 === 0 ? "协会" : "公司",
    i % 7 === 0 ? `${head}人左右` : String(head),
    union ? "已建" : "还没有",
    ...(union ? [String(Math.floor(head / 2))] : []),
    i % 2 === 0 ? "有" : "没有",
    String(i % 6),
    `联系人${i}`,
    `138 ${String(1000 + (i % 9000)).padStart(4, "0")} ${String(i).padStart(4, "0")}`,
    "确认",
  ];
}

/** 200 dialogs open at once, answers interleaved across them, each message through the router. */
async function dialogs(n: number): Promise<Record<string, number>> {
  const config = loadConfig({ RATE_USER_PER_MINUTE: "10000", RATE_ROOM_PER_MINUTE: "10000", DB_FILE: tmp() }, null);
  const db = await openDb(config.DB_FILE);
  const clock = new VirtualClock(new Date("2026-11-25T01:00:00Z"));
  const transport = new MemoryTransport();
  const app = new App({ config, db, clock, log: pino({ level: "silent" }), transport, features: [adminFeature, surveyFeature] });
  await app.start({ realtime: false });
  const rooms = DEFAULT_TOWNSHIPS.map((t, i) => ({ id: `room${i}`, township: t }));
  for (const r of rooms) await app.services.rooms.bind(r.id, r.township, "bench");
  const users = Array.from({ length: n }, (_, i) => {
    const room = i % 4 === 3 ? null : rooms[i % rooms.length].id;
    return { id: `u${i}`, room, script: answersFor(i, room !== null), at: 0 };
  });
  for (const u of users) {
    await transport.deliver(textMessage("@工会助手 我要填报", { roomId: u.room, senderId: u.id, senderName: `用户${u.id}`, mentionIds: u.room ? ["bot"] : [] }));
  }
  const active = await db.dialogSession.count({ where: { kind: "survey", status: "active" } });
  const latencies: number[] = [];
  const t0 = performance.now();
  let remaining = users.length;
  while (remaining > 0) {
    remaining = 0;
    for (const u of users) {
      const text = u.script[u.at++];
      if (text === undefined) continue;
      remaining++;
      const s = performance.now();
      await transport.deliver(textMessage(text, { roomId: u.room, senderId: u.id, senderName: `用户${u.id}` }));
      latencies.push(performance.now() - s);
    }
    clock.advance(5_000);
  }
  const seconds = (performance.now() - t0) / 1000;
  const saved = await db.organisation.count();
  const left = await db.dialogSession.count();
  await app.stop().catch(() => undefined);
  await db.$disconnect();
  if (active !== n || saved !== n || left !== 0) throw new Error(`survey bench: ${active} dialogs opened, ${saved} saved, ${left} left (expected ${n}, ${n}, 0)`);
  latencies.sort((a, b) => a - b);
  return {
    answers: latencies.length,
    answersPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

/** xlsx export of `n` organisations read from SQLite (query + workbook), median of three. */
async function xlsx(n: number): Promise<{ ms: number; bytes: number }> {
  const db = await openDb(tmp());
  const at = new Date("2026-11-24T02:00:00Z");
  const rows = Array.from({ length: n }, (_, i) => benchOrganisation(i, { headcount: 5 + (i % 400), priority: i % 3 === 0 ? "established" : "target", reportedAt: at }));
  for (let i = 0; i < rows.length; i += 500) await db.organisation.createMany({ data: rows.slice(i, i + 500) });
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const { data, count } = await exportLedger(db, { format: "xlsx", townships: DEFAULT_TOWNSHIPS, now: new Date("2026-11-25T02:00:00Z") });
    times.push(performance.now() - t0);
    if (count !== n) throw new Error(`xlsx bench: exported ${count} of ${n}`);
    bytes = data.length;
  }
  await db.$disconnect();
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[1]), bytes };
}

/** Figures for `npm run bench`. */
export async function run(): Promise<Record<string, string | number>> {
  await dialogs(20);
  const d = await dialogs(200);
  const x = await xlsx(5000);
  return {
    "dialogs (simultaneous)": 200,
    "answers (through the router)": d.answers,
    "answers per second": d.answersPerSecond,
    "per-answer latency p50 (ms)": d.p50Ms,
    "per-answer latency p95 (ms, target ≤ 30)": d.p95Ms,
    "per-answer latency p99 (ms)": d.p99Ms,
    "xlsx export, 5,000 organisations (ms, target ≤ 3000)": x.ms,
    "xlsx size (KB)": Math.round(x.bytes / 1024),
  };
}
