import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { VirtualClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { deliveryEnv } from "../src/reminders/feature.ts";
import { ReminderScheduler } from "../src/reminders/scheduler.ts";
import { createServices } from "../src/services.ts";

const REMINDERS = 10_000;
const ROOMS = 500;

/**
 * 10,000 one-off reminders due in the same minute across 500 rooms: time for two
 * schedulers on one database, ticking at once, to claim and enqueue them all; then
 * proof that none was enqueued twice (outbox rows, distinct dedupeKeys, a third pass).
 */
export async function run(): Promise<Record<string, string | number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-rem-"));
  const file = path.join(dir, "bench.db");
  const config = loadConfig({}, null);
  const due = new Date("2026-12-01T09:00:00+08:00");
  const log = pino({ level: "silent" });
  const dbA = await openDb(file);
  const dbB = await openDb(file);
  const at = (k: number) => new Date(due.getTime() + (k % 60) * 1000);
  const spec = (k: number) => JSON.stringify({ schedule: { kind: "once", at: at(k).toISOString() }, audience: ["room"], action: "text", label: "12月1日 09:00" });
  const created = new Date("2026-11-30T09:00:00+08:00");
  for (let i = 0; i < REMINDERS; i += 500) {
    const n = Math.min(500, REMINDERS - i);
    const values = Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, 0, ?, 1, ?)").join(", ");
    const params = Array.from({ length: n }, (_, j) => ["user", `room${(i + j) % ROOMS}`, null, "bench", `提醒内容 ${i + j}`, spec(i + j), at(i + j), created]).flat();
    await dbA.$executeRawUnsafe(`INSERT INTO "Reminder" ("origin", "roomId", "toId", "createdBy", "content", "spec", "leadMinutes", "nextAt", "active", "createdAt") VALUES ${values}`, ...params);
  }
  const now = new Date(due.getTime() + 59_000);
  const make = (db: typeof dbA) => {
    const services = createServices({ config, db, clock: new VirtualClock(now), log });
    return new ReminderScheduler(services, (t) => deliveryEnv(services, t));
  };
  const a = make(dbA);
  const b = make(dbB);
  const t0 = performance.now();
  const [ra, rb] = await Promise.all([a.tick(now), b.tick(now)]);
  const ms = performance.now() - t0;
  const again = await a.tick(now);
  const rows = await dbA.outboxMessage.count();
  const distinct = (await dbA.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(DISTINCT "dedupeKey") AS n FROM "OutboxMessage"`))[0].n;
  const rooms = (await dbA.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(DISTINCT "roomId") AS n FROM "OutboxMessage"`))[0].n;
  const occ = await dbA.reminderOccurrence.count({ where: { status: "sent" } });
  const left = await dbA.reminder.count({ where: { active: true } });
  await dbA.$disconnect();
  await dbB.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    reminders: REMINDERS,
    rooms: Number(rooms),
    "claim+enqueue ms (two schedulers at once)": Math.round(ms),
    "target ms": 2000,
    "sent by scheduler A": ra.sent,
    "sent by scheduler B": rb.sent,
    "claims lost to the other scheduler": ra.lostClaims + rb.lostClaims,
    "third pass sent": again.sent,
    "outbox rows": rows,
    "distinct dedupeKeys": Number(distinct),
    "occurrences sent": occ,
    "reminders still active": left,
    "enqueued twice": rows - Number(distinct) + Math.max(0, rows - REMINDERS),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await run())) process.stdout.write(`${k}: ${v}\n`);
}
