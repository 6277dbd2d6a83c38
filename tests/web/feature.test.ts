import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pino from "pino";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { adminFeature } from "../../src/admin/feature.ts";
import { webFeature } from "../../src/web/feature.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { tempDbFile } from "../helpers/context.ts";
import { Client } from "./helpers.ts";
import { startWebConsole, type WebConsole } from "../../src/web/index.ts";

let db: Db;
let app: App;
let transport: MemoryTransport;
let web: WebConsole;

beforeEach(async () => {
  db = await openDb(tempDbFile());
  transport = new MemoryTransport();
  app = new App({ config: loadConfig({}, null), db, clock: new VirtualClock(new Date("2026-09-01T02:00:00Z")), log: pino({ level: "silent" }), transport, features: [adminFeature, webFeature] });
  await app.start({ realtime: false });
  web = await startWebConsole(app.services, { host: "127.0.0.1", port: 0 });
});
afterEach(async () => {
  await web.close();
  await app.stop();
  await db.$disconnect();
});

async function say(text: string, opts: Parameters<typeof textMessage>[1] = {}): Promise<string[]> {
  const before = transport.sent.length;
  await transport.deliver(textMessage(text, opts));
  await app.settle();
  return transport.sent.slice(before).map((m) => m.text);
}

describe("后台 (chat command)", () => {
  it("sends an admin or leader a one-time link in private chat that logs in once", async () => {
    await app.services.members.setRole("wang", "leader", "test", "王领导");
    const [reply] = await say("控制台", { senderId: "wang", senderName: "王领导" });
    expect(reply).toContain("只能使用一次");
    const url = /https?:\/\/\S+/.exec(reply)?.[0] as string;
    expect(url.startsWith(`${web.url}/login?token=`)).toBe(true);
    const path = new URL(url).pathname + new URL(url).search;
    const c = new Client(web.local);
    expect(await c.login(`${web.local}${path}`)).toBe(200);
    expect((await c.json<{ name: string }>("/api/me")).body.name).toBe("王领导");
    expect(await new Client(web.local).login(`${web.local}${path}`)).toBe(401);
  });

  it("never posts a link in a group, and refuses enterprise contacts", async () => {
    await app.services.members.setRole("wang", "admin", "test", "王");
    const [inRoom] = await say("@工会助手 后台", { senderId: "wang", roomId: "r1", mentionIds: ["bot"] });
    expect(inRoom).toContain("私聊");
    expect(inRoom).not.toMatch(/http/);
    const [contact] = await say("网页", { senderId: "zhang", senderName: "张经理" });
    expect(contact).not.toMatch(/http/);
    expect(await db.webLoginToken.count()).toBe(0);
  });
});
