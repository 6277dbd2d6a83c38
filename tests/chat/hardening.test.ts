import { Writable } from "node:stream";
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { adminFeature } from "../../src/admin/feature.ts";
import { surveyFeature } from "../../src/survey/feature.ts";
import { remindersFeature } from "../../src/reminders/feature.ts";
import { MAX_INPUT_CHARS, MAX_QUOTE_CHARS } from "../../src/chat/scope.ts";
import type { Feature, IncomingMessage, Services, TransportSend } from "../../src/chat/types.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { tempDbFile } from "../helpers/context.ts";

let dbs: Db[] = [];
afterEach(async () => {
  await Promise.all(dbs.map((d) => d.$disconnect().catch(() => undefined)));
  dbs = [];
});

/** Log lines (JSON) the app wrote. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

const SURVEY_FEATURES: Array<(s: Services) => Feature> = [adminFeature, surveyFeature, remindersFeature];

/** The real app on a fresh database, a virtual clock and an in-memory transport; `say` returns what the message caused, with send instants. */
async function bot(opts: { env?: Record<string, string>; features?: Array<(s: Services) => Feature>; dbFile?: string; maxTextLength?: number } = {}) {
  const config = loadConfig({ OUTBOX_JITTER_MS: "0", ...opts.env }, null);
  const dbFile = opts.dbFile ?? tempDbFile();
  const db = await openDb(dbFile);
  dbs.push(db);
  const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
  const transport = new MemoryTransport({ canReceive: true, canMention: true, canSendFiles: true, maxTextLength: opts.maxTextLength ?? 500 });
  const at: number[] = [];
  const send = transport.send.bind(transport);
  transport.send = async (m: TransportSend) => {
    await send(m);
    at.push(clock.now().getTime());
  };
  const { log, lines } = capture();
  const app = new App({ config: { ...config, DB_FILE: dbFile }, db, clock, log, transport, features: opts.features ?? SURVEY_FEATURES, random: () => 0 });
  await app.start({ realtime: false });
  await app.services.members.setRole("wang", "admin", "test", "王主任");
  await app.services.members.setRole("zhou", "cadre", "test", "周干事");
  const say = async (text: string, msg: Partial<IncomingMessage> = {}) => {
    const before = transport.sent.length;
    await transport.deliver(textMessage(text, msg));
    await app.settle();
    return transport.sent.slice(before).map((m, i) => ({ ...m, at: at[before + i] }));
  };
  return { app, db, dbFile, clock, transport, say, lines, config };
}

/** Text nobody would write twice: `n` CJK characters from a seeded generator. */
function gibberish(n: number, seed = 7): string {
  let x = seed;
  let s = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    s += String.fromCharCode(0x4e00 + (x % 0x5000));
  }
  return s;
}

/** The longest run of `source` (at least 8 characters) that appears in `text`. */
function longestQuote(text: string, source: string): number {
  let best = 0;
  for (let len = 8; len <= source.length; len++) {
    let found = false;
    for (let i = 0; i + len <= source.length && !found; i += 1) found = text.includes(source.slice(i, i + len));
    if (!found) break;
    best = len;
  }
  return best;
}

describe("input cap (issue 11, item 1)", () => {
  it("answers an over-long message with a note giving the limit, without parsing it", async () => {
    const { say } = await bot();
    for (const text of [`提醒 ${"1".repeat(100_000)}点 开会`, `${"八".repeat(50_000)}点提醒我`, `进度 ${"太平镇".repeat(20_000)}`]) {
      const out = await say(text, { senderId: "zhou" });
      expect(out).toHaveLength(1);
      expect(out[0].text).toContain(`${MAX_INPUT_CHARS} 字`);
      expect(out[0].text).toContain(`${Array.from(text).length}`);
    }
  });

  it("says nothing to an over-long room message not addressed to the bot, and answers it when @mentioned", async () => {
    const { say } = await bot();
    expect(await say("1".repeat(5000), { roomId: "r1" })).toEqual([]);
    const out = await say(`@工会助手 ${"1".repeat(5000)}`, { roomId: "r1" });
    expect(out.map((m) => m.text)).toEqual([expect.stringContaining(`${MAX_INPUT_CHARS} 字`)]);
  });

  it("still handles a message right at the limit", async () => {
    const { say } = await bot();
    const out = await say(`进度 ${"甲".repeat(MAX_INPUT_CHARS - 3)}`, { senderId: "zhou" });
    expect(out[0].text).not.toContain(`${MAX_INPUT_CHARS} 字`);
  });
});

