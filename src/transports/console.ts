import readline from "node:readline";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import type { Logger } from "../logger.ts";
import type { TransportSend } from "../chat/types.ts";
import { WechatyTransport } from "./wechaty.ts";

export const CONSOLE_USER_ID = "console-user";
const ROOM_ID = "console-room@chatroom";

/**
 * The console chat: the same Wechaty stack on wechaty-puppet-mock, with you typing as a
 * member of a test group (or in private chat with `:私聊`). Bot replies print to stdout.
 */
export function consoleTransport(opts: { botName: string; userName?: string; log: Logger }): { transport: WechatyTransport; run(): Promise<void> } {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ id: "console-bot", name: opts.botName });
  const me = mocker.createContact({ id: CONSOLE_USER_ID, name: opts.userName ?? "我" });
  const room = mocker.createRoom({ id: ROOM_ID, topic: "控制台测试群", memberIdList: ["console-bot", CONSOLE_USER_ID] });
  const print = (msg: TransportSend) => {
    const where = msg.roomId ? "【群】" : "【私聊】";
    const at = msg.mentions.length ? `@${opts.userName ?? "我"} ` : "";
    const body = msg.file ? `[文件] ${msg.file.name}（${msg.file.path}）` : msg.text;
    process.stdout.write(`\n${where}${opts.botName}：${at}${body}\n> `);
  };
  const transport = new WechatyTransport({ puppet, name: "gonghui-console", log: opts.log, onSent: print, afterStart: () => mocker.login(bot) });
  return {
    transport,
    run: () =>
      new Promise<void>((resolve) => {
        let privateChat = false;
        process.stdout.write(
          [
            `控制台聊天已就绪。您是「控制台测试群」的成员（本地管理员）。`,
            `· 在群里需要 @${opts.botName}，例如：@${opts.botName} 帮助`,
            `· 输入 :私聊 切换到与机器人的私聊，:群聊 切回群里，:退出 结束`,
            "> ",
          ].join("\n"),
        );
        const rl = readline.createInterface({ input: process.stdin, terminal: false });
        rl.on("line", (line) => {
          const text = line.trim();
          if (!text) return void process.stdout.write("> ");
          if (text === ":退出" || text === ":quit") return rl.close();
          if (text === ":私聊") {
            privateChat = true;
            return void process.stdout.write("（已切换到私聊）\n> ");
          }
          if (text === ":群聊") {
            privateChat = false;
            return void process.stdout.write("（已切换到群聊）\n> ");
          }
          const mentions = text.startsWith(`@${opts.botName}`) ? [bot] : [];
          me.say(text, mentions).to(privateChat ? bot : room);
        });
        rl.on("close", () => resolve());
      }),
  };
}
