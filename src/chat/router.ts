import { compose } from "./compose.ts";
import { allowed, CommandTable, helpText, refusal } from "./commands.ts";
import { getDialog, dialogKey } from "./dialogs.ts";
import { MessageDeduper } from "./dedupe.ts";
import { Lanes } from "./lanes.ts";
import { RateLimiter } from "./rate-limit.ts";
import { stripMention } from "./text.ts";
import type { Command, Context, DialogHandler, Feature, IncomingMessage, Middleware, Services } from "./types.ts";

const NON_TEXT_NOTE = "抱歉，我目前只能处理文字消息。请用文字发送问题或指令，发送「帮助」查看我能做什么。";
const ERROR_NOTE = "抱歉，处理您的消息时出错了，请稍后再试。已填写的内容不会丢失。";

/** The built-in 帮助 command; it lists what the sender may do. */
function helpCommand(table: () => CommandTable): Command {
  return {
    name: "帮助",
    aliases: ["help", "菜单", "功能", "指令"],
    summary: "查看我能做什么",
    run: (ctx) => ctx.reply(helpText(ctx, table().commands, ctx.services.botName())),
  };
}

/**
 * The router: one composed middleware chain (ignore self, dedupe, mentions, roles,
 * the room gate, non-text notes, rate limits), then dispatch to the active dialog,
 * a command, or the features' fallbacks. Features plug in through their exports only.
 */
export class Router {
  readonly table: CommandTable;
  private readonly dialogs = new Map<string, DialogHandler>();
  private readonly run: (ctx: Context) => Promise<void>;
  private readonly deduper: MessageDeduper;
  private readonly perUser: RateLimiter;
  private readonly perRoom: RateLimiter;
  private readonly lanes = new Lanes();

  constructor(private readonly services: Services, private readonly features: Feature[], private readonly selfId: () => string) {
    const commands = [helpCommand(() => this.table), ...features.flatMap((f) => f.commands ?? [])];
    this.table = new CommandTable(commands);
    for (const f of features) for (const d of f.dialogs ?? []) this.dialogs.set(d.kind, d);
    this.deduper = new MessageDeduper(services.db);
    this.perUser = new RateLimiter(services.config.RATE_USER_PER_MINUTE);
    this.perRoom = new RateLimiter(services.config.RATE_ROOM_PER_MINUTE);
    this.run = compose([this.gate, this.nonText, this.rateLimit, this.dispatch]);
  }

  /** Handles one inbound message end to end, in arrival order per (room or private, sender). */
  handle(msg: IncomingMessage): Promise<void> {
    if (msg.self || msg.senderId === this.selfId()) return Promise.resolve();
    return this.lanes.run(dialogKey(msg.roomId, msg.senderId), () => this.handleNow(msg));
  }

  /** Errors are logged and answered politely; the sender's data already given stays stored. */
  private async handleNow(msg: IncomingMessage): Promise<void> {
    const { services } = this;
    const now = services.clock.now();
    if (!(await this.deduper.firstTime(msg.id, now))) {
      services.log.debug({ id: msg.id }, "duplicate message dropped");
      return;
    }
    const { mentioned: textMention, text } = stripMention(msg.text, services.botName());
    const mentioned = msg.mentionIds.includes(this.selfId()) || textMention;
    const role = await services.members.seen(msg.senderId, msg.senderName);
    const room = msg.roomId ? await services.rooms.seen(msg.roomId, msg.roomTopic ?? "") : null;
    const key = dialogKey(msg.roomId, msg.senderId);
    const dialog = await getDialog(services.db, key);
    const ctx: Context = {
      msg,
      text,
      mentioned,
      isPrivate: !msg.roomId,
      role,
      room,
      dialogKey: key,
      dialog: dialog?.status === "active" ? dialog : null,
      services,
      reply: (body, opts) =>
        services.send({
          roomId: msg.roomId,
          toId: msg.roomId ? null : msg.senderId,
          text: body,
          mentions: msg.roomId ? [msg.senderId] : [],
          file: opts?.file,
          dedupeKey: opts?.dedupeKey,
          channel: msg.channel,
          replyTo: msg.id,
        }),
      replyPrivate: (body, opts) => services.send({ roomId: null, toId: msg.senderId, text: body, file: opts?.file, channel: msg.channel }),
    };
    try {
      await this.run(ctx);
    } catch (err) {
      services.log.error({ err, msgId: msg.id }, "handler failed");
      await ctx.reply(ERROR_NOTE);
    }
  }

