import { parseReminder } from "../src/reminders/parse-time.ts";
import { HELD_OUT } from "../tests/reminders/time-heldout.ts";
import { TIME_TABLE } from "../tests/reminders/time-table.ts";

/**
 * Time parsing cost: every expression of our table and the held-out set (with content), read
 * repeatedly after a first pass (the first lunar look-up loads lunar-typescript and the first
 * look-up in a lunar year computes that year, a few ms each: both timed separately); the max is
 * mostly a garbage-collection pause or a busy machine; and hostile inputs — a 600-character run of digits before 点 (the longest text
 * that is parsed) and 100,000 characters (refused by the length cap before any parsing).
 */
export async function run(): Promise<Record<string, string | number>> {
  const rows = [...Object.values(TIME_TABLE).flat(), ...HELD_OUT].map(([now, e]) => [new Date(now), `${e} 开会`] as const);
  const t0 = performance.now();
  parseReminder("中秋节 走访", new Date("2026-12-01T10:00:00+08:00"));
  const cold = performance.now() - t0;
  const t1 = performance.now();
  for (const [now, text] of rows) parseReminder(text, now);
  const firstPass = (performance.now() - t1) / rows.length;
  const REPEAT = 50;
  const samples: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    for (const [now, text] of rows) {
      const s = performance.now();
      parseReminder(text, now);
      samples.push(performance.now() - s);
    }
  }
  samples.sort((a, b) => a - b);
  const us = (ms: number) => Math.round(ms * 1000);
  const hostile = (text: string) => {
    const s = performance.now();
    for (let i = 0; i < 20; i++) parseReminder(text, rows[0][0]);
    return (performance.now() - s) / 20;
  };
  return {
    expressions: rows.length,
    "first lunar expression (loads lunar-typescript) ms": Math.round(cold),
    "first pass mean µs (each lunar year computed once, then memoised)": us(firstPass),
    "mean µs per expression": us(samples.reduce((a, b) => a + b, 0) / samples.length),
    "median µs per expression": us(samples[Math.floor(samples.length / 2)]),
    "p95 µs per expression": us(samples[Math.floor(samples.length * 0.95)]),
    "max µs per expression": us(samples.at(-1)!),
    "target µs": 1000,
    "600 × “1” + 点 (longest parsed input) µs": us(hostile(`${"1".repeat(596)}点 开会`)),
    "100,000 × “1” + 点 (refused by the cap) µs": us(hostile(`${"1".repeat(100_000)}点 开会`)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await run())) process.stdout.write(`${k}: ${v}\n`);
}
