import type { Command } from "commander";
import { dbOption, UsageError } from "../cli-support.ts";
import { cliServices } from "../runtime.ts";
import { parseRobotUrl, ROBOT_NAMES } from "../transports/robots.ts";
import { matchTownship } from "./townships.ts";

/** `gonghui rooms …`: known rooms, their channel, township and push robot. */
export function registerRoomCommands(program: Command): void {
  const rooms = program.command("rooms").description("群（渠道、乡镇绑定、推送机器人）");
  rooms
    .command("list")
    .description("列出机器人见过的群")
    .addOption(dbOption())
    .option("--json", "输出 JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const { services, close } = await cliServices(opts.db);
      const list = await services.rooms.list();
      await close();
      if (opts.json) return void process.stdout.write(`${JSON.stringify(list.map((r) => ({ ...r, pushWebhook: r.pushWebhook ? robotLabel(r.pushWebhook) : null })))}\n`);
      const lines = list.map((r) => [r.id, r.topic || "（无群名）", r.township ?? "未绑定乡镇", r.channel ?? "-", r.pushWebhook ? robotLabel(r.pushWebhook) : "无推送机器人"].join("\t"));
      process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "还没有见过任何群。\n");
    });
  rooms
    .command("webhook")
    .description("设置群的推送机器人：该群的提醒、截止通知和简报改由它发送")
    .argument("<room>", "群 id（rooms list 可查；企业微信为 chatid）")
    .argument("[url]", "企业微信群机器人 / 钉钉自定义机器人 / 飞书自定义机器人的 webhook 地址")
    .option("--secret <SECRET>", "加签密钥（钉钉 SEC 开头的密钥，飞书的签名校验密钥）")
    .option("--remove", "取消该群的推送机器人")
    .addOption(dbOption())
    .action(async (room: string, url: string | undefined, opts: { db?: string; secret?: string; remove?: boolean }) => {
      if (!opts.remove && !url) throw new UsageError("请给出 webhook 地址，或用 --remove 取消。例如：rooms webhook <群id> https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxx");
      const robot = opts.remove ? null : parseRobotUrl(url!);
      if (robot && "error" in robot) throw new UsageError(robot.error);
      const { services, close } = await cliServices(opts.db);
      await services.rooms.setPushRobot(room, robot?.url ?? null, opts.secret ?? null);
      await close();
      process.stdout.write(robot ? `已为群 ${room} 绑定${ROBOT_NAMES[robot.kind]}。\n` : `已取消群 ${room} 的推送机器人。\n`);
    });
  rooms
    .command("bind")
    .description("把群绑定到乡镇（与群里发送「绑定 <乡镇>」相同），用于只有推送机器人的群")
    .argument("<room>", "群 id")
    .argument("<township>", "乡镇（园区），可用简称")
    .addOption(dbOption())
    .action(async (room: string, name: string, opts: { db?: string }) => {
      const { services, config, close } = await cliServices(opts.db);
      const township = matchTownship(name, config.TOWNSHIPS);
      if (!township) {
        await close();
        throw new UsageError(`没有找到乡镇“${name}”。可选：${config.TOWNSHIPS.join("、")}`);
      }
      await services.rooms.bind(room, township, "cli");
      await close();
      process.stdout.write(`已将群 ${room} 绑定到「${township}」。\n`);
    });
}

/** The robot's kind and host, without the key in its address. */
function robotLabel(url: string): string {
  const robot = parseRobotUrl(url);
  return "error" in robot ? "无效地址" : `${ROBOT_NAMES[robot.kind]}（${new URL(robot.url).host}）`;
}
