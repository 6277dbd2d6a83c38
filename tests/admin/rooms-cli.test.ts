import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempDbFile } from "../helpers/context.ts";
import { useBundle } from "../helpers/bundle.ts";

useBundle();

/** `gonghui rooms …` as a user runs it (the bundled CLI). */
function gonghui(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(WECOM_|WECHATY_)/.test(k)));
  return spawnSync("node", ["dist/bundle/cli.mjs", ...args], { encoding: "utf8", env });
}

describe("gonghui rooms", () => {
  it("binds a push robot and a township to a room the bot has never seen, and lists it without the key", () => {
    const db = tempDbFile();
    const url = "https://oapi.dingtalk.com/robot/send?access_token=tok123";
    const set = gonghui("rooms", "webhook", "dingtalk-taiping", url, "--secret", "SECabc", "--db", db);
    expect(set.status).toBe(0);
    expect(set.stdout).toContain("钉钉自定义机器人");
    expect(gonghui("rooms", "bind", "dingtalk-taiping", "太平", "--db", db).stdout).toContain("太平镇");
    const list = gonghui("rooms", "list", "--json", "--db", db);
    expect(JSON.parse(list.stdout)).toEqual([{ id: "dingtalk-taiping", topic: "", township: "太平镇", channel: null, pushWebhook: "钉钉自定义机器人（oapi.dingtalk.com）" }]);
    expect(list.stdout).not.toContain("tok123");
    expect(gonghui("rooms", "webhook", "dingtalk-taiping", "--remove", "--db", db).stdout).toContain("已取消");
    expect(JSON.parse(gonghui("rooms", "list", "--json", "--db", db).stdout)[0].pushWebhook).toBeNull();
  }, 120_000);

  it("refuses an address it does not recognise with one Chinese line and exit code 2", () => {
    const r = gonghui("rooms", "webhook", "r1", "https://example.com/hook", "--db", tempDbFile());
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^错误：无法识别的推送地址/)]);
  }, 60_000);
});
