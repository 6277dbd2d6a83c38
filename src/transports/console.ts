import readline from "node:readline";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import type { Logger } from "../logger.ts";
import { ROLE_NAMES, type Role, type TransportSend } from "../chat/types.ts";
import { parseRole } from "../admin/members.ts";
import { WechatyTransport } from "./wechaty.ts";

export const CONSOLE_USER_ID = "console-user";
const BOT_ID = "console-bot";
const FIRST_ROOM = "控制台测试群";
/** The name each role gets when `:身份 <角色>` names nobody. */
const DEFAULT_NAMES: Record<Role, string> = { admin: "我", leader: "张主席", cadre: "刘干事", contact: "李经理" };

/** A line typed into the console: a console command (starting with “:” or “：”) or a chat message. */
type ConsoleInput =
  | { kind: "say"; text: string }
  | { kind: "quit" }
  | { kind: "help" }
  | { kind: "private" }
  | { kind: "room"; name: string | null }
  | { kind: "identity"; role: Role | null; roleWord: string; name: string | null }
  | { kind: "unknown"; command: string };

function parseConsoleInput(line: string): ConsoleInput {
  const text = line.trim();
  if (!/^[:：]/.test(text)) return { kind: "say", text };
  const [command, ...args] = text.slice(1).trim().split(/\s+/);
  switch (command) {
    case "退出":
    case "quit":
      return { kind: "quit" };
    case "帮助":
    case "help":
      return { kind: "help" };
    case "私聊":
      return { kind: "private" };
    case "群":
    case "群聊":
      return { kind: "room", name: args.join(" ") || null };
    case "身份":
      return { kind: "identity", roleWord: args[0] ?? "", role: args[0] ? parseRole(args[0]) : null, name: args.slice(1).join(" ") || null };
    default:
      return { kind: "unknown", command: text };
  }
}

function consoleHelp(botName: string): string {
  return [
    "控制台命令（以英文或中文冒号开头；其他内容作为聊天消息发出）：",
    "  :身份 <角色> [名字]  换一个人说话。角色：管理员、领导、乡镇干部、企业联系人；名字相同即同一个人",
    "                      例如 :身份 企业联系人 李经理　:身份 领导　:身份 管理员",
    "  :群 <群名>          到这个群里说话（没有就新建），例如 :群 顿岗镇工会群；只写 :群 回到上一个群",
    "  :私聊               与机器人私聊",
    "  :帮助               显示本说明",
    "  :退出               结束",
    `在群里要 @${botName} 机器人才回应（正在填报时除外）；私聊不用 @。`,
    "各角色可以这样试：",
    `  管理员：:群 顿岗镇工会群 → @${botName} 绑定 顿岗；:私聊 → 角色列表、导出台账`,
    `  企业联系人：:身份 企业联系人 李经理 → 在已绑定的群里 @${botName} 我要填报，一问一答`,
    `  乡镇干部：:身份 乡镇干部 刘干事 → 在已绑定的群里 @${botName} 进度、@${botName} 提醒 明天下午3点 交材料`,
    `  领导：:身份 领导 张主席 → :私聊 → 简报、进度`,
  ].join("\n");
}

interface Person {
  id: string;
  name: string;
  role: Role;
  contact: mock.ContactMock;
}

/**
 * The console chat: the same Wechaty stack on wechaty-puppet-mock. You type as one person at a
 * time (`:身份` switches), in a group (`:群`) or in private chat (`:私聊`); every message the
 * bot sends, to any group or person, prints to stdout. `setRole` records a person's role.
 */