  /** Forgets handled message ids older than a week. */
  prune(now: Date): Promise<void> {
    return this.deduper.prune(new Date(now.getTime() - 7 * 86400_000));
  }

  /** In rooms, act only when @mentioned or when the sender has an active dialog there. */
  private readonly gate: Middleware = async (ctx, next) => {
    if (ctx.isPrivate || ctx.mentioned || ctx.dialog) return next();
    if (ctx.msg.kind !== "text") return;
    for (const f of this.features) {
      if (f.passive && (await f.passive(ctx))) return;
    }
  };

  /** A greeting when someone opens a private chat; a file in private chat goes to the features that take files; images, voice and other files: a short note in private chat, ignored in rooms. */
  private readonly nonText: Middleware = async (ctx, next) => {
    if (ctx.msg.kind === "text") return next();
    if (ctx.msg.kind === "enter") return ctx.reply(`您好，我是${ctx.services.botName()}，可以解答工会政策问题、填报摸底排查、设置提醒。发送「帮助」查看我能做什么。`);
    if (!ctx.isPrivate) return;
    if (ctx.msg.kind === "file" && ctx.msg.file) {
      for (const f of this.features) if (f.onFile && (await f.onFile(ctx))) return;
    }
    await ctx.reply(NON_TEXT_NOTE);
  };

  /**
   * Per-user and per-room limits; one polite notice per burst, then silence. Answers to an
   * active dialog are exempt: they are paced by the bot's own questions, and dropping one
   * would lose what the person typed.
   */
  private readonly rateLimit: Middleware = async (ctx, next) => {
    if (ctx.dialog) return next();
    const now = ctx.services.clock.now().getTime();
    const user = this.perUser.hit(ctx.msg.senderId, now);
    const room = ctx.msg.roomId ? this.perRoom.hit(ctx.msg.roomId, now) : { allowed: true, notify: false };
    if (user.allowed && room.allowed) return next();
    if (user.notify || room.notify) {
      const note = user.allowed ? "本群消息太多了，我稍后再处理新的请求，请大家稍等一分钟。" : "您发送得太快了，请稍等一分钟再发，我会继续为您服务。";
      await ctx.reply(note);
    }
    ctx.services.log.warn({ user: ctx.msg.senderId, room: ctx.msg.roomId }, "rate limited");
  };

  /** Active dialog first, then commands, then the features' fallbacks. */
  private readonly dispatch: Middleware = async (ctx) => {
    if (ctx.dialog) {
      const handler = this.dialogs.get(ctx.dialog.kind);
      if (handler && (await handler.handle(ctx, ctx.dialog))) return;
    }
    if (!ctx.text) {
      await ctx.reply(`您好，我是${ctx.services.botName()}。发送「帮助」查看我能做什么，或直接提问政策问题。`);
      return;
    }
    const match = this.table.match(ctx.text);
    if (match) {
      if (!allowed(match.command, ctx.role)) {
        await ctx.reply(refusal(match.command));
        return;
      }
      await match.command.run(ctx, match.args);
      return;
    }
    for (const f of this.features) {
      if (f.fallback && (await f.fallback(ctx))) return;
    }
    await ctx.reply("抱歉，我没有理解您的意思。发送「帮助」查看可用指令。");
  };
}
