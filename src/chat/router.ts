import { compose } from "./compose.ts";
import { allowed, CommandTable, helpText, refusal } from "./commands.ts";
import { getDialog, dialogKey } from "./dialogs.ts";
import { MessageDeduper } from "./dedupe.ts";
import { Lanes } from "./lanes.ts";
import { RateLimiter } from "./rate-limit.ts";
import { charCount, inScope, MAX_INPUT_CHARS } from "./scope.ts";
import { stripMention } from "./text.ts";
import { STORAGE_NOTE, storageFailure } from "../db/storage.ts";
import type { Command, Context, DialogHandler, Feature, IncomingMessage, Middleware, OutgoingMessage, Services } from "./types.ts";

const NON_TEXT_NOTE = "抱歉，我目前只能处理文字消息。请用文字发送问题或指令，发送「帮助」查看我能做什么。";
const ERROR_NOTE = "抱歉，处理您的消息时出错了，请稍后再试。已填写的内容不会丢失。";
/** Dialog keys whose exempt answer is remembered (oldest forgotten first). */
const MAX_EXEMPT_KEYS = 10_000;

/** The built-in 帮助 command; it lists what the sender may do. */
/** Where a reply to `msg` goes: its room (mentioning the sender) or the private chat. */
/** Where a reply to `msg` goes: its room (mentioning the sender) or the private chat, on its channel, answering it. */
function replyTo(msg: IncomingMessage): Pick<OutgoingMessage, "roomId" | "toId" | "mentions" | "channel" | "replyTo"> {
  return { roomId: msg.roomId, toId: msg.roomId ? null : msg.senderId, mentions: msg.roomId ? [msg.senderId] : [], channel: msg.channel, replyTo: msg.id };
}

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
 * A message longer than MAX_INPUT_CHARS is answered with a note and never parsed; what one
 * message causes to be sent is limited (chat/scope.ts); when storage fails the sender is
 * told nothing was saved.
 */