export function consoleTransport(opts: {
  botName: string;
  log: Logger;
  /** Shown at start-up: where the log is written. */
  logFile: string;
  setRole: (id: string, role: Role, name: string) => Promise<void>;
}): { transport: WechatyTransport; run(): Promise<void> } {
  const output = process.stdout;
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ id: BOT_ID, name: opts.botName });
  const people = new Map<string, Person>();
  const rooms = new Map<string, mock.RoomMock>();
  const topics = new Map<string, string>();
  const nameOf = (id: string) => [...people.values()].find((p) => p.id === id)?.name ?? id;

  const roomNamed = (topic: string) => {
    let room = rooms.get(topic);
    if (!room) {
      const id = `console-room-${rooms.size + 1}@chatroom`;
      room = mocker.createRoom({ id, topic, memberIdList: [BOT_ID, ...[...people.values()].map((p) => p.id)] });
      rooms.set(topic, room);
      topics.set(id, topic);
    }
    return room;
  };
  const personNamed = (name: string, role: Role) => {
    let person = people.get(name);
    if (!person) {
      const id = people.size === 0 ? CONSOLE_USER_ID : `console-user-${people.size + 1}`;
      person = { id, name, role, contact: mocker.createContact({ id, name }) };
      people.set(name, person);
      for (const room of rooms.values()) room.payload.memberIdList.push(id);
    }
    person.role = role;
    return person;
  };

  // The first person, CONSOLE_USER_ID, is made an admin by main.ts before the bot starts.
  let me = personNamed(DEFAULT_NAMES.admin, "admin");
  roomNamed(FIRST_ROOM);
  let roomTopic = FIRST_ROOM;
  let privateChat = false;
  const where = () => (privateChat ? "私聊" : roomTopic);
  const prompt = () => `[${me.name}（${ROLE_NAMES[me.role]}）· ${where()}] > `;
  const say = (line: string) => void output.write(`${line}\n${prompt()}`);

  const print = (msg: TransportSend) => {
    const place = msg.roomId ? `【${topics.get(msg.roomId) ?? msg.roomId}】` : `【私聊 → ${nameOf(msg.toId ?? "")}】`;
    const at = msg.mentions.map((id) => `@${nameOf(id)} `).join("");
    const body = msg.file ? `[文件] ${msg.file.name}（${msg.file.path}）` : msg.text;
    output.write(`\n${place}${opts.botName}：${at}${body}\n${prompt()}`);
  };
  const transport = new WechatyTransport({ puppet, name: "gonghui-console", log: opts.log, onSent: print, afterStart: () => mocker.login(bot) });

  const handle = async (line: string, close: () => void): Promise<void> => {
    const input = parseConsoleInput(line);
    switch (input.kind) {
      case "say": {
        if (!input.text) return void output.write(prompt());
        const mentions = input.text.startsWith(`@${opts.botName}`) ? [bot] : [];
        me.contact.say(input.text, mentions).to(privateChat ? bot : rooms.get(roomTopic));
        return;
      }
      case "quit":
        return close();
      case "help":
        return say(consoleHelp(opts.botName));
      case "private":
        privateChat = true;
        return say(`（${me.name}与${opts.botName}私聊）`);
      case "room":
        privateChat = false;
        if (input.name) {
          roomTopic = input.name;
          const existed = rooms.has(input.name);
          roomNamed(input.name);
          return say(existed ? `（回到「${input.name}」）` : `（已新建并进入「${input.name}」。乡镇的群请由管理员在群里发送 @${opts.botName} 绑定 <乡镇>）`);
        }
        return say(`（回到「${roomTopic}」）`);
      case "identity": {
        if (!input.roleWord) return say(`您现在是 ${me.name}（${ROLE_NAMES[me.role]}）。换人：:身份 <角色> [名字]，角色：${Object.values(ROLE_NAMES).join("、")}`);
        if (!input.role) return say(`没有“${input.roleWord}”这个角色。可以用：${Object.values(ROLE_NAMES).join("、")}，例如 :身份 企业联系人 李经理`);
        const person = personNamed(input.name ?? DEFAULT_NAMES[input.role], input.role);
        await opts.setRole(person.id, input.role, person.name);
        me = person;
        return say(`（现在您是 ${me.name}，身份：${ROLE_NAMES[me.role]}，在${privateChat ? "私聊" : `「${roomTopic}」`}）`);
      }
      case "unknown":
        return say(`没有“${input.command}”这个控制台命令。输入 :帮助 查看可用的命令。`);
    }
  };

  return {
    transport,
    run: () =>
      new Promise<void>((resolve) => {
        output.write(
          [
            `控制台聊天已就绪。您是「${FIRST_ROOM}」里的 ${me.name}（管理员）。`,
            `· 在群里需要 @${opts.botName}，例如：@${opts.botName} 帮助`,
            "· 输入 :帮助 查看控制台命令（换身份、换群、私聊），:退出 结束",
            `· 运行日志写在 ${opts.logFile}`,
            prompt(),
          ].join("\n"),
        );
        const rl = readline.createInterface({ input: process.stdin, terminal: false });
        // Lines are handled one at a time, in the order typed.
        let queue = Promise.resolve();
        rl.on("line", (line) => {
          queue = queue.then(() => handle(line, () => rl.close())).catch((err) => opts.log.error({ err }, "控制台命令处理失败"));
        });
        rl.on("close", () => void queue.then(() => resolve()));
      }),
  };
}
