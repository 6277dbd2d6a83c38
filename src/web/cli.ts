/** `gonghui web` (the console alone) and `gonghui web link` (a one-time login link). */
import type { Command } from "commander";
import { UsageError, dbOption } from "../cli-support.ts";
import { ROLE_NAMES } from "../chat/types.ts";
import { cliServices } from "../runtime.ts";
import { CONSOLE_ROLES, LOCAL_ADMIN_ID } from "./auth.ts";
import { loginLink } from "./links.ts";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new UsageError(`--port 必须是 0–65535 的整数（收到「${value}」）`);
  return n;
}

/** Adds `web` and `web link` to the program. */
export function registerWebCommands(program: Command): void {
  const web = program
    .command("web")
    .description("单独运行网页控制台（不连接微信），按 Ctrl+C 停止")
    .addOption(dbOption())
    .option("--port <N>", "端口（默认 WEB_PORT，即 8787；0 表示任选空闲端口）")
    .option("--host <HOST>", "监听地址（默认 WEB_HOST，即 127.0.0.1）")
    .action(async (opts: { db?: string; port?: string; host?: string }) => {
      // Loaded here, not at the top: other commands (ask, ledger …) should not pay for Fastify.
      const { startWebConsole } = await import("./index.ts");
      const { services, config, close } = await cliServices(opts.db);
      const console = await startWebConsole(services, { host: opts.host ?? config.WEB_HOST, port: opts.port !== undefined ? port(opts.port) : config.WEB_PORT });
      process.stderr.write(`网页控制台已启动：${console.local}${console.url !== console.local ? `（链接地址 ${console.url}）` : ""}\n用 “gonghui web link” 获取登录链接；按 Ctrl+C 停止。\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await console.close();
      await close();
    });

  web
    .command("link")
    .description("生成一次性登录链接（只能使用一次，10 分钟内有效）")
    .addOption(dbOption())
    .option("--user <ID>", "以哪位成员的身份登录（管理员、领导或乡镇干部；默认本机管理员）")
    .option("--json", "输出 {\"url\",\"expiresAt\"}（仅此内容）")
    .action(async (_opts: unknown, cmd: Command) => {
      // `--db` may be read by `web` itself (it has the option too): take it from either.
      const opts = cmd.optsWithGlobals<{ db?: string; user?: string; json?: boolean }>();
      const { services, close } = await cliServices(opts.db);
      try {
        const userId = opts.user ?? LOCAL_ADMIN_ID;
        if (opts.user) {
          const role = await services.members.seen(opts.user, "");
          if (!CONSOLE_ROLES.includes(role)) throw new UsageError(`${opts.user} 是${ROLE_NAMES[role]}，只有管理员、领导和乡镇干部可以登录控制台（可用 roles set 授权）`);
        } else if ((await services.members.seen(LOCAL_ADMIN_ID, "")) !== "admin") {
          await services.members.setRole(LOCAL_ADMIN_ID, "admin", "cli", "本机管理员");
        }
        const { url, expiresAt } = await loginLink(services, userId);
        if (opts.json) process.stdout.write(`${JSON.stringify({ url, expiresAt: expiresAt.toISOString() })}\n`);
        else process.stdout.write(`${url}\n（只能使用一次，10 分钟内有效）\n`);
      } finally {
        await close();
      }
    });
}
