import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDbFile } from "../helpers/context.ts";
import { useBundle } from "../helpers/bundle.ts";

useBundle();

/** `npm start` without a puppet: the console chat, typed into as a user would, one process for every journey. */
describe("console chat (npm start without WECHATY_PUPPET)", () => {
  const dbFile = tempDbFile();
  let child: ChildProcessWithoutNullStreams;
  let out = "";
  let err = "";
  /** Output not yet looked at: each step waits for text printed after the previous step. */
  let seen = 0;

  const type = (...lines: string[]) => child.stdin.write(lines.map((l) => `${l}\n`).join(""));
  const waitFor = async (text: string): Promise<string> => {
    for (let i = 0; i < 600 && !out.includes(text, seen); i++) await new Promise((r) => setTimeout(r, 50));
    const at = out.indexOf(text, seen);
    expect(at, `waiting for “${text}” in:\n${out.slice(seen)}`).toBeGreaterThanOrEqual(0);
    const chunk = out.slice(seen, at + text.length);
    seen = at + text.length;
    return chunk;
  };

  beforeAll(() => {
    child = spawn(process.execPath, ["dist/bundle/main.mjs"], { env: { ...process.env, DB_FILE: dbFile, WECHATY_PUPPET: "", LOG_LEVEL: "info" }, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill();
  });

  it("starts as the admin of a test group and says where the log is written", async () => {
    const logFile = path.join(path.dirname(dbFile), "console.log");
    await waitFor(`运行日志写在 ${logFile}`);
    await waitFor("[我（管理员）· 控制台测试群] > ");
    type("没有@的群消息", "@工会助手 帮助");
    await waitFor("【控制台测试群】工会助手：@我 我是工会助手，您的身份：管理员");
  });

  it("answers :帮助 and unknown console commands", async () => {
    type(":帮助");
    const help = await waitFor("→ 简报、进度");
    for (const c of [":身份 <角色> [名字]", ":群 <群名>", ":私聊", "企业联系人：", "乡镇干部：", "领导："]) expect(help).toContain(c);
    type(":飞行模式");
    await waitFor("没有“:飞行模式”这个控制台命令。输入 :帮助 查看可用的命令。");
    type("：身份 厨师");
    await waitFor("没有“厨师”这个角色。可以用：管理员、领导、乡镇干部、企业联系人");
  });

  it("admin: opens a township group, binds it, lists roles in private chat", async () => {
    type(":群 顿岗镇工会群");
    await waitFor("已新建并进入「顿岗镇工会群」");
    type("@工会助手 绑定 顿岗");
    await waitFor("【顿岗镇工会群】工会助手：@我 已将本群绑定到「顿岗镇」");
    type(":私聊", "角色列表");
    await waitFor("【私聊 → 我】工会助手：已授权的成员");
  });

  it("enterprise contact: fills the survey in the bound group, questions numbered 1 to 8", async () => {
    type(":身份 企业联系人 李经理", ":群 顿岗镇工会群");
    await waitFor("[李经理（企业联系人）· 顿岗镇工会群] > ");
    type("@工会助手 我要填报");
    await waitFor("【顿岗镇工会群】工会助手：@李经理 好的，开始填报");
    await waitFor("第1项 单位名称");
    const answers: Array<[string, string]> = [
      ["始兴县顿岗腊味食品有限公司", "第2项 单位类型"],
      ["合作社", "“合作社”不是列出的单位类型。请问按哪一类填报"],
      ["1", "第3项 职工人数"],
      ["120", "第4项 是否已建立工会"],
      ["没有", "第5项 是否已建立党组织"],
      ["有", "第6项 党员人数"],
      ["5", "第7项 联系人"],
      ["李经理", "第8项 联系电话"],
      ["1381234567", "例如：138XXXXXXXX 或 0751-XXXXXXX"],
      ["13812345678", "请核对填报信息"],
    ];
    for (const [answer, reply] of answers) {
      type(answer);
      await waitFor(reply);
    }
    const summary = await waitFor("「取消」放弃。");
    expect(summary).toContain("· 所属乡镇（园区）：顿岗镇（按本群绑定");
    expect(summary).toContain("8. 联系电话：138****5678");
    type("确认");
    await waitFor("已保存");
  });

  it("township cadre: sees the township's progress in its group", async () => {
    type(":身份 乡镇干部 刘干事");
    await waitFor("现在您是 刘干事，身份：乡镇干部");
    type("@工会助手 进度");
    await waitFor("【顿岗镇工会群】工会助手：@刘干事 摸底排查进度");
    await waitFor("顿岗镇：已填报 1 家");
  });

  it("leader: asks for the digest in private chat", async () => {
    type(":身份 领导 张主席", ":私聊", "简报");
    await waitFor("【私聊 → 张主席】工会助手：【工会工作简报】");
    await waitFor("顿岗镇：1／0／1／1");
  });

  it("switching back to a known name keeps that person; :退出 ends; logs stay out of the terminal", async () => {
    type(":身份 管理员 我", ":群", "@工会助手 角色列表");
    await waitFor("[我（管理员）· 顿岗镇工会群] > ");
    const roles = await waitFor("【顿岗镇工会群】工会助手：@我 已授权的成员");
    expect(roles).not.toContain("失败");
    type(":退出");
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(out).not.toMatch(/"level"|INFO|WARN|机器人已就绪/);
    expect(err).toBe("");
    const log = fs.readFileSync(path.join(path.dirname(dbFile), "console.log"), "utf8");
    expect(log).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO: 机器人已就绪/m);
  });
});
