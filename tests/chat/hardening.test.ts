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
import { runSimulation } from "../../src/transports/simulate.ts";
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

/** Answers to every survey question, in order (a private dialog, not bound to a township). */
const SURVEY_ANSWERS = ["某某科技有限公司", "太平镇", "企业", "120", "否", "否", "0", "李明", "13812345678"];

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
  return { app, db, dbFile, clock, transport, say, lines, config, sendTimes: at };
}

/** The most sends in any 60-second window. */
function perMinuteMax(times: number[]): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) best = Math.max(best, times.filter((t) => t >= times[i] && t < times[i] + 60_000).length);
  return best;
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
    for (const a of SURVEY_ANSWERS) {
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

  it("the limit is per conversation: people notified about a message still get their one line", async () => {
    const notify: (s: Services) => Feature = (services) => ({
      name: "notify",
      fallback: async (ctx) => {
        await ctx.reply("很长的回答。".repeat(2000));
        await services.send(["a1", "a2", "a3", "a4"].map((id) => ({ roomId: null, toId: id, text: `有新的待审核记录：${ctx.text}` })));
        return true;
      },
    });
    const { say } = await bot({ features: [notify], maxTextLength: 100 });
    const out = await say("@工会助手 问", { roomId: "r1", mentionIds: ["bot"] });
    expect(out.filter((m) => m.roomId === "r1")).toHaveLength(3);
    expect(out.filter((m) => m.toId?.startsWith("a")).map((m) => m.toId)).toEqual(["a1", "a2", "a3", "a4"]);
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

/**
 * Fills the database as a full disk would leave it: no page can be added (max_page_count), and
 * the last pages of the ledger and reminder tables are packed with filler rows, so the next row
 * there needs a new page and fails with SQLite's own SQLITE_FULL.
 */
async function fillDisk(db: Db): Promise<void> {
  const [{ page_count }] = await db.$queryRawUnsafe<Array<{ page_count: bigint }>>("PRAGMA page_count");
  await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(page_count)}`);
  const at = new Date("2026-01-01T00:00:00Z");
  const fillers: Array<(i: number, pad: string) => Promise<unknown>> = [
    (i, pad) => db.setting.create({ data: { key: `filler-${i}`, value: pad } }),
    (i, pad) => db.reminder.create({ data: { createdBy: "filler", content: pad, spec: "{}", active: false, createdAt: at } }),
    (i, pad) =>
      db.organisation.create({
        data: { normName: `filler-${i}`, orgName: `filler-${i}`, township: "-", orgType: "-", headcount: 1, hasUnion: false, hasPartyOrg: false, contactName: "-", contactPhone: "-", priority: "-", guidance: pad, reportedAt: at, reportedBy: "filler" },
      }),
  ];
  let i = 0;
  for (const fill of fillers) {
    for (const size of [4000, 1000, 200, 20, 1]) {
      for (;;) {
        try {
          await fill(i++, "x".repeat(size));
        } catch {
          break;
        }
      }
    }
  }
}

/** Runs a survey in private chat up to the summary. */
async function surveyToSummary(say: (t: string) => Promise<Array<{ text: string }>>) {
  await say("填报");
  for (const a of SURVEY_ANSWERS) await say(a);
}

const STORAGE_NOTE = "暂时无法保存，请稍后再试";

describe("storage failures are told, never hidden (item 12)", () => {
  const noSavedClaim = (texts: string[]) => expect(texts.filter((t) => /已保存|已记入台账|已设置|已记录/.test(t))).toEqual([]);

  it("disk full: the sender is told, nothing claims to be saved, the cause is logged at error level", async () => {
    const { say, db, lines } = await bot();
    await surveyToSummary(say);
    await fillDisk(db);
    const before = await db.organisation.count();
    const out = (await say("确认")).map((m) => m.text);
    expect(out).toEqual([expect.stringContaining(STORAGE_NOTE)]);
    noSavedClaim(out);
    expect(await db.organisation.count()).toBe(before);
    expect(lines.some((l) => l.level === 50 && /disk full/.test(String(l.cause)))).toBe(true);
    // Space back: the same answer is saved.
    await db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    expect((await say("确认")).map((m) => m.text).join("\n")).toContain("已保存");
    expect(await db.organisation.count()).toBe(before + 1);
  });

  it("disk full while setting a reminder: told, not set", async () => {
    const { say, db } = await bot();
    await fillDisk(db);
    const before = await db.reminder.count();
    const out = (await say(`提醒 明天9点 ${"开会".repeat(200)}`)).map((m) => m.text);
    expect(out).toEqual([expect.stringContaining(STORAGE_NOTE)]);
    noSavedClaim(out);
    expect(await db.reminder.count()).toBe(before);
  });

  it("read-only database (every write refused, from the first): told, not saved", async () => {
    const { say, db, lines } = await bot();
    await surveyToSummary(say);
    await db.$queryRawUnsafe("PRAGMA query_only = 1");
    const out = (await say("确认")).map((m) => m.text);
    expect(out).toEqual([expect.stringContaining(STORAGE_NOTE)]);
    expect(lines.some((l) => l.level === 50 && /read-only/.test(String(l.cause)))).toBe(true);
  });

  it("data folder deleted while running: writes stop, the sender is told, nothing is claimed", async () => {
    const { say, dbFile, lines } = await bot();
    await surveyToSummary(say);
    fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
    const out = (await say("确认")).map((m) => m.text);
    expect(out).toEqual([expect.stringContaining(STORAGE_NOTE)]);
    noSavedClaim(out);
    expect(lines.some((l) => l.level === 50 && /removed while running/.test(String(l.cause)))).toBe(true);
    // Every later message that would write is refused the same way.
    expect((await say("提醒 明天9点 开会")).map((m) => m.text)).toEqual([expect.stringContaining(STORAGE_NOTE)]);
  });

  it("database file replaced under the running bot: detected, writes stop", async () => {
    const { say, dbFile, db } = await bot();
    await surveyToSummary(say);
    const other = `${dbFile}.other`;
    fs.copyFileSync(dbFile, other);
    fs.renameSync(other, dbFile);
    const out = (await say("确认")).map((m) => m.text);
    expect(out).toEqual([expect.stringContaining(STORAGE_NOTE)]);
    await expect(db.setting.create({ data: { key: "k", value: "v" } })).rejects.toThrow(/replaced while running/);
  });
});

describe("answers before bulk pushes (item 13)", () => {
  it("30 reminders due at 09:00 in 30 rooms, then a question at 09:00:05: the answer goes out within 3 s", async () => {
    // One cadre per room sets the room's reminder (one person setting 30 would be rate-limited).
    const rooms = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, topic: `第${i}群`, members: [`c${i}`, "zhou"] }));
    const script = {
      start: "2026-09-01T08:00:00+08:00",
      contacts: [{ id: "zhou", name: "周干事", role: "cadre" }, ...rooms.map((_, i) => ({ id: `c${i}`, name: `干部${i}`, role: "cadre" }))],
      rooms,
      steps: [
        ...rooms.map((r, i) => ({ from: `c${i}`, room: r.id, text: "@工会助手 提醒 今天9点 开会" })),
        { at: "2026-09-01T09:00:05+08:00" },
        { from: "zhou", room: "r7", text: "@工会助手 帮助" },
      ],
    };
    const out = await runSimulation(script, { dbFile: tempDbFile(), features: SURVEY_FEATURES });
    expect(out.filter((o) => o.text.startsWith("⏰"))).toHaveLength(30);
    const answer = out.find((o) => o.room === "r7" && !o.text.startsWith("⏰") && Date.parse(o.at) >= Date.parse("2026-09-01T09:00:05+08:00"));
    expect(answer).toBeDefined();
    expect(Date.parse(answer!.at) - Date.parse("2026-09-01T09:00:05+08:00")).toBeLessThanOrEqual(3000);
  });

  it("bulk sends leave part of the per-minute cap to answers, and the cap holds overall", async () => {
    const { app, transport, clock, config, sendTimes } = await bot({ features: [adminFeature], env: { OUTBOX_ROOM_INTERVAL_MS: "0" } });
    await app.services.send(Array.from({ length: 40 }, (_, i) => ({ roomId: `b${i}`, toId: null, text: `提醒${i}` })));
    await app.tick();
    const bulkFirstMinute = transport.sent.length;
    expect(bulkFirstMinute).toBeLessThan(config.OUTBOX_PER_MINUTE);
    clock.advance(5000);
    await transport.deliver(textMessage("帮助"));
    await app.tick();
    expect(transport.sent.at(-1)!.toId).toBe("li");
    await app.settle();
    expect(transport.sent.length).toBe(41);
    // Never more than the cap in any minute.
    expect(perMinuteMax(sendTimes)).toBeLessThanOrEqual(config.OUTBOX_PER_MINUTE);
  });
});

describe("nothing only grows (item 14)", () => {
  it("handled message ids older than 7 days are pruned by the running app", async () => {
    const { say, app, db, clock } = await bot();
    await say("帮助");
    await say("帮助", { id: "kept-by-id" });
    expect(await db.processedMessage.count()).toBe(2);
    clock.advance(6 * 86_400_000);
    await say("帮助");
    await app.advanceTo(new Date(clock.now().getTime() + 2 * 86_400_000));
    // The two from 8 days ago are gone; the one from 2 days ago stays.
    expect(await db.processedMessage.count()).toBe(1);
  });

  it("finished outbox rows older than 90 days are pruned; unsent ones are kept", async () => {
    const { say, app, db, clock } = await bot();
    const day0 = clock.now();
    await say("帮助");
    clock.advance(89 * 86_400_000);
    await say("帮助");
    // Queued on day 0 for much later: old but unsent, so kept.
    await db.outboxMessage.create({ data: { roomId: null, toId: "x", text: "未发", notBefore: new Date(day0.getTime() + 365 * 86_400_000), createdAt: day0 } });
    await app.advanceTo(new Date(clock.now().getTime() + 2 * 86_400_000));
    expect((await db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((r) => [r.status, r.createdAt.getTime() - day0.getTime()])).toEqual([
      ["sent", 89 * 86_400_000],
      ["pending", 0],
    ]);
  });

  it("a chart is deleted once sent, and only after the last message that needs it", async () => {
    const { say, app, transport } = await bot();
    const charts: string[] = [];
    const send = transport.send.bind(transport);
    transport.send = async (m) => {
      if (m.file) {
        expect(fs.existsSync(m.file.path)).toBe(true);
        charts.push(m.file.path);
      }
      await send(m);
    };
    await say("简报", { senderId: "wang" });
    await app.settle();
    expect(charts).toHaveLength(1);
    expect(fs.existsSync(charts[0])).toBe(false);
  });

  it("chat exports are kept EXPORT_KEEP_DAYS days, then removed; files still to be sent are kept", async () => {
    const { app, clock, dbFile, db } = await bot({ env: { EXPORT_KEEP_DAYS: "3" } });
    const dir = path.join(path.dirname(dbFile), "exports");
    fs.mkdirSync(dir, { recursive: true });
    const now = clock.now().getTime();
    const file = (name: string, ageDays: number) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, "x");
      fs.utimesSync(f, new Date(now - ageDays * 86_400_000), new Date(now - ageDays * 86_400_000));
      return f;
    };
    const fresh = file("fresh.xlsx", 2);
    const old = file("old.xlsx", 4);
    const waiting = file("waiting.xlsx", 5);
    await db.outboxMessage.create({ data: { roomId: null, toId: "x", text: "", filePath: waiting, fileName: "w.xlsx", notBefore: new Date(now + 86_400_000), createdAt: new Date(now) } });
    await app.advanceTo(new Date(now + 2 * 3_600_000));
    expect([fs.existsSync(fresh), fs.existsSync(old), fs.existsSync(waiting)]).toEqual([true, false, true]);
  });
});
