import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { App } from "../src/app.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { adminFeature } from "../src/admin/feature.ts";
import { surveyFeature } from "../src/survey/feature.ts";
import { remindersFeature } from "../src/reminders/feature.ts";
import { MemoryTransport, textMessage } from "../src/transports/memory.ts";

/**
 * Handling time of hostile messages (100,000 characters) as a ratio to a normal message,
 * through the real router and features: the input cap must make them no dearer than normal.
 */
export async function run(): Promise<Record<string, string | number>> {
  const config = loadConfig({ RATE_USER_PER_MINUTE: "10000", RATE_ROOM_PER_MINUTE: "10000" }, null);
  const db = await openDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-")), "bench.db"));
  const transport = new MemoryTransport();
  const app = new App({ config, db, clock: systemClock, log: pino({ level: "silent" }), transport, features: [adminFeature, surveyFeature, remindersFeature] });
  await app.start({ realtime: false });
  await app.services.members.setRole("cadre", "cadre", "bench", "干部");
  const median = async (text: (i: number) => string, opts: { roomId?: string } = {}, n = 30) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await transport.deliver(textMessage(text(i), { senderId: `cadre`, roomId: opts.roomId ?? null, mentionIds: opts.roomId ? ["bot"] : [] }));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(n / 2)];
  };
  const normal = await median((i) => `提醒 明天9点 开会${i}`);
  const hostileReminder = await median((i) => `提醒 ${"1".repeat(100_000 + i)}点 开会`);
  await transport.deliver(textMessage("填报", { senderId: "cadre", roomId: "r1", mentionIds: ["bot"] }));
  const hostileAnswer = await median((i) => `${"9".repeat(100_000 + i)}`, { roomId: "r1" });
  await db.$disconnect();
  const ratio = (x: number) => Math.round((x / normal) * 100) / 100;
  return {
    "normal message (提醒 明天9点 开会), median ms": Math.round(normal * 100) / 100,
    "100,000 × 1 in 提醒, ratio to normal (target ≤ 2)": ratio(hostileReminder),
    "100,000-character survey answer in a group, ratio to normal (target ≤ 2)": ratio(hostileAnswer),
  };
}
