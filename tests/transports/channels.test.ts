import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { ChannelSet } from "../../src/transports/channels.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { tempDbFile } from "../helpers/context.ts";
import { echo } from "../helpers/echo.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});


const caps = (maxTextLength: number, sendsPerMinute?: number) => ({ canReceive: true, canMention: true, canSendFiles: true, maxTextLength, sendsPerMinute });

async function setup(dbFile = tempDbFile()) {
  const db: Db = await openDb(dbFile);
  const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
  const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "1000" }, null);
  const wecom = new MemoryTransport(caps(1300, 20), "wecom", "aib-1");
  const wechaty = new MemoryTransport(caps(1800, 30), "wechaty", "wxid-bot");
  const log = pino({ level: "silent" });
  const transport = new ChannelSet({ transports: [wecom, wechaty], db, clock, log });
  const app = new App({ config, db, clock, log, transport, features: [echo] });
  await app.start({ realtime: false });
  cleanup.push(() => db.$disconnect());
  return { app, db, wecom, wechaty, transport, dbFile };
}

describe("several channels at once", () => {
  it("answers each message on the channel it came from; the other channel's bot id counts as a mention", async () => {
    const { app, wecom, wechaty } = await setup();
    await wecom.deliver(textMessage("问题一", { roomId: "wecom-chat", senderId: "zhangsan", mentionIds: ["aib-1"] }));
    await wechaty.deliver(textMessage("问题二", { roomId: "r@chatroom", senderId: "wxid-li", mentionIds: ["wxid-bot"] }));
    await app.settle();
    expect(wecom.sent.map((m) => [m.roomId, m.text, m.channel])).toEqual([["wecom-chat", "答：问题一", "wecom"]]);
    expect(wechaty.sent.map((m) => [m.roomId, m.text, m.channel])).toEqual([["r@chatroom", "答：问题二", "wechaty"]]);
  });

  it("pushes (reminders, digests) to the channel a room or person was seen on, also after a restart", async () => {
    const first = await setup();
    await first.wechaty.deliver(textMessage("你好", { roomId: "r@chatroom", senderId: "wxid-li", mentionIds: ["wxid-bot"] }));
    await first.wecom.deliver(textMessage("你好", { senderId: "leader-wang" }));
    await first.app.settle();
    const again = await setup(first.dbFile);
    await again.app.services.send([
      { roomId: "r@chatroom", toId: null, text: "【提醒】开会" },
      { roomId: null, toId: "leader-wang", text: "【简报】" },
      { roomId: "never-seen", toId: null, text: "【提醒】未知群" },
    ]);
    await again.app.settle();
    expect(again.wechaty.sent.map((m) => m.text)).toEqual(["【提醒】开会"]);
    expect(again.wecom.sent.map((m) => m.text)).toEqual(["【简报】", "【提醒】未知群"]);
  });

  it("ignores the bot's own messages on any channel and takes the strictest limits", async () => {
    const { app, wecom, wechaty, transport } = await setup();
    await wechaty.deliver(textMessage("答：something", { roomId: "r@chatroom", senderId: "wxid-bot", mentionIds: ["wxid-bot"] }));
    await app.settle();
    expect([...wecom.sent, ...wechaty.sent]).toEqual([]);
    expect(transport.capabilities).toMatchObject({ maxTextLength: 1300, sendsPerMinute: 20 });
  });
});

describe("starting several channels", () => {
  const log = pino({ level: "silent" });
  class NeverReady extends MemoryTransport {
    stopped = false;
    override async start(): Promise<void> {
      await new Promise(() => undefined);
    }
    override async stop(): Promise<void> {
      this.stopped = true;
    }
  }
  class Refused extends MemoryTransport {
    stopped = false;
    override async start(): Promise<void> {
      throw new Error("认证失败");
    }
    override async stop(): Promise<void> {
      this.stopped = true;
    }
  }

  it("does not wait for a channel still logging in (a WeChat QR scan) before the others answer", async () => {
    const db = await openDb(tempDbFile());
    cleanup.push(() => db.$disconnect());
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const wecom = new MemoryTransport(caps(1300), "wecom", "aib-1");
    const transport = new ChannelSet({ transports: [wecom, new NeverReady(caps(1800), "wechaty")], db, clock, log });
    const app = new App({ config: loadConfig({ OUTBOX_JITTER_MS: "0" }, null), db, clock, log, transport, features: [echo] });
    await app.start({ realtime: false });
    await wecom.deliver(textMessage("问题", { senderId: "zhangsan" }));
    await app.settle();
    expect(wecom.sent.map((m) => m.text)).toEqual(["答：问题"]);
  });

  it("fails as a whole when a channel is refused at start-up, stopping the others; a later refusal is reported", async () => {
    const db = await openDb(tempDbFile());
    cleanup.push(() => db.$disconnect());
    const clock = new VirtualClock(new Date("2026-09-01T01:00:00Z"));
    const waiting = new NeverReady(caps(1300), "wechaty");
    await expect(new ChannelSet({ transports: [new Refused(caps(1300), "wecom"), waiting], db, clock, log }).start(async () => undefined)).rejects.toThrow("认证失败");
    expect(waiting.stopped).toBe(true);
    const late: string[] = [];
    let release!: () => void;
    class Slow extends Refused {
      override async start(): Promise<void> {
        await new Promise<void>((r) => (release = r));
        throw new Error("迟到的失败");
      }
    }
    await new ChannelSet({ transports: [new MemoryTransport(caps(1300), "wecom"), new Slow(caps(1800), "wechaty")], db, clock, log, onLateStartError: (err, channel) => late.push(`${channel}:${(err as Error).message}`) }).start(async () => undefined);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(late).toEqual(["wechaty:迟到的失败"]);
  });
});
