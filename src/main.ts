import path from "node:path";
import { App } from "./app.ts";
import { systemClock } from "./clock.ts";
import { openDb } from "./db/client.ts";
import { createLogger } from "./logger.ts";
import { configOrExit } from "./runtime.ts";
import { Members } from "./admin/members.ts";
import { consoleTransport, CONSOLE_USER_ID } from "./transports/console.ts";
import { WechatyTransport } from "./transports/wechaty.ts";

/** `npm start`: the bot on WeChat when WECHATY_PUPPET is set, otherwise the console chat. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDb(config.DB_FILE);
  const wechat = Boolean(config.WECHATY_PUPPET);
  const console = wechat ? null : consoleTransport({ botName: config.BOT_NAME, log });
  if (console) await new Members(db, []).setRole(CONSOLE_USER_ID, "admin", "console", "我");
  const transport =
    console?.transport ??
    new WechatyTransport({
      puppet: config.WECHATY_PUPPET!,
      puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
      // Wechaty keeps its login session in <name>.memory-card.json: beside the database.
      name: path.join(path.dirname(path.resolve(config.DB_FILE)), "gonghui-bot"),
      log,
      reconnect: true,
    });
  const app = new App({ config, db, clock: systemClock, log, transport });
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info("正在停止…");
    await app.stop().catch((err) => log.error({ err }, "stop failed"));
    await db.$disconnect();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  if (wechat) log.info({ puppet: config.WECHATY_PUPPET }, "正在连接微信…");
  await app.start();
  log.info({ ms: Math.round(performance.now()) , sinceMain: Math.round(performance.now() - startedAt), mode: wechat ? "wechat" : "console" }, "机器人已就绪");
  if (process.env.GONGHUI_EXIT_WHEN_READY === "1") return shutdown();
  if (console) {
    await console.run();
    await shutdown();
  }
}

main().catch((err) => {
  process.stderr.write(`启动失败：${(err as Error)?.message ?? err}\n`);
  process.exit(1);
});