describe("replies quote at most a short excerpt, in at most 3 parts (item 2)", () => {
  const long = gibberish(900);

  it("commands with a long argument", async () => {
    const { say } = await bot();
    for (const [cmd, from] of [["进度", "zhou"], ["绑定", "wang"], ["导出台账", "wang"], ["授权", "wang"], ["提醒 明天9点", "zhou"], ["联席会议", "wang"], ["删除提醒", "zhou"]] as const) {
      for (const roomId of [null, "r1"]) {
        const out = await say(`@工会助手 ${cmd} ${long}`, { senderId: from, roomId, mentionIds: roomId ? ["bot"] : [] });
        expect(out.length, cmd).toBeGreaterThan(0);
        expect(out.length, cmd).toBeLessThanOrEqual(3);
        for (const m of out) expect(longestQuote(m.text, long), `${cmd}: ${m.text.slice(0, 80)}`).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
      }
    }
  });

  it("every survey question answered with a long text", async () => {
    const { say } = await bot();
    await say("@工会助手 填报", { roomId: "r1", mentionIds: ["bot"] });
    const answers = ["某某科技有限公司", "太平镇", "民营企业", "120", "否", "否", "李明", "13812345678"];
    for (const a of answers) {
      const out = await say(long, { roomId: "r1" });
      expect(out.length).toBeLessThanOrEqual(3);
      for (const m of out) expect(longestQuote(m.text, long)).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
      await say(a, { roomId: "r1" });
    }
  });

  it("a long answer is cut to 3 parts, each paced by the room interval", async () => {
    const echo: (s: Services) => Feature = () => ({ name: "echo", fallback: async (ctx) => (await ctx.reply(`${"很长的回答。".repeat(2000)}`), true) });
    const { say, config } = await bot({ features: [echo], maxTextLength: 100, env: { OUTBOX_ROOM_INTERVAL_MS: "1500" } });
    const out = await say("@工会助手 问", { roomId: "r1", mentionIds: ["bot"] });
    expect(out).toHaveLength(3);
    expect(out[2].text).toContain("已省略");
    for (let i = 1; i < out.length; i++) expect(out[i].at - out[i - 1].at).toBeGreaterThanOrEqual(config.OUTBOX_ROOM_INTERVAL_MS);
  });

  it("the parts of one long stored message count under the per-minute cap", async () => {
    const { app, transport, clock } = await bot({ features: [], maxTextLength: 100, env: { OUTBOX_PER_MINUTE: "4", OUTBOX_ROOM_INTERVAL_MS: "0" } });
    const t0 = clock.now().getTime();
    // Sent outside any inbound message (like a reminder): parts are not limited to 3, but each is paced.
    for (const r of ["a", "b"]) await app.services.send({ roomId: r, toId: null, text: "一二三四五六七八九十。".repeat(30) });
    await app.settle();
    expect(transport.sent.length).toBe(8);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(60_000);
  });
});

describe("rate limits during a dialog (item 3)", () => {
  it("a contact with a survey open who floods the group gets a handful of replies, not one each", async () => {
    // Sending does not move the virtual clock here, so all 100 messages fall in one minute.
    const { say, config } = await bot({ env: { OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_PER_MINUTE: "10000" } });
    await say("@工会助手 填报", { roomId: "r1", mentionIds: ["bot"] });
    let answered = 0;
    for (let i = 0; i < 100; i++) if ((await say("@工会助手 政策日历", { roomId: "r1", mentionIds: ["bot"] })).length) answered++;
    // The per-minute allowance, one exempt answer to the open question, one notice.
    expect(answered).toBeLessThanOrEqual(config.RATE_USER_PER_MINUTE + 2);
  });

  it("one answer to each new question always gets through", async () => {
    const { say } = await bot({ env: { RATE_USER_PER_MINUTE: "1" } });
    await say("填报");
    const questions = [];
    for (const a of ["某某科技有限公司", "太平镇", "民营企业", "120"]) questions.push((await say(a)).map((m) => m.text).join("\n"));
    expect(questions.map((q) => /第(\d+)项/.exec(q)?.[1])).toEqual(["2", "3", "4", "5"]);
    // The first wrong answer is re-asked; a second message to the same question is rate-limited (one notice, then silence).
    expect((await say("不知道"))[0].text).toContain("第5项");
    expect((await say("还是不知道")).map((m) => m.text)).toEqual([expect.stringContaining("太快")]);
    expect(await say("仍然不知道")).toEqual([]);
  });
});
