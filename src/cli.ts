import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { migrate } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";
import { cliServices, configOrExit } from "./runtime.ts";
import { dbOption, runProgram, UsageError } from "./cli-support.ts";
import { ROLE_NAMES } from "./chat/types.ts";
import { parseRole } from "./admin/members.ts";
import type { SimOutput } from "./transports/simulate.ts";
import { registerKnowledgeCommands } from "./knowledge/cli.ts";
import { registerSurveyCommands } from "./survey/cli.ts";
import { registerReminderCommands } from "./reminders/cli.ts";
import { registerRoomCommands } from "./admin/cli.ts";
import { registerWebCommands } from "./web/cli.ts";

const program = new Command("gonghui").description("工会助手命令行：数据库、角色、模拟对话、政策问答、台账和提醒");

program
  .command("simulate")
  .description("按脚本模拟一段群聊（见 docs/simulate.md），输出机器人发出的每条消息")
  .argument("<script>", "脚本文件（JSON）")
  .option("--db <FILE>", "数据库文件（默认每次新建一个临时数据库）")
  .option("--json", "每行输出一个 JSON 对象（仅此内容，日志写到标准错误）")
  .action(async (file: string, opts: { db?: string; json?: boolean }) => {
    let script: unknown;
    try {
      script = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      throw new UsageError(`无法读取脚本 ${file}：${(err as Error).message}`);
    }
    const config = configOrExit();
    const dbFile = opts.db ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-sim-")), "simulate.db");
    const log = createLogger(process.env.LOG_LEVEL ?? "warn");
    const print = (o: SimOutput) => {
      if (opts.json) process.stdout.write(`${JSON.stringify(o)}\n`);
      else {
        const where = o.room ? `群 ${o.room}` : `私聊 ${o.to}`;
        const at = o.mentions.length ? `@${o.mentions.join(" @")} ` : "";
        process.stdout.write(`[${o.at.slice(0, 19).replace("T", " ")}] 机器人 → ${where}：${at}${o.file ? `[文件 ${o.file}] ` : ""}${o.text}\n`);
      }
    };
    // Loaded here: the simulation pulls in Wechaty, which the other commands do not need.
    const { runSimulation, ScriptError } = await import("./transports/simulate.ts");
    try {
      await runSimulation(script, { dbFile, log, config, onOutput: print });
    } catch (err) {
      if (err instanceof ScriptError) throw new UsageError(err.message.replace(/^脚本错误：/, "脚本错误："));
      throw err;
    }
  });

const db = program.command("db").description("数据库");
db.command("migrate")
  .description("创建数据库并执行尚未执行的迁移（启动时也会自动执行）")
  .addOption(dbOption())
  .action((opts: { db?: string }) => {
    const config = configOrExit(opts.db ? { DB_FILE: opts.db } : {});
    fs.mkdirSync(path.dirname(path.resolve(config.DB_FILE)), { recursive: true });
    const { applied } = migrate(config.DB_FILE);
    process.stdout.write(applied.length ? `已执行迁移：${applied.join("、")}\n` : `数据库 ${config.DB_FILE} 已是最新。\n`);
  });
db.command("status")
  .description("查看尚未执行的迁移")
  .addOption(dbOption())
  .action((opts: { db?: string }) => {
    const config = configOrExit(opts.db ? { DB_FILE: opts.db } : {});
    if (!fs.existsSync(config.DB_FILE)) return void process.stdout.write(`数据库 ${config.DB_FILE} 尚未创建。\n`);
    const { pending } = migrate(config.DB_FILE, { dryRun: true });
    process.stdout.write(pending.length ? `待执行迁移：${pending.join("、")}\n` : "数据库已是最新。\n");
  });

const roles = program.command("roles").description("角色（管理员、领导、乡镇干部、企业联系人）");
roles
  .command("list")
  .description("列出已授权的成员")
  .addOption(dbOption())
  .option("--json", "输出 JSON")
  .action(async (opts: { db?: string; json?: boolean }) => {
    const { services, close } = await cliServices(opts.db);
    const list = await services.members.list();
    await close();
    if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
    else process.stdout.write(list.length ? list.map((m) => `${m.id}\t${m.name}\t${ROLE_NAMES[m.role]}`).join("\n") + "\n" : "还没有授权任何人。\n");
  });
roles
  .command("set")
  .description("设置某人的角色（例如首次指定管理员）")
  .argument("<id>", "微信用户 id（机器人日志中可见）")
  .argument("<role>", "管理员 / 领导 / 乡镇干部 / 企业联系人")
  .addOption(dbOption())
  .action(async (id: string, roleWord: string, opts: { db?: string }) => {
    const role = parseRole(roleWord);
    if (!role) throw new UsageError(`角色“${roleWord}”无效，可选：管理员、领导、乡镇干部、企业联系人`);
    const { services, close } = await cliServices(opts.db);
    await services.members.setRole(id, role, "cli");
    await close();
    process.stdout.write(`已将 ${id} 设为${ROLE_NAMES[role]}。\n`);
  });

registerKnowledgeCommands(program);
registerSurveyCommands(program);
registerReminderCommands(program);
registerRoomCommands(program);
registerWebCommands(program);

await runProgram(program, process.argv);
