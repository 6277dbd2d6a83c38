import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_TOWNSHIPS, loadConfig } from "../src/config.ts";
import { useBundle } from "./helpers/bundle.ts";

useBundle();

describe("configuration", () => {
  it("has working defaults", () => {
    const c = loadConfig({}, null);
    expect(c.BOT_NAME).toBe("工会助手");
    expect(c.DB_FILE).toBe("data/gonghui.db");
    expect(c.TOWNSHIPS).toEqual(DEFAULT_TOWNSHIPS);
    expect(c.OUTBOX_PER_MINUTE).toBe(20);
    expect(c.REMINDER_GRACE_HOURS).toBe(12);
    expect(c.KNOWLEDGE_REGION).toBe("广东省韶关市始兴县");
  });

  it("reads .env under the environment, and lists separated by commas", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
    const file = path.join(dir, ".env");
    fs.writeFileSync(file, "BOT_NAME=小助手\nTOWNSHIPS=甲镇，乙镇、丙乡\nOUTBOX_PER_MINUTE=5\n");
    const c = loadConfig({ OUTBOX_PER_MINUTE: "7" }, file);
    expect(c.BOT_NAME).toBe("小助手");
    expect(c.TOWNSHIPS).toEqual(["甲镇", "乙镇", "丙乡"]);
    expect(c.OUTBOX_PER_MINUTE).toBe(7);
  });

  it("reports one Chinese line per invalid variable, with an example", () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ OUTBOX_PER_MINUTE: "abc", LOG_LEVEL: "loud", OPENAI_BASE_URL: "not a url", REMINDER_GRACE_HOURS: "-1" }, null);
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toHaveLength(4);
    expect(err!.problems.find((p) => p.includes("OUTBOX_PER_MINUTE"))).toMatch(/^配置错误：OUTBOX_PER_MINUTE 必须是整数，例如 OUTBOX_PER_MINUTE=20（当前为 "abc"）$/);
    expect(err!.problems.find((p) => p.includes("LOG_LEVEL"))).toContain("例如 LOG_LEVEL=info");
    expect(err!.problems.find((p) => p.includes("OPENAI_BASE_URL"))).toContain("必须是网址");
    expect(err!.problems.find((p) => p.includes("REMINDER_GRACE_HOURS"))).toContain("不能小于 0");
  });

  it("requires a key when a model is configured", () => {
    expect(() => loadConfig({ OPENAI_MODEL: "deepseek-chat" }, null)).toThrow(/OPENAI_API_KEY/);
  });

  it("requires the WeCom secret with the bot id, and a ws:// or wss:// long-connection address", () => {
    expect(() => loadConfig({ WECOM_BOT_ID: "aib123" }, null)).toThrow(/WECOM_BOT_SECRET/);
    expect(() => loadConfig({ WECOM_BOT_ID: "aib123", WECOM_BOT_SECRET: "s", WECOM_WS_URL: "https://openws.work.weixin.qq.com" }, null)).toThrow(/WECOM_WS_URL 必须是 ws:\/\/ 或 wss:\/\/ 开头的地址/);
    expect(loadConfig({ WECOM_BOT_ID: "aib123", WECOM_BOT_SECRET: "s", WECOM_WS_URL: "wss://ws.example.gov.cn/aibot" }, null).WECOM_WS_URL).toBe("wss://ws.example.gov.cn/aibot");
  });

  it("stops the program with the problems on stderr and a non-zero exit code", () => {
    const r = spawnSync("node", ["dist/bundle/cli.mjs", "roles", "list"], { env: { ...process.env, OUTBOX_PER_MINUTE: "0", LOG_LEVEL: "x" }, encoding: "utf8" });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("配置错误："))).toHaveLength(2);
    expect(r.stdout).toBe("");
  });
});

describe("DIGEST_CRON and the other variables (issue 11, item 11)", () => {
  it("is checked with the other variables: a bad pattern, or one that never fires, is a Chinese problem line", () => {
    for (const bad of ["61 8 * * 1", "30 8 * *", "every monday", "0 9 30 2 *"]) {
      expect(() => loadConfig({ DIGEST_CRON: bad }, null), bad).toThrow(/^配置错误：DIGEST_CRON .*例如 DIGEST_CRON=30 8 \* \* 1/);
    }
    for (const good of ["30 8 * * 1", "0 9 * * 1-5", "0 8 1 * *"]) expect(loadConfig({ DIGEST_CRON: good }, null).DIGEST_CRON).toBe(good);
  });

  it("other variables that used to fail only later are checked up front too", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, null);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ WECHATY_PUPPET: "wechaty-puppet-not-installed" })).toEqual([expect.stringMatching(/^配置错误：WECHATY_PUPPET 找不到这个微信协议模块/)]);
    expect(problems({ WECHATY_PUPPET: "wechaty-puppet-mock" })).toEqual([]);
    expect(problems({ BOT_NAME: "   " })).toEqual([expect.stringMatching(/^配置错误：BOT_NAME 不能为空/)]);
    expect(problems({ OPENAI_BASE_URL: "ftp://example.com/v1" })).toEqual([expect.stringMatching(/^配置错误：OPENAI_BASE_URL 必须是网址（http 或 https）/)]);
    expect(problems({ EXPORT_KEEP_DAYS: "0" })).toEqual([expect.stringMatching(/^配置错误：EXPORT_KEEP_DAYS 不能小于 1/)]);
  });

  it("every command that loads the configuration stops with the Chinese line and exit code 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-cron-"));
    const env = { ...process.env, DIGEST_CRON: "0 25 * * 1", DB_FILE: path.join(dir, "x.db"), GONGHUI_EXIT_WHEN_READY: "1" };
    // One command per way the configuration is loaded: the bot, runtime.ts (simulate, db, roles, reminders), ledger, knowledge.
    const runs: string[][] = [
      ["dist/bundle/main.mjs"],
      ["dist/bundle/cli.mjs", "simulate", "tests/e2e/scripts/runtime.json"],
      ["dist/bundle/cli.mjs", "roles", "list"],
      ["dist/bundle/cli.mjs", "ledger", "export"],
      ["dist/bundle/cli.mjs", "kb", "index"],
    ];
    const results = await Promise.all(
      runs.map(
        (args) =>
          new Promise<{ args: string[]; status: number | null; stderr: string }>((resolve) => {
            const child = spawn("node", args, { env, stdio: ["ignore", "ignore", "pipe"] });
            let stderr = "";
            child.stderr.on("data", (d) => (stderr += String(d)));
            child.on("close", (status) => resolve({ args, status, stderr }));
          }),
      ),
    );
    for (const r of results) {
      expect(r.status, r.args.join(" ")).toBe(2);
      expect(r.stderr, r.args.join(" ")).toMatch(/配置错误：DIGEST_CRON 不是有效的 cron 表达式/);
      expect(r.stderr, r.args.join(" ")).not.toMatch(/croner|Error:|at .*\.mjs/);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);
});

describe(".env.example", () => {
  it("documents every configuration variable, and nothing else", async () => {
    const { configSchema } = await import("../src/config.ts");
    const text = fs.readFileSync(".env.example", "utf8");
    const documented = new Set([...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
