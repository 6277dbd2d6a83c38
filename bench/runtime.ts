import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { App } from "../src/app.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import type { Feature } from "../src/chat/types.ts";
import { MemoryTransport, textMessage } from "../src/transports/memory.ts";

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-")), "bench.db");

/** A trivial handler so the figure measures the runtime, not a feature. */
const trivial = (): Feature => ({
  name: "trivial",
  fallback: async (ctx) => {
    await ctx.reply(`收到：${ctx.text}`);
    return true;
  },
});

/** Inbound messages per second through the full router (dedupe, roles, rooms, dialogs, outbox rows) on SQLite. */
async function throughput(n: number): Promise<number> {
  const config = loadConfig({ RATE_USER_PER_MINUTE: "10000", RATE_ROOM_PER_MINUTE: "10000" }, null);
  const db = await openDb(tmp());
  const transport = new MemoryTransport();
  const app = new App({ config, db, clock: systemClock, log: pino({ level: "silent" }), transport, features: [trivial] });
  await app.start({ realtime: false });
  const rooms = 20;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const room = i % 3 === 0 ? null : `room${i % rooms}`;
    await transport.deliver(textMessage(`工联会主席由谁兼任？${i}`, { roomId: room, senderId: `user${i % 200}`, senderName: `用户${i % 200}`, mentionIds: room ? ["bot"] : [] }));
  }
  const seconds = (performance.now() - t0) / 1000;
  const queued = await db.outboxMessage.count();
  await db.$disconnect();
  if (queued !== n) throw new Error(`expected ${n} replies queued, got ${queued}`);
  return n / seconds;
}

/** Process start to "ready" (console mode, through Wechaty + mock puppet), median of runs. */
function startup(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dbFile = tmp();
    const r = spawnSync("node", ["dist/bundle/main.mjs"], { env: { ...process.env, GONGHUI_EXIT_WHEN_READY: "1", DB_FILE: dbFile, LOG_LEVEL: "info" }, encoding: "utf8", input: "" });
    // The console chat logs to console.log beside the database, in readable lines: "… 机器人已就绪\n    ms: 812".
    const log = fs.readFileSync(path.join(path.dirname(dbFile), "console.log"), "utf8");
    const ms = /机器人已就绪\n\s+ms: (\d+)/.exec(log)?.[1];
    if (!ms) throw new Error(`bot did not get ready: ${r.stderr.slice(0, 500)}${log.slice(0, 500)}`);
    times.push(Number(ms));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(): Promise<Record<string, string | number>> {
  spawnSync("node", ["scripts/build.mjs", "--if-stale"], { stdio: "inherit" });
  await throughput(300);
  const rate = await throughput(3000);
  return {
    "inbound messages/s (full router + SQLite, target ≥ 500)": Math.round(rate),
    "start-up to ready, ms (median of 5, target ≤ 1500)": startup(5),
  };
}