export class Router {
  readonly table: CommandTable;
  private readonly dialogs = new Map<string, DialogHandler>();
  private readonly run: (ctx: Context) => Promise<void>;
  private readonly runTooLong: (ctx: Context) => Promise<void>;
  /** Per dialog key, the question whose one answer was let through the rate limits. */
  private readonly exempted = new Map<string, string>();
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
    this.runTooLong = compose([this.gate, this.rateLimit, this.tooLong]);
  }

  /** Handles one inbound message end to end, in arrival order per (room or private, sender). */
  handle(msg: IncomingMessage): Promise<void> {
    if (msg.self || msg.senderId === this.selfId()) return Promise.resolve();
    return this.lanes.run(dialogKey(msg.roomId, msg.senderId), () => this.handleNow(msg));
  }

  /**
   * Errors are logged and answered politely; the sender's data already given stays stored.
   * Everything sent meanwhile is an answer to this message (limits in chat/scope.ts).
   */
  private handleNow(msg: IncomingMessage): Promise<void> {
    const tooLong = msg.text.length > MAX_INPUT_CHARS && charCount(msg.text) > MAX_INPUT_CHARS;
    return inScope(tooLong ? "" : msg.text, async () => {
      try {
        await this.process(msg, tooLong);
      } catch (err) {
        await this.failed(msg, err);
      }
    });
  }

  private async process(msg: IncomingMessage, tooLong: boolean): Promise<void> {
    const { services } = this;
    const now = services.clock.now();
    if (!(await this.deduper.firstTime(msg.id, now))) {
      services.log.debug({ id: msg.id }, "重复消息，已忽略");
      return;
    }
    const { mentioned, text } = this.mention(msg, tooLong);
    const role = await services.members.seen(msg.senderId, msg.senderName);
    const room = msg.roomId ? await services.rooms.seen(msg.roomId, msg.roomTopic ?? "", msg.senderId) : null;
    const key = dialogKey(msg.roomId, msg.senderId);
    const dialog = await getDialog(services.db, key);
    const ctx: Context = {
      msg,
      text: tooLong ? "" : text,
      mentioned,
      isPrivate: !msg.roomId,
      role,
      room,
      dialogKey: key,
      dialog: dialog?.status === "active" ? dialog : null,
      services,
      reply: (body, opts) => services.send({ ...replyTo(msg), text: body, file: opts?.file, dedupeKey: opts?.dedupeKey }),
      replyPrivate: (body, opts) => services.send({ roomId: null, toId: msg.senderId, text: body, file: opts?.file, channel: msg.channel }),
    };
    await (tooLong ? this.runTooLong : this.run)(ctx);
  }

  /** Whether the bot is @mentioned, and the text without the mention (of an over-long text only the head is read). */
  private mention(msg: IncomingMessage, tooLong: boolean): { mentioned: boolean; text: string } {
    const r = stripMention(tooLong ? msg.text.slice(0, 100) : msg.text, this.services.botName());
    return { mentioned: msg.mentionIds.includes(this.selfId()) || r.mentioned, text: r.text };
  }

  /**
   * A message that failed: logged (at error level, naming the storage cause when storage
   * failed) and, when it was addressed to the bot, answered — “暂时无法保存” when nothing
   * could be saved. Notes share the sender's rate limit.
   */
  private async failed(msg: IncomingMessage, err: unknown): Promise<void> {
    const { services } = this;
    const cause = storageFailure(err);
    services.log.error({ err, msgId: msg.id, cause: cause ?? undefined }, cause ? "存储出错：消息未能保存" : "消息处理出错");
    try {
      if (!(await this.addressed(msg))) return;
      if (!this.perUser.hit(msg.senderId, services.clock.now().getTime()).allowed) return;
      await services.send({ ...replyTo(msg), text: cause ? STORAGE_NOTE : ERROR_NOTE });
    } catch (again) {
      services.log.error({ err: again, msgId: msg.id }, "未能把出错情况告诉发送人");
    }
  }

  /** True for a private message, an @mention, or a room message from someone with an open dialog there. */
  private async addressed(msg: IncomingMessage): Promise<boolean> {
    if (!msg.roomId || this.mention(msg, msg.text.length > MAX_INPUT_CHARS).mentioned) return true;
    const dialog = await getDialog(this.services.db, dialogKey(msg.roomId, msg.senderId)).catch(() => null);
    return dialog?.status === "active";
  }

  /** Forgets handled message ids older than a week (returns how many) and rate-limit state of people gone quiet. */
  prune(now: Date): Promise<number> {
    this.perUser.prune(now.getTime());
    this.perRoom.prune(now.getTime());
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
   * Per-user and per-room limits; one polite notice per burst, then silence. The one exception
   * is one answer to the question an active dialog is asking (dropping it would lose what the
   * person typed); a second message to the same question counts like any other.
   */
  private readonly rateLimit: Middleware = async (ctx, next) => {
    if (this.exemptAnswer(ctx)) return next();
    const now = ctx.services.clock.now().getTime();
    const user = this.perUser.hit(ctx.msg.senderId, now);
    const room = ctx.msg.roomId ? this.perRoom.hit(ctx.msg.roomId, now) : { allowed: true, notify: false };
    if (user.allowed && room.allowed) return next();
    // One notice per burst: a sender already told to slow down is not told again for the room.
    if (user.allowed ? room.notify : user.notify) {
      await ctx.reply(user.allowed ? "本群消息太多了，我稍后再处理新的请求，请大家稍等一分钟。" : "您发送得太快了，请稍等一分钟再发，我会继续为您服务。");
    }
    ctx.services.log.warn({ user: ctx.msg.senderId, room: ctx.msg.roomId }, "发送过快，已限流");
  };

  /** True (once per question) for a message to an active dialog: its answer to the current question. */
  private exemptAnswer(ctx: Context): boolean {
    if (!ctx.dialog || !ctx.text) return false;
    const handler = this.dialogs.get(ctx.dialog.kind);
    const question = handler?.question?.(ctx.dialog.state) ?? JSON.stringify(ctx.dialog.state);
    if (this.exempted.get(ctx.dialogKey) === question) return false;
    this.exempted.delete(ctx.dialogKey);
    this.exempted.set(ctx.dialogKey, question);
    if (this.exempted.size > MAX_EXEMPT_KEYS) this.exempted.delete(this.exempted.keys().next().value!);
    return true;
  }

  /** A message over MAX_INPUT_CHARS: not read at all, only a note saying how long a message may be. */
  private readonly tooLong: Middleware = async (ctx) => {
    await ctx.reply(`您的消息有 ${charCount(ctx.msg.text)} 字，超过了每条 ${MAX_INPUT_CHARS} 字的上限，我没有处理。请精简后再发，或分成几条发送。`);
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
