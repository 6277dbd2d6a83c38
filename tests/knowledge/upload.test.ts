import fs from "node:fs";
import path from "node:path";
import { FileBox } from "file-box";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { WechatyBuilder } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { adminFeature } from "../../src/admin/feature.ts";
import { App } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { knowledgeFeature } from "../../src/knowledge/feature.ts";
import { MemoryTransport, textMessage } from "../../src/transports/memory.ts";
import { toIncoming } from "../../src/transports/wechaty.ts";
import { tempDbFile } from "../helpers/context.ts";
import { NOTICE, readFixture } from "./documents.ts";
import { tempKnowledgeDir } from "./helpers.ts";

let dbs: Db[] = [];
afterEach(async () => {
  await Promise.all(dbs.map((d) => d.$disconnect()));
  dbs = [];
});

describe("incoming files", () => {
  it("Wechaty: a file message carries its name and loads its bytes through the FileBox", async () => {
    const mocker = new mock.Mocker();
    const bot = WechatyBuilder.build({ name: `file-test-${Date.now()}`, puppet: new PuppetMock({ mocker }) as never });
    const me = mocker.createContact({ id: "bot", name: "工会助手" });
    const wang = mocker.createContact({ id: "wang", name: "王主任" });
    const got = new Promise<Awaited<ReturnType<typeof toIncoming>>>((resolve) => bot.on("message", (m) => void toIncoming(m).then(resolve)));
    await bot.start();
    mocker.login(me);
    const content = Buffer.from(readFixture(NOTICE));
    const box = FileBox.fromBase64(content.toString("base64"), "竞赛通知.txt");
    // The mock puppet types a message as an attachment from its extension only when the media type is generic.
    Object.assign(box, { _mediaType: "application/octet-stream" });
    wang.say(box).to(me);
    const msg = await got;
    await bot.stop();
    expect(msg).toMatchObject({ kind: "file", senderId: "wang", roomId: null, file: { name: "竞赛通知.txt" } });
    expect((await msg.file!.load()).equals(content)).toBe(true);
  });

  it("the router hands a private file to the knowledge base: an admin's is added, others get a note, rooms stay quiet", async () => {
    const dir = tempKnowledgeDir();
    const config = loadConfig({ OUTBOX_ROOM_INTERVAL_MS: "0", OUTBOX_JITTER_MS: "0", OUTBOX_PER_MINUTE: "1000", KNOWLEDGE_DIR: dir }, null);
    const db = await openDb(tempDbFile());
    dbs.push(db);
    const transport = new MemoryTransport();
    const app = new App({ config, db, clock: new VirtualClock(new Date("2026-09-01T01:00:00Z")), log: pino({ level: "silent" }), transport, features: [adminFeature, knowledgeFeature] });
    await app.start({ realtime: false });
    await app.services.members.setRole("wang", "admin", "test");
    const send = async (opts: Parameters<typeof textMessage>[1]) => {
      const before = transport.sent.length;
      await transport.deliver(textMessage("", { kind: "file", file: { name: "竞赛通知.txt", load: async () => Buffer.from(readFixture(NOTICE)) }, ...opts }));
      await app.settle();
      return transport.sent.slice(before).map((m) => m.text);
    };
    expect(await send({ senderId: "li" })).toEqual([expect.stringMatching(/^谢谢您发来的文件。只有管理员/)]);
    expect(await send({ senderId: "wang", roomId: "r1", mentionIds: ["bot"] })).toEqual([]);
    const added = await send({ senderId: "wang" });
    expect(added).toHaveLength(2);
    expect(added[1]).toMatch(/^已加入知识库：《青岚市总工会关于开展2026年度职工技能竞赛的通知》（编号 2）。\n共 \d+ 个条款单元。\n示例出处：《通知》/);
    expect(fs.existsSync(path.join(dir, "竞赛通知.txt"))).toBe(true);
    await app.stop();
  });
});
