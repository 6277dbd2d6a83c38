import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { enqueue } from "../../src/chat/outbox-store.ts";
import { answerReserve, backoffMs, OutboxSender } from "../../src/chat/outbox.ts";
import { splitText } from "../../src/chat/split.ts";
import { MemoryTransport } from "../../src/transports/memory.ts";
import { tempDbFile } from "../helpers/context.ts";

const log = pino({ level: "silent" });
let dbs: Db[] = [];
afterEach(async () => {
  await Promise.all(dbs.map((d) => d.$disconnect()));
  dbs = [];
});

async function open(file = tempDbFile()) {
  const db = await openDb(file);
  dbs.push(db);
  return db;
}

function sender(db: Db, clock: VirtualClock, transport: MemoryTransport, env: Record<string, string> = {}) {
  const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "2000", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "100", ...env }, null);
  return new OutboxSender({ db, transport, clock, config, log, random: () => 0.5 });
}

/** Drives a sender in virtual time until nothing is pending; returns the send instants (ms from start). */
async function drain(outbox: OutboxSender, clock: VirtualClock, t0: number, transport: MemoryTransport) {
  const at: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const before = transport.sent.length;
    await outbox.flush();
    for (let k = before; k < transport.sent.length; k++) at.push(clock.now().getTime() - t0);
    const next = await outbox.nextDue();
    if (!next) break;
    clock.set(next.getTime() > clock.now().getTime() ? next : new Date(clock.now().getTime() + 1));
  }
  return at;
}

