import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempDbFile } from "../helpers/context.ts";
import { useBundle } from "../helpers/bundle.ts";

useBundle();

/** `npm start` without a puppet: the console chat, typed into as a user would. */
describe("console chat (npm start without WECHATY_PUPPET)", () => {
  it("answers a mentioned group message and a private one, then exits on :退出", async () => {
    const child = spawn("node", ["dist/bundle/main.mjs"], { env: { ...process.env, DB_FILE: tempDbFile(), WECHATY_PUPPET: "", LOG_LEVEL: "warn" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 600 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    await waitFor("控制台聊天已就绪");
    child.stdin.write("没有@的群消息\n");
    child.stdin.write("@工会助手 帮助\n");
    await waitFor("【群】工会助手：@我 我是工会助手，您的身份：管理员");
    child.stdin.write(":私聊\n角色列表\n");
    await waitFor("【私聊】工会助手：已授权的成员");
    child.stdin.write(":退出\n");
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(out.match(/【群】/g)).toHaveLength(1);
  }, 60_000);
});
