import { spawnSync } from "node:child_process";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { listReminders, registerReminderCommands } from "../../src/reminders/cli.ts";
import { syncCalendar } from "../../src/reminders/calendar.ts";
import { makeServices } from "../helpers/context.ts";

describe("reminders list", () => {
  it("lists each reminder with its next occurrence in +08:00, target and content", async () => {
    const t = await makeServices({ start: new Date("2026-11-25T10:00:00+08:00") });
    await syncCalendar(t.services, t.clock.now());
    await t.db.reminder.create({
      data: { origin: "user", roomId: "taiping", createdBy: "zhou", content: "报送周报", leadMinutes: 60, createdAt: t.clock.now(), nextAt: new Date("2026-11-30T08:00:00+08:00"), spec: JSON.stringify({ schedule: { kind: "cron", cron: "0 9 * * 1", label: "每周一 09:00" }, audience: ["room"], action: "text", label: "每周一 09:00" }) },
    });
    const list = await listReminders(t.db, t.clock.now());
    const mine = list.find((l) => l.content === "报送周报")!;
    expect(mine).toMatchObject({ next: "2026-11-30T09:00:00+08:00", nextFire: "2026-11-30T08:00:00+08:00", target: { audience: ["room"], roomId: "taiping", toId: null }, schedule: "每周一 09:00" });
    const build = list.find((l) => l.calendarKey === "build-all@30d")!;
    expect(build).toMatchObject({ next: "2026-12-01T09:00:00+08:00", clause: "二", target: { audience: ["bound-rooms"] } });
    // The stored text keeps its placeholders; `text` is what the next message says.
    expect(build.content).toContain("{deadline}");
    expect(build.text).toMatch(/^距年底应建尽建期限（12月31日）还有 30 天/);
    expect(list.every((l) => !/\{\w+\}/.test(l.text))).toBe(true);
    await t.close();
  });

  it("registers `reminders list` on a commander program", () => {
    const program = new Command("gonghui");
    registerReminderCommands(program);
    const list = program.commands.find((c) => c.name() === "reminders")!.commands.find((c) => c.name() === "list")!;
    expect(list.options.map((o) => o.long)).toEqual(["--json", "--all", "--db"]);
  });

  it("prints JSON alone on standard output", async () => {
    const t = await makeServices({ start: new Date() });
    await syncCalendar(t.services, new Date());
    const file = (await t.db.$queryRawUnsafe<Array<{ file: string }>>("PRAGMA database_list"))[0].file;
    await t.close();
    const script = `import { Command } from "commander"; import { registerReminderCommands } from "./src/reminders/cli.ts"; const p = new Command("g"); registerReminderCommands(p); await p.parseAsync(process.argv);`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, "g", "reminders", "list", "--json", "--db", file], { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as Array<{ next: string | null }>;
    expect(parsed.length).toBe(14);
    expect(parsed.every((p) => p.next === null || /\+08:00$/.test(p.next))).toBe(true);
    const text = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, "g", "reminders", "list", "--db", file], { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8" });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.trim().split("\n")).toHaveLength(14);
    expect(text.stdout).not.toMatch(/\{(year|deadline|daysLeft|township)\}/);
    expect(text.stdout).toMatch(/\d{4}年度摸底排查今天启动/);
  });
});