describe("outbox", () => {
  it("paces each room by the minimum interval, rooms independently", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    for (const text of ["a1", "a2", "a3"]) await enqueue(db, { roomId: "A", toId: null, text }, clock.now());
    await enqueue(db, { roomId: "B", toId: null, text: "b1" }, clock.now());
    const at = await drain(sender(db, clock, transport), clock, t0, transport);
    expect(transport.sent.map((m) => m.text)).toEqual(["a1", "b1", "a2", "a3"]);
    expect(at).toEqual([0, 0, 2000, 4000]);
  });

  it("adds jitter to the interval", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    for (const text of ["1", "2"]) await enqueue(db, { roomId: "A", toId: null, text }, clock.now());
    const at = await drain(sender(db, clock, transport, { OUTBOX_JITTER_MS: "1000" }), clock, t0, transport);
    expect(at).toEqual([0, 2500]);
  });

  it("keeps under the global per-minute cap", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    for (let i = 0; i < 5; i++) await enqueue(db, { roomId: `R${i}`, toId: null, text: `m${i}` }, clock.now(), { answer: true });
    const at = await drain(sender(db, clock, transport, { OUTBOX_PER_MINUTE: "2" }), clock, t0, transport);
    expect(at).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });

  it("keeps under the transport's own cap when it is stricter", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport({ canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 500, sendsPerMinute: 1 });
    for (let i = 0; i < 3; i++) await enqueue(db, { roomId: `R${i}`, toId: null, text: `m${i}` }, clock.now());
    const at = await drain(sender(db, clock, transport, { OUTBOX_PER_MINUTE: "100" }), clock, t0, transport);
    expect(at).toEqual([0, 60_000, 120_000]);
  });

  it("retries a failed send with backoff and sends it once", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    transport.failNext = 2;
    await enqueue(db, { roomId: "A", toId: null, text: "hello" }, clock.now());
    const at = await drain(sender(db, clock, transport), clock, t0, transport);
    expect(transport.sent.map((m) => m.text)).toEqual(["hello"]);
    expect(at).toEqual([backoffMs(1) + backoffMs(2)]);
    const row = await db.outboxMessage.findFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(3);
  });

  it("gives up after six attempts and marks the message failed", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport();
    transport.failNext = 100;
    await enqueue(db, { roomId: "A", toId: null, text: "hello" }, clock.now());
    await drain(sender(db, clock, transport), clock, 0, transport);
    expect((await db.outboxMessage.findFirstOrThrow()).status).toBe("failed");
    expect(await sender(db, clock, transport).nextDue()).toBeNull();
  });

  it("splits long texts at the transport's limit, mentioning only in the first part", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport({ canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 50 });
    const text = Array.from({ length: 6 }, (_, i) => `第${i + 1}行：${"内容".repeat(8)}`).join("\n");
    await enqueue(db, { roomId: "A", toId: null, text, mentions: ["li"] }, clock.now());
    await drain(sender(db, clock, transport), clock, 0, transport);
    expect(transport.sent.length).toBeGreaterThan(1);
    expect(transport.sent.every((m) => Array.from(m.text).length <= 50)).toBe(true);
    expect(transport.sent.map((m) => m.mentions.length)).toEqual([1, ...Array(transport.sent.length - 1).fill(0)]);
    expect(transport.sent.map((m) => m.text).join("\n")).toBe(text);
  });

  it("resumes a multi-part message after the part that failed, never repeating delivered parts", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport({ canReceive: true, canMention: true, canSendFiles: true, maxTextLength: 15 });
    await enqueue(db, { roomId: "A", toId: null, text: "第一段内容。\n第二段内容。\n第三段内容。", file: { path: "/tmp/chart.png", name: "进度图.png" } }, clock.now());
    const send = transport.send.bind(transport);
    let calls = 0;
    transport.send = async (m) => {
      if (++calls === 2) throw new Error("network down");
      return send(m);
    };
    await drain(sender(db, clock, transport), clock, 0, transport);
    expect(transport.sent.map((m) => m.file?.name ?? m.text)).toEqual(["第一段内容。\n第二段内容。", "第三段内容。", "进度图.png"]);
    const row = await db.outboxMessage.findFirstOrThrow();
    expect([row.status, row.partsSent, row.attempts]).toEqual(["sent", 3, 2]);
  });

  it("ignores a second enqueue with the same dedupe key", async () => {
    const db = await open();
    const now = new Date();
    expect(await enqueue(db, { roomId: "A", toId: null, text: "x", dedupeKey: "k1" }, now)).toBe(1);
    expect(await enqueue(db, { roomId: "A", toId: null, text: "x", dedupeKey: "k1" }, now)).toBe(0);
    expect(await db.outboxMessage.count()).toBe(1);
  });

  it("after a crash sends what was queued, once, and never resends a message caught mid-send", async () => {
    const file = tempDbFile();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const db1 = await open(file);
    for (const text of ["q1", "q2", "q3"]) await enqueue(db1, { roomId: "A", toId: null, text }, clock.now());
    const t1 = new MemoryTransport();
    const first = sender(db1, clock, t1);
    await first.flush();
    expect(t1.sent.map((m) => m.text)).toEqual(["q1"]);
    // Crash in the middle of sending q2: claimed, not confirmed.
    await db1.outboxMessage.updateMany({ where: { text: "q2" }, data: { status: "sending" } });
    await db1.$disconnect();

    const db2 = await open(file);
    const t2 = new MemoryTransport();
    const second = sender(db2, clock, t2);
    await second.recover();
    await drain(second, clock, 0, t2);
    expect(t2.sent.map((m) => m.text)).toEqual(["q3"]);
    const rows = await db2.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "unknown", "sent"]);
    await drain(second, clock, 0, t2);
    expect(t2.sent).toHaveLength(1);
  });

  it("two senders on one database never send a row twice", async () => {
    const file = tempDbFile();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const dbA = await open(file);
    const dbB = await open(file);
    for (let i = 0; i < 40; i++) await enqueue(dbA, { roomId: `R${i}`, toId: null, text: `m${i}` }, clock.now());
    const ta = new MemoryTransport();
    const tb = new MemoryTransport();
    await Promise.all([sender(dbA, clock, ta).flush(), sender(dbB, clock, tb).flush()]);
    const texts = [...ta.sent, ...tb.sent].map((m) => m.text).sort();
    expect(texts).toHaveLength(40);
    expect(new Set(texts).size).toBe(40);
  });

  it("answers go before queued bulk pushes, which leave a quarter of the per-minute cap free", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    const outbox = sender(db, clock, transport, { OUTBOX_PER_MINUTE: "8", OUTBOX_ROOM_INTERVAL_MS: "0" });
    for (let i = 0; i < 10; i++) await enqueue(db, { roomId: `R${i}`, toId: null, text: `bulk${i}` }, clock.now());
    await outbox.flush();
    expect(transport.sent).toHaveLength(8 - answerReserve(8));
    clock.advance(5000);
    for (let i = 0; i < 3; i++) await enqueue(db, { roomId: null, toId: `p${i}`, text: `answer${i}` }, clock.now(), { answer: true });
    await outbox.flush();
    // Two answers fit in the reserve now; the third waits for the window like everything else.
    expect(transport.sent.slice(6).map((m) => m.text)).toEqual(["answer0", "answer1"]);
    const at = await drain(outbox, clock, t0, transport);
    expect(transport.sent.slice(8).map((m) => m.text)).toEqual(["answer2", ...Array.from({ length: 4 }, (_, i) => `bulk${i + 6}`)]);
    expect(at[0]).toBe(60_000);
  });

  it("deletes a temporary file after the last message carrying it, keeping ordinary files", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outbox-files-"));
    const chart = path.join(dir, "chart.png");
    const kept = path.join(dir, "ledger.xlsx");
    fs.writeFileSync(chart, "png");
    fs.writeFileSync(kept, "xlsx");
    await enqueue(db, ["a", "b"].map((to) => ({ roomId: null, toId: to, text: "图", file: { path: chart, name: "图.png", temporary: true } })), clock.now());
    await enqueue(db, { roomId: null, toId: "c", text: "表", file: { path: kept, name: "表.xlsx" } }, clock.now());
    const outbox = sender(db, clock, transport);
    const seen: boolean[] = [];
    const send = transport.send.bind(transport);
    transport.send = async (m) => {
      if (m.file) seen.push(fs.existsSync(m.file.path));
      await send(m);
    };
    await drain(outbox, clock, 0, transport);
    expect(seen).toEqual([true, true, true]);
    expect([fs.existsSync(chart), fs.existsSync(kept)]).toEqual([false, true]);
  });

  it("answers the database could not store are sent from memory, first and within the caps", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const t0 = clock.now().getTime();
    const transport = new MemoryTransport();
    const outbox = sender(db, clock, transport, { OUTBOX_PER_MINUTE: "2" });
    outbox.hold([{ roomId: "A", toId: null, text: "暂时无法保存，请稍后再试。", mentions: ["li"] }, { roomId: "A", toId: null, text: "第二条" }, { roomId: "B", toId: null, text: "第三条" }]);
    await db.$queryRawUnsafe("PRAGMA query_only = 1");
    const at = await drain(outbox, clock, t0, transport);
    expect(transport.sent.map((m) => [m.roomId, m.text])).toEqual([["A", "暂时无法保存，请稍后再试。"], ["B", "第三条"], ["A", "第二条"]]);
    expect(at).toEqual([0, 0, 60_000]);
  });
});

