import crypto from "node:crypto";
import { ROLE_NAMES, type Context, type Feature, type Services } from "../chat/types.ts";
import { matchTownship } from "./townships.ts";
import { parseRole } from "./members.ts";
import { parseRobotUrl, ROBOT_NAMES } from "../transports/robots.ts";

const CLAIM_KEY = "admin.claimCode";

/** Who a 授权 targets: an @mention other than the bot, else “@名字” or a bare name looked up among known members. */
async function resolveTarget(ctx: Context, selfId: string, nameText: string): Promise<{ id: string; name: string } | string> {
  const mentioned = ctx.msg.mentionIds.filter((id) => id !== selfId && id !== ctx.msg.senderId);
  if (mentioned.length === 1) return { id: mentioned[0], name: nameText.replace(/^[@＠]/, "") };
  const name = nameText.replace(/^[@＠]/, "").trim();
  if (!name) return "请指明要授权的人，例如：授权 @李经理 乡镇干部";
  const found = await ctx.services.members.findByName(name);
  if (found.length === 1) return found[0];
  if (found.length > 1) return `有 ${found.length} 位成员都叫“${name}”，请在群里直接 @ 这个人再授权。`;
  return `还不认识“${name}”。请让对方先在群里或私聊发一条消息，或在群里直接 @ 这个人再授权。`;
}

/**
 * Access administration: 授权, 绑定, 角色列表, and the one-time admin claim
 * (a code printed at start-up while no admin exists).
 */
export function adminFeature(services: Services): Feature {
  return {
    name: "admin",
    async start() {
      if (await services.members.hasAdmin()) return;
      let code = (await services.db.setting.findUnique({ where: { key: CLAIM_KEY } }))?.value;
      if (!code) {
        code = String(crypto.randomInt(100000, 1000000));
        await services.db.setting.create({ data: { key: CLAIM_KEY, value: code } });
      }
      services.log.warn(`尚无管理员。请用管理员的微信或企业微信私聊机器人发送：认领管理员 ${code}（一次性，用后作废；也可在 ADMIN_IDS 中配置）`);
    },
    commands: [
      {
        name: "认领管理员",
        summary: "首次使用时凭启动日志中的一次性认领码成为管理员",
        usage: "认领管理员 <认领码>",
        hidden: true,
        async run(ctx, args) {
          if (!ctx.isPrivate) return ctx.reply("为安全起见，请私聊我发送认领码。");
          const row = await services.db.setting.findUnique({ where: { key: CLAIM_KEY } });
          if (!row || (await services.members.hasAdmin())) return ctx.reply("已有管理员，认领码已失效。如需授权，请联系现有管理员。");
          const given = args.replace(/\s/g, "");
          const ok = given.length === row.value.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(row.value));
          if (!ok) return ctx.reply("认领码不正确，请核对启动日志中的六位数字。");
          await services.members.setRole(ctx.msg.senderId, "admin", "claim", ctx.msg.senderName);
          await services.db.setting.delete({ where: { key: CLAIM_KEY } });
          services.log.info({ user: ctx.msg.senderId }, "管理员已认领");
          return ctx.reply("认领成功，您现在是管理员。可以发送「帮助」查看管理指令。");
        },
      },
      {
        name: "授权",
        aliases: ["设置角色"],
        summary: "设置某人的角色（管理员、领导、乡镇干部、企业联系人）",
        usage: "授权 @某人 乡镇干部",
        roles: ["admin"],
        async run(ctx, args) {
          const parts = args.split(/\s+/).filter(Boolean);
          const role = parts.length >= 2 ? parseRole(parts[parts.length - 1]) : null;
          if (!role) return ctx.reply("格式：授权 @某人 <角色>，角色可以是：管理员、领导、乡镇干部、企业联系人。例如：授权 @李经理 乡镇干部");
          const target = await resolveTarget(ctx, services.botId(), parts.slice(0, -1).join(" "));
          if (typeof target === "string") return ctx.reply(target);
          if (target.id === ctx.msg.senderId && role !== "admin") return ctx.reply("不能降低自己的权限，请让另一位管理员操作。");
          await services.members.setRole(target.id, role, ctx.msg.senderId, target.name || undefined);
          return ctx.reply(`已将 ${target.name || target.id} 设为${ROLE_NAMES[role]}。`);
        },
      },
      {
        name: "绑定",
        aliases: ["绑定乡镇"],
        summary: "把本群绑定到一个乡镇（园区），用于填报和进度",
        usage: "绑定 太平镇",
        roles: ["admin"],
        async run(ctx, args) {
          if (!ctx.room) return ctx.reply("请在要绑定的乡镇工作群里 @我 发送：绑定 <乡镇名>");
          const township = matchTownship(args, services.config.TOWNSHIPS);
          if (!township) return ctx.reply(`没有找到乡镇“${args}”。可选：${services.config.TOWNSHIPS.join("、")}。例如：绑定 太平镇`);
          await services.rooms.bind(ctx.room.id, township, ctx.msg.senderId);
          return ctx.reply(`已将本群绑定到「${township}」。本群的填报默认属于${township}，提醒和进度按${township}统计。`);
        },
      },
      {
        name: "绑定推送",
        aliases: ["推送机器人"],
        summary: "让本群的提醒、截止通知和简报改由群机器人（企业微信/钉钉/飞书）推送；「绑定推送 取消」恢复原方式",
        usage: "绑定推送 <webhook地址> [加签密钥]",
        roles: ["admin"],
        async run(ctx, args) {
          if (!ctx.room) return ctx.reply("请在要推送的群里 @我 发送：绑定推送 <群机器人的 webhook 地址> [加签密钥]");
          const [url, secret] = args.split(/\s+/).filter(Boolean);
          if (!url) return ctx.reply("格式：绑定推送 <webhook地址> [加签密钥]。例如：绑定推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxx");
          if (url === "取消" || url === "解除") {
            await services.rooms.setPushRobot(ctx.room.id, null, null);
            return ctx.reply("已取消本群的推送机器人，提醒和通知恢复由我直接发送。");
          }
          const robot = parseRobotUrl(url);
          if ("error" in robot) return ctx.reply(robot.error);
          await services.rooms.setPushRobot(ctx.room.id, robot.url, secret ?? null);
          await ctx.reply(`已绑定${ROBOT_NAMES[robot.kind]}。本群的提醒、截止通知和简报将由它推送（每分钟最多 20 条）；稍后它会发一条测试消息，如没有收到，请检查地址${robot.kind === "wecom" ? "" : "和加签密钥"}。`);
          return services.send({ roomId: ctx.room.id, toId: null, text: `【推送测试】${services.botName()}的提醒和通知将通过本机器人发送。` });
        },
      },
      {
        name: "角色列表",
        aliases: ["角色", "成员角色"],
        summary: "查看已授权的管理员、领导和乡镇干部",
        roles: ["admin", "leader"],
        async run(ctx) {
          const list = await services.members.list();
          if (list.length === 0) return ctx.reply("还没有授权任何人。");
          const lines = list.map((m) => `· ${m.name || m.id}：${ROLE_NAMES[m.role]}`);
          return ctx.reply(["已授权的成员：", ...lines, "其他人默认为企业联系人。"].join("\n"));
        },
      },
    ],
  };
}
