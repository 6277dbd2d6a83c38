import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { knowledgeFeature } from "../../src/knowledge/feature.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";
import { readFixture, REGULATIONS, scanLikePdf } from "./documents.ts";
import { KNOWLEDGE_DIR, tempKnowledgeDir } from "./helpers.ts";

let t: TestServices | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe("knowledge feature", () => {
  it("answers an @mentioned question in a room, mentioning the asker", async () => {
    t = await makeServices({ env: { KNOWLEDGE_DIR } });
    const f = knowledgeFeature(t.services);
    const ctx = makeContext(t.services, { text: "工联会主席不是党员咋办", roomId: "room1", senderId: "li" }, { mentioned: true });
    expect(await f.fallback!(ctx)).toBe(true);
    const [sent] = await t.sent();
    expect(sent.roomId).toBe("room1");
    expect(sent.mentions).toEqual(["li"]);
    expect(sent.text).toMatch(/^根据《实施意见》三（一）1：“.*不是党员的可由其它党员身份的副职兼任/);
    expect(sent.text.length).toBeLessThanOrEqual(260);
  });

  it("ignores unmentioned room chatter and answers private messages", async () => {
    t = await makeServices({ env: { KNOWLEDGE_DIR } });
    const f = knowledgeFeature(t.services);
    expect(await f.fallback!(makeContext(t.services, { text: "大家好", roomId: "room1" }, { mentioned: false }))).toBe(false);
    expect(await f.fallback!(makeContext(t.services, { text: "摸底排查什么时候完成" }))).toBe(true);
    const sent = await t.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0].toId).toBe("user1");
    expect(sent[0].text).toContain("9月底前");
  });

  it("has the 问 command with aliases, and refuses out-of-scope questions plainly", async () => {
    t = await makeServices({ env: { KNOWLEDGE_DIR } });
    const f = knowledgeFeature(t.services);
    await f.start!(t.services);
    const cmd = f.commands!.find((c) => c.name === "问")!;
    expect(cmd.aliases).toEqual(["问答", "提问"]);
    await cmd.run(makeContext(t.services, { text: "问 今天天气怎么样" }), "今天天气怎么样");
    await cmd.run(makeContext(t.services, { text: "问" }), "");
    const sent = await t.sent();
    expect(sent[0].text).toMatch(/^文件中没有相关规定/);
    expect(sent[1].text).toContain("例如：问 工联会主席由谁兼任？");
  });
});

describe("documents from chat", () => {
  const file = (name: string, content: Buffer | string) => ({ name, load: async () => (typeof content === "string" ? Buffer.from(content) : content) });

  it("adds a file an admin sends in private chat, lists it and removes it by number", async () => {
    const dir = tempKnowledgeDir();
    t = await makeServices({ env: { KNOWLEDGE_DIR: dir } });
    const f = knowledgeFeature(t.services);
    const ctx = makeContext(t.services, { text: "", kind: "file", file: file("条例.txt", readFixture(REGULATIONS)) }, { role: "admin" });
    expect(await f.onFile!(ctx)).toBe(true);
    const [ack, done] = await t.sent();
    expect(ack.text).toBe("收到“条例.txt”，正在解析并建立索引，请稍候……");
    expect(done.text).toBe(
      "已加入知识库：《青岚市职工权益保障条例》（编号 2）。\n共 19 条、19 个条款单元。\n示例出处：《青岚市职工权益保障条例》第一条、第十条第二款、第十九条\n现在就可以直接提问了。",
    );
    expect(fs.existsSync(path.join(dir, "条例.txt"))).toBe(true);

    const list = f.commands!.find((c) => c.name === "知识库")!;
    await list.run(makeContext(t.services, { text: "知识库" }, { role: "admin" }), "");
    const listed = (await t.sent())[2].text;
    expect(listed).toContain("知识库共 2 个文件：\n1. 《实施意见》：18 个条款单元，文件 implementation-opinions.txt\n2. 《青岚市职工权益保障条例》（青岚市第十六届人民代表大会常务委员会，2025-06-20）：19 条，文件 条例.txt");
    expect(listed).toContain("删除请发：删除文件 编号");

    const remove = f.commands!.find((c) => c.name === "删除文件")!;
    expect(remove.roles).toEqual(["admin"]);
    await remove.run(makeContext(t.services, { text: "删除文件 2" }, { role: "admin" }), "2");
    await remove.run(makeContext(t.services, { text: "删除文件 7" }, { role: "admin" }), "7");
    await remove.run(makeContext(t.services, { text: "删除文件 abc" }, { role: "admin" }), "abc");
    const [, , , removed, missing, bad] = await t.sent();
    expect(removed.text).toMatch(/^已从知识库删除：2\. 《青岚市职工权益保障条例》/);
    expect(missing.text).toBe("没有编号为 7 的文件，请先发“知识库”查看编号。");
    expect(bad.text).toMatch(/^请写上要删除的文件编号/);
    expect(fs.existsSync(path.join(dir, "条例.txt"))).toBe(false);
  });

  it("tells an admin in Chinese why a scan PDF was not added, and saves nothing", async () => {
    const dir = tempKnowledgeDir();
    t = await makeServices({ env: { KNOWLEDGE_DIR: dir } });
    const f = knowledgeFeature(t.services);
    await f.onFile!(makeContext(t.services, { text: "", kind: "file", file: file("扫描件.pdf", await scanLikePdf()) }, { role: "admin" }));
    const [, reply] = await t.sent();
    expect(reply.text).toMatch(/^没有加入知识库：这个 PDF 没有可识别的文字（可能是扫描件或图片）/);
    expect(fs.readdirSync(dir)).toEqual(["implementation-opinions.txt"]);
  });

  it("answers a file from a non-admin with a polite note and keeps nothing", async () => {
    const dir = tempKnowledgeDir();
    t = await makeServices({ env: { KNOWLEDGE_DIR: dir } });
    const f = knowledgeFeature(t.services);
    let loaded = false;
    const ctx = makeContext(t.services, { text: "", kind: "file", file: { name: "a.txt", load: async () => ((loaded = true), Buffer.from("x")) } }, { role: "cadre" });
    expect(await f.onFile!(ctx)).toBe(true);
    expect((await t.sent())[0].text).toMatch(/^谢谢您发来的文件。只有管理员可以把文件加入知识库/);
    expect(loaded).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(["implementation-opinions.txt"]);
  });
});