describe("splitText", () => {
  it("leaves short texts alone and prefers line breaks", () => {
    expect(splitText("短消息", 10)).toEqual(["短消息"]);
    expect(splitText("一二三四五\n六七八九十\n甲乙", 12)).toEqual(["一二三四五\n六七八九十", "甲乙"]);
  });
  it("cuts at sentence ends, or hard at the limit", () => {
    expect(splitText("第一句话说完了。第二句话也说完了。", 10)).toEqual(["第一句话说完了。", "第二句话也说完了。"]);
    expect(splitText("a".repeat(25), 10)).toEqual(["a".repeat(10), "a".repeat(10), "a".repeat(5)]);
  });
});

describe("outbox privacy", () => {
  it("masks phone numbers in every room message, whoever wrote them; private messages keep them", async () => {
    const db = await open();
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const transport = new MemoryTransport();
    await enqueue(db, [
      { roomId: "A", toId: null, text: "【提醒】请联系李明 138 1234 5678 确认，座机 0751-332 1234" },
      { roomId: null, toId: "u1", text: "联系电话 138 1234 5678" },
    ], clock.now());
    await sender(db, clock, transport).flush();
    expect(transport.sent.map((m) => m.text)).toEqual(["【提醒】请联系李明 138****5678 确认，座机 0751-****1234", "联系电话 138 1234 5678"]);
  });
});
