import pino from "pino";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import { z } from "zod";
import { App } from "../app.ts";
import { isoShanghai, VirtualClock } from "../clock.ts";
import { loadConfig, type Config } from "../config.ts";
import { openDb, type Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { Members } from "../admin/members.ts";
import { ROLES, type Feature, type Services, type TransportSend } from "../chat/types.ts";
import { parseDuration } from "./duration.ts";
import { WechatyTransport } from "./wechaty.ts";

const instant = z.string().refine((s) => /[zZ]|[+-]\d\d:?\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), { message: "不是带时区的 ISO 8601 时间（例如 2026-09-01T09:00:00+08:00）" });
const duration = z.string().refine((s) => parseDuration(s) !== null, { message: "不是 ISO 8601 时长（例如 PT2H、P1D）" });
const id = z.string().min(1).regex(/^[^@\s]+$/, { message: "id 不能含 @ 或空白" });

const stepSchema = z.union([
  z.object({ from: z.string(), room: z.string().optional(), text: z.string() }).strict(),
  z.object({ advance: duration }).strict(),
  z.object({ at: instant }).strict(),
  z.object({ restart: z.literal(true) }).strict(),
  z.object({ downFor: duration }).strict(),
]);

/** The scripted-conversation format (docs/simulate.md). */
export const scriptSchema = z
  .object({
    start: instant,
    bot: z.object({ name: z.string().min(1) }).default({ name: "工会助手" }),
    contacts: z.array(z.object({ id, name: z.string().min(1), role: z.enum(ROLES).optional() })).default([]),
    rooms: z.array(z.object({ id, topic: z.string().default(""), members: z.array(z.string()).default([]) })).default([]),
    steps: z.array(stepSchema),
  })
  .superRefine((s, ctx) => {
    const contacts = new Set(s.contacts.map((c) => c.id));
    const rooms = new Set(s.rooms.map((r) => r.id));
    s.rooms.forEach((r, i) =>
      r.members.forEach((m) => {
        if (!contacts.has(m)) ctx.addIssue({ code: "custom", path: ["rooms", i, "members"], message: `未知联系人 "${m}"` });
      }),
    );
    s.steps.forEach((step, i) => {
      if ("from" in step) {
        if (!contacts.has(step.from)) ctx.addIssue({ code: "custom", path: ["steps", i, "from"], message: `未知联系人 "${step.from}"` });
        if (step.room !== undefined && !rooms.has(step.room)) ctx.addIssue({ code: "custom", path: ["steps", i, "room"], message: `未知群 "${step.room}"` });
      }
    });
  });

export type SimScript = z.infer<typeof scriptSchema>;

/** One message the bot sent, as `gonghui simulate --json` prints it. */
export interface SimOutput {
  at: string;
  room: string | null;
  to: string | null;
  text: string;
  mentions: string[];
  file: string | null;
}

/** A malformed script: one clear Chinese line. */
export class ScriptError extends Error {}

/** Validates a script, throwing ScriptError with one line naming the first problem. */
export function parseScript(input: unknown): SimScript {
  const r = scriptSchema.safeParse(input);
  if (r.success) {
    const s = r.data;
    for (const [i, step] of s.steps.entries()) {
      if ("at" in step && Date.parse(step.at) < Date.parse(s.start)) throw new ScriptError(`脚本错误：steps[${i}].at 早于 start`);
    }
    return s;
  }
  const issue = r.error.issues[0];
  throw new ScriptError(`脚本错误：${issue.path.join(".") || "(根)"} ${issue.message}`);
}

const BOT_ID = "__gonghui_bot__";
const roomMockId = (id: string) => `${id}@chatroom`;

interface Running {
  app: App;
  db: Db;
  transport: WechatyTransport;
  mocker: mock.Mocker;
}

/**
 * Plays a script through the real stack (Wechaty + wechaty-puppet-mock, router, SQLite,
 * scheduler on a virtual clock) and returns every message the bot sent, in order.
 */
