import { afterEach, describe, expect, it } from "vitest";
import { knowledgeFeature } from "../../src/knowledge/feature.ts";
import { makeContext, makeServices, type TestServices } from "../helpers/context.ts";
import { KNOWLEDGE_DIR } from "./helpers.ts";

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
