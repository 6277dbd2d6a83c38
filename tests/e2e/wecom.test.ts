import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDbFile } from "../helpers/context.ts";
import { FakeWecom, type Frame } from "../helpers/wecom-server.ts";

const SHIFT_CLOCK = path.resolve("tests/e2e/shift-clock.mjs");
let child: ChildProcess | null = null;
let server: FakeWecom | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
  child = null;
  await server?.close();
  server = null;
});

/** `npm start` as the acceptance runs it: WeCom settings in the environment, standard input closed. */
function npmStart(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECOM_|WECHATY_)/.test(k)));
  const proc = spawn("npm", ["start", "--silent"], { env: { ...clean, LOG_LEVEL: "info", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  child = proc;
  return { child: proc, output: () => out };
}

const final = (reqId: string) => (f: Frame) => f.cmd === "aibot_respond_msg" && f.headers.req_id === reqId && f.body?.stream?.finish === true;

describe("npm start with WeCom configured (against a local stand-in server)", () => {
  it("subscribes, answers a group question with the clause, starts the survey in single chat, pushes a due reminder, and comes back after a drop", async () => {
    server = await new FakeWecom("aib-e2e", "e2e-secret").start();
    const clockFile = `${tempDbFile()}.offset`;
    fs.writeFileSync(clockFile, "0");
    const bot = npmStart({
      WECOM_BOT_ID: "aib-e2e",
      WECOM_BOT_SECRET: "e2e-secret",
      WECOM_WS_URL: server.url,
      DB_FILE: tempDbFile(),
      ADMIN_IDS: "ZhangSan",
      NODE_OPTIONS: `--import ${SHIFT_CLOCK}`,
      GONGHUI_TEST_CLOCK_FILE: clockFile,
    });
    await server.waitSubscribed(1, 60_000);
    for (let i = 0; i < 600 && !bot.output().includes("机器人已就绪"); i++) await new Promise((r) => setTimeout(r, 50));

    const question = server.text("LiSi", "@工会助手 工联会主席由谁兼任？", "wrTaiping");
    const answer = await server.waitFor(final(question), 30_000);
    expect(answer.body?.stream?.content).toContain("人大副主席兼任");
    expect(answer.body?.stream?.content).toMatch(/[一二三四五六七八九十]+（[一二三四五六七八九十]+）/);

    const survey = server.text("LiSi", "填报");
    expect((await server.waitFor(final(survey), 30_000)).body?.stream?.content).toContain("单位名称");

    const remind = server.text("ZhangSan", "@工会助手 提醒 2分钟后 到会议室开会", "wrTaiping");
    expect((await server.waitFor(final(remind), 30_000)).body?.stream?.content).toContain("到会议室开会");
    expect(server.received.some((f) => f.cmd === "aibot_send_msg")).toBe(false);
    fs.writeFileSync(clockFile, String(2 * 60_000 + 5_000));
    const push = await server.waitFor((f) => f.cmd === "aibot_send_msg", 30_000);
    expect(push.body).toMatchObject({ chatid: "wrTaiping", msgtype: "markdown" });
    expect(push.body?.markdown?.content).toContain("到会议室开会");

    server.drop();
    await server.waitSubscribed(2, 30_000);
    const after = server.text("LiSi", "@工会助手 工联会主席由谁兼任？", "wrTaiping");
    expect((await server.waitFor(final(after), 30_000)).body?.stream?.content).toContain("人大副主席兼任");
    expect(bot.child.exitCode).toBeNull();
  }, 120_000);

  it("runs WeCom and WeChat at once: WeCom answers while the WeChat login still waits", async () => {
    server = await new FakeWecom("aib-e2e", "e2e-secret").start();
    const bot = npmStart({ WECOM_BOT_ID: "aib-e2e", WECOM_BOT_SECRET: "e2e-secret", WECOM_WS_URL: server.url, WECHATY_PUPPET: "wechaty-puppet-mock", DB_FILE: tempDbFile() });
    await server.waitSubscribed(1, 60_000);
    const reqId = server.text("LiSi", "帮助");
    expect((await server.waitFor(final(reqId), 30_000)).body?.stream?.content).toContain("可用指令");
    for (let i = 0; i < 600 && !bot.output().includes("机器人已就绪"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(bot.output()).toMatch(/"mode":"wecom\+wechaty"/);
  }, 90_000);

  it("exits with code 2 and one Chinese line naming WECOM_BOT_SECRET when the secret is wrong", async () => {
    server = await new FakeWecom("aib-e2e", "right").start();
    const bot = npmStart({ WECOM_BOT_ID: "aib-e2e", WECOM_BOT_SECRET: "wrong", WECOM_WS_URL: server.url, DB_FILE: tempDbFile(), LOG_LEVEL: "warn" });
    const code = await new Promise((r) => bot.child.once("exit", r));
    expect(code).toBe(2);
    const lines = bot.output().trim().split("\n").filter((l) => l.includes("WECOM_BOT_SECRET"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^企业微信认证失败/);
    expect(server.received.filter((f) => f.cmd === "aibot_subscribe")).toHaveLength(1);
  }, 60_000);
});
