import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { adminFeature } from "../../src/admin/feature.ts";
import { parseScript, runSimulation, ScriptError } from "../../src/transports/simulate.ts";
import { tempDbFile } from "../helpers/context.ts";
import { useBundle } from "../helpers/bundle.ts";

const script = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "scripts/runtime.json"), "utf8"));

useBundle();

describe("gonghui simulate (Wechaty + wechaty-puppet-mock, real router and SQLite)", () => {
  it("plays a script with restart and downFor, in virtual time", async () => {
    const dbFile = tempDbFile();
    const out = await runSimulation(script, { dbFile, features: [adminFeature] });
    expect(out.map((o) => [o.at, o.room, o.to, o.mentions])).toEqual([
      ["2026-09-01T09:00:00+08:00", "taiping", null, ["wang"]],
      ["2026-09-01T09:00:01+08:00", "taiping", null, ["li"]],
      ["2026-09-01T11:00:01+08:00", "taiping", null, ["wang"]],
      ["2026-09-01T17:00:01+08:00", null, "chen", []],
      ["2026-09-01T17:00:01+08:00", null, "li", []],
    ]);
    expect(out[0].text).toContain("已将本群绑定到「太平镇」");
    expect(out[1].text).toContain("仅限管理员");
    expect(out[2].text).toBe("已将 李经理 设为乡镇干部。");
    expect(out[3].text).toContain("李经理：乡镇干部");
    expect(out[4].text).toContain("您的身份：乡镇干部");
    expect(out.every((o) => o.file === null)).toBe(true);
  });

  it("keeps state across restarts on the same database file", async () => {
    const dbFile = tempDbFile();
    await runSimulation(script, { dbFile, features: [adminFeature] });
    const again = await runSimulation(
      { ...script, steps: [{ from: "chen", text: "角色列表" }] },
      { dbFile, features: [adminFeature] },
    );
    expect(again[0].text).toContain("李经理：乡镇干部");
  });

  it("rejects malformed scripts with one clear line", () => {
    expect(() => parseScript({ ...script, steps: [{ from: "nobody", text: "hi" }] })).toThrow(ScriptError);
    expect(() => parseScript({ ...script, steps: [{ from: "nobody", text: "hi" }] })).toThrow('脚本错误：steps.0.from 未知联系人 "nobody"');
    expect(() => parseScript({ ...script, start: "2026-09-01 09:00" })).toThrow(/start/);
    expect(() => parseScript({ ...script, steps: [{ advance: "2 hours" }] })).toThrow(/ISO 8601/);
    expect(() => parseScript({ ...script, steps: [{ from: "li", room: "nowhere", text: "x" }] })).toThrow(/未知群/);
  });

  it("prints JSON lines on stdout alone through the CLI, and fails cleanly on a bad script", () => {
    const r = spawnSync("node", ["dist/bundle/cli.mjs", "simulate", "tests/e2e/scripts/runtime.json", "--json", "--db", tempDbFile()], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const l of lines) expect(Object.keys(l)).toEqual(["at", "room", "to", "text", "mentions", "file"]);
    const bad = path.join(path.dirname(tempDbFile()), "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ ...script, steps: [{ from: "ghost", text: "x" }] }));
    const r2 = spawnSync("node", ["dist/bundle/cli.mjs", "simulate", bad, "--json"], { encoding: "utf8" });
    expect(r2.status).not.toBe(0);
    expect(r2.stdout).toBe("");
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
    expect(r2.stderr).toContain("未知联系人");
  });

  it("plays the example of docs/simulate.md (the documented format) as the document says", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/simulate.md"), "utf8");
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1];
    expect(() => parseScript(JSON.parse(example))).not.toThrow();
    const file = path.join(path.dirname(tempDbFile()), "example.json");
    fs.writeFileSync(file, example);
    const r = spawnSync("node", ["dist/bundle/cli.mjs", "simulate", file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[2026-09-01 09:00:00\] 机器人 → 群 taiping：@wang 已将本群绑定到「太平镇」。/);
    expect(r.stdout).toContain("[2026-09-01 09:00:01] 机器人 → 群 taiping：@li 好的，开始填报摸底排查信息（最多 9 项，一次回答一项）。");
    expect(r.stdout).toMatch(/机器人 → 私聊 li：根据《实施意见》三（一）1：/);
    expect(r.stdout).toMatch(/机器人 → 私聊 chen：【工会工作简报】/);
  });
});