export async function runSimulation(
  input: unknown,
  opts: { dbFile: string; log?: Logger; config?: Config; features?: Array<(s: Services) => Feature>; onOutput?: (o: SimOutput) => void },
): Promise<SimOutput[]> {
  const script = parseScript(input);
  const log = opts.log ?? pino({ level: "silent" });
  const base = opts.config ?? loadConfig(process.env, null);
  const config: Config = { ...base, BOT_NAME: script.bot.name, DB_FILE: opts.dbFile };
  const clock = new VirtualClock(new Date(script.start));
  const outputs: SimOutput[] = [];
  const roomIds = new Map(script.rooms.map((r) => [roomMockId(r.id), r.id]));
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const record = (msg: TransportSend) => {
    const out: SimOutput = {
      at: isoShanghai(clock.now()),
      room: msg.roomId ? (roomIds.get(msg.roomId) ?? msg.roomId) : null,
      to: msg.roomId ? null : msg.toId,
      text: msg.text,
      mentions: msg.mentions,
      file: msg.file?.name ?? null,
    };
    outputs.push(out);
    opts.onOutput?.(out);
  };

  const seedDb = await openDb(opts.dbFile);
  const members = new Members(seedDb, []);
  for (const c of script.contacts) {
    if (c.role) await members.setRole(c.id, c.role, "simulate", c.name);
    else await members.seen(c.id, c.name);
  }
  await seedDb.$disconnect();

  const boot = async (): Promise<Running> => {
    const db = await openDb(opts.dbFile);
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const botUser = mocker.createContact({ id: BOT_ID, name: script.bot.name });
    for (const c of script.contacts) mocker.createContact({ id: c.id, name: c.name });
    for (const r of script.rooms) mocker.createRoom({ id: roomMockId(r.id), topic: r.topic, memberIdList: [BOT_ID, ...r.members] });
    const transport = new WechatyTransport({ puppet, name: `simulate-${Date.now()}`, log, onSent: record, afterStart: () => mocker.login(botUser) });
    const app = new App({ config, db, clock, log, transport, features: opts.features, random });
    await app.start({ realtime: false });
    await app.settle();
    return { app, db, transport, mocker };
  };

  const crash = async (r: Running) => {
    r.app.halt();
    await r.transport.idle();
    await r.transport.bot.stop().catch(() => undefined);
    await r.db.$disconnect();
  };

  let running = await boot();
  try {
    for (const step of script.steps) {
      if ("from" in step) {
        const { mocker, transport, app } = running;
        const speaker = mocker.ContactMock.load(step.from);
        const mentions = [];
        if (step.text.trimStart().startsWith(`@${script.bot.name}`)) mentions.push(mocker.ContactMock.load(BOT_ID));
        for (const c of script.contacts) if (c.id !== step.from && step.text.includes(`@${c.name}`)) mentions.push(mocker.ContactMock.load(c.id));
        const target = step.room ? mocker.RoomMock.load(roomMockId(step.room)) : mocker.ContactMock.load(BOT_ID);
        const expected = transport.handled + 1;
        speaker.say(step.text, mentions).to(target);
        await waitFor(() => transport.handled >= expected);
        await transport.idle();
        // Done when every answer it caused is out; bulk pushes still due go on with later steps.
        await app.settle({ answersOnly: true });
      } else if ("advance" in step) {
        // Time steps send only what is due on the way: a burst still going out at the target
        // instant is interleaved with the next messages, as it would be live.
        await running.app.advanceTo(new Date(clock.now().getTime() + (parseDuration(step.advance) ?? 0)));
      } else if ("at" in step) {
        await running.app.advanceTo(new Date(Math.max(clock.now().getTime(), Date.parse(step.at))));
      } else if ("restart" in step) {
        await running.app.settle();
        await crash(running);
        running = await boot();
      } else if ("downFor" in step) {
        await running.app.settle();
        await crash(running);
        clock.advance(parseDuration(step.downFor) ?? 0);
        running = await boot();
      }
    }
    await running.app.settle();
  } finally {
    await running.app.stop().catch(() => undefined);
    await running.db.$disconnect();
  }
  return outputs;
}

async function waitFor(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error("simulation: the bot did not handle a message in time");
    await new Promise((r) => setTimeout(r, 2));
  }
}
