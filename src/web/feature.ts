import type { Feature, Services } from "../chat/types.ts";
import { formatShanghai } from "../clock.ts";
import { loginLink } from "./links.ts";

/**
 * 后台 (网页, 控制台): an admin, leader or cadre gets a one-time link to the web console,
 * in private chat only (a link in a group could be used by anyone who taps it first).
 */
export function webFeature(services: Services): Feature {
  return {
    name: "web",
    commands: [
      {
        name: "后台",
        aliases: ["网页", "控制台", "网页控制台"],
        summary: "获取网页控制台的登录链接（私聊；管理员、领导、乡镇干部）",
        roles: ["admin", "leader", "cadre"],
        async run(ctx) {
          if (!ctx.isPrivate) return ctx.reply("登录链接只在私聊中发送：请私聊我发送“后台”。");
          if (services.config.WEB_PORT === 0) return ctx.reply("网页控制台没有开启（WEB_PORT=0），请联系管理员。");
          const { url, expiresAt } = await loginLink(services, ctx.msg.senderId);
          await ctx.reply(`网页控制台登录链接（只能使用一次，${formatShanghai(expiresAt)} 前有效，请勿转发）：\n${url}`);
        },
      },
    ],
  };
}
