import path from "node:path";
import { App } from "./app.ts";
import { systemClock } from "./clock.ts";
import { openDb } from "./db/client.ts";
import { createLogger } from "./logger.ts";
import { configOrExit } from "./runtime.ts";
import type { Transport } from "./chat/types.ts";
import { ChannelSet } from "./transports/channels.ts";
import { consoleTransport, CONSOLE_USER_ID } from "./transports/console.ts";
import { WechatyTransport } from "./transports/wechaty.ts";
import { WecomAuthError, WecomTransport } from "./transports/wecom.ts";
import { startWebConsole, type WebConsole } from "./web/index.ts";

/** A path as the user would type it: relative when inside the current folder. */
function shortPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

/**
 * `npm start`: WeCom when WECOM_BOT_ID is set, WeChat when WECHATY_PUPPET is set (both at once
 * when both are), otherwise the console chat.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = configOrExit();
  // The console chat keeps the terminal for the conversation: its log goes beside the database.
  const logFile = config.WECOM_BOT_ID || config.WECHATY_PUPPET ? null : path.join(path.dirname(path.resolve(config.DB_FILE)), "console.log");
  const log = createLogger(config.LOG_LEVEL, logFile ? { file: logFile } : undefined);
  const db = await openDb(config.DB_FILE);
  const channels: Transport[] = [];
  if (config.WECOM_BOT_ID) channels.push(new WecomTransport({ botId: config.WECOM_BOT_ID, secret: config.WECOM_BOT_SECRET!, wsUrl: config.WECOM_WS_URL, botName: config.BOT_NAME, log }));
  if (config.WECHATY_PUPPET) {
    channels.push(
      new WechatyTransport({
        puppet: config.WECHATY_PUPPET,
        puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
        // Wechaty keeps its login session in <name>.memory-card.json: beside the database.
        name: path.join(path.dirname(path.resolve(config.DB_FILE)), "gonghui-bot"),
        log,
        reconnect: true,
      }),
    );
  }
  // The console's people get their roles through the app's member store (its cache stays true).
  const console = logFile
    ? consoleTransport({ botName: config.BOT_NAME, log, logFile: shortPath(logFile), setRole: (id, role, name): Promise<void> => app.services.members.setRole(id, role, "console", name) })
    : null;
  if (console) channels.push(console.transport);
  const mode = channels.map((t) => t.name).join("+");
  const authFailed = async (err: WecomAuthError) => {
    process.stderr.write(`${err.message}\n`);
    await db.$disconnect();
    process.exit(2);
  };
  const onLateStartError = (err: unknown, channel: string) => (err instanceof WecomAuthError ? void authFailed(err) : log.error({ err, channel }, "渠道启动失败"));
  const transport = new ChannelSet({ transports: channels, db, clock: systemClock, log, onLateStartError });
  const app = new App({ config, db, clock: systemClock, log, transport });
  if (console) await app.services.members.setRole(CONSOLE_USER_ID, "admin", "console", "我");
  let web: WebConsole | null = null;
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info("正在停止…");
    await web?.close().catch((err) => log.error({ err }, "停止网页控制台时出错"));
    await app.stop().catch((err) => log.error({ err }, "停止时出错"));
    await db.$disconnect();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  if (config.WECHATY_PUPPET) log.info({ puppet: config.WECHATY_PUPPET }, "正在连接微信…");
  try {
    await app.start();
  } catch (err) {
    if (!(err instanceof WecomAuthError)) throw err;
    return authFailed(err);
  }
  if (config.WEB_PORT !== 0) {
    try {
      web = await startWebConsole(app.services, { host: config.WEB_HOST, port: config.WEB_PORT, channels: () => channels.map((t) => ({ name: t.name, ...t.capabilities })) });
      log.info({ url: web.url }, "网页控制台已启动（管理员、领导私聊机器人发送“后台”获取登录链接）");
    } catch (err) {
      log.warn({ err: (err as Error).message }, "网页控制台未能启动（端口被占用？可设置 WEB_PORT，0 表示不开启）");
    }
  }
  log.info({ ms: Math.round(performance.now()), sinceMain: Math.round(performance.now() - startedAt), mode: console ? "console" : mode }, "机器人已就绪");
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
