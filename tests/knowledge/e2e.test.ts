import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { featureFactories } from "../../src/features.ts";
import { runSimulation } from "../../src/transports/simulate.ts";
import { tempDbFile } from "../helpers/context.ts";
import { KNOWLEDGE_DIR } from "./helpers.ts";

const script = {
  start: "2026-11-25T10:00:00+08:00",
  bot: { name: "工会助手" },
  contacts: [
    { id: "li", name: "李干部", role: "cadre" },
    { id: "zhao", name: "赵经理" },
  ],
  rooms: [{ id: "taiping", topic: "太平镇工会工作群", members: ["li", "zhao"] }],
  steps: [
    { from: "li", room: "taiping", text: "@工会助手 咱们镇那些小厂子也要建会吗" },
    { from: "zhao", room: "taiping", text: "今天开会吗" },
    { from: "zhao", room: "taiping", text: "@工会助手 问 工联会主席由谁兼任？" },
    { from: "zhao", room: "taiping", text: "@工会助手 明天会下雨吗" },
  ],
};

describe("policy questions through the real stack (simulate)", () => {
  it("answers @mentioned group questions with the clause and its place, @mentioning the asker", async () => {
    const config = loadConfig({ KNOWLEDGE_DIR }, null);
    const out = await runSimulation(script, { dbFile: tempDbFile(), config, features: featureFactories });
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ room: "taiping", mentions: ["li"] });
    expect(out[0].text).toContain("三（二）2");
    expect(out[0].text).toContain("工会联合会覆盖");
    expect(out[1]).toMatchObject({ room: "taiping", mentions: ["zhao"] });
    expect(out[1].text).toContain("人大副主席兼任");
    expect(out[2].text).toMatch(/文件中没有相关规定/);
    for (const o of out) expect(o.text.length).toBeLessThanOrEqual(300);
  });
});
