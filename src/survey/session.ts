/**
 * Runs survey dialogs against storage and chat: loads the state, applies one step of the
 * engine, saves the state (after every answer), sends the reply, saves confirmed reports.
 */
import { endDialog, getDialog, oldestActiveDialog, saveDialog } from "../chat/dialogs.ts";
import type { Context, DialogRecord, Services } from "../chat/types.ts";
import { DEFAULT_SURVEY, finalAnswers, type SurveyDefinition } from "./definition.ts";
import { isOtherCommand, questionText, resumeText, startDialog, step, summaryText, SURVEY_KIND, type EngineEnv, type SurveyState } from "./dialog.ts";
import { maskPhones } from "../privacy.ts";
import { receiptText } from "./receipt.ts";
import { ownsRecord, recordOwner, submitReport } from "./review.ts";

/** Silence after which an active survey dialog is paused. */
export const PAUSE_AFTER_MS = 30 * 60_000;

function isState(x: unknown): x is SurveyState {
  return typeof x === "object" && x !== null && (x as SurveyState).v === 1 && typeof (x as SurveyState).answers === "object";
}

/** Survey dialogs of one bot instance. */
export class SurveySessions {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly services: Services,
    private readonly def: SurveyDefinition = DEFAULT_SURVEY,
  ) {}

  /** Runs `fn` after any other work on the same dialog key (one message at a time per sender). */
  private async locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  private env(ctx: Context, state?: SurveyState): EngineEnv {
    return {
      townships: this.services.config.TOWNSHIPS,
      boundTownship: state ? state.boundTownship : (ctx.room?.township ?? null),
      group: !ctx.isPrivate,
    };
  }

  private async send(ctx: Context, text: string): Promise<void> {
    await ctx.reply(ctx.isPrivate ? text : maskPhones(text));
  }

  private async save(ctx: Context, state: SurveyState, status: DialogRecord["status"] = "active"): Promise<void> {
    await saveDialog(this.services.db, { key: ctx.dialogKey, kind: SURVEY_KIND, roomId: ctx.msg.roomId, userId: ctx.msg.senderId, state, status }, this.services.clock.now());
  }

  private async withSummary(ctx: Context, state: SurveyState, env: EngineEnv, reply: string): Promise<string> {
    const name = state.answers.orgName;
    let note: string | undefined;
    const owner = typeof name === "string" ? await recordOwner(this.services.db, name) : null;
    if (owner) {
      const township = String(finalAnswers(this.def, state.answers, env).township ?? "");
      note = ownsRecord(owner, { id: ctx.msg.senderId, role: ctx.role }, township)
        ? `（「${owner.orgName}」已在台账中，当前为第 ${owner.version} 版；确认后将更新为第 ${owner.version + 1} 版。）`
        : `（「${owner.orgName}」已由其他联系人或乡镇填报。确认后，您的填报将作为修改提交县总工会管理员和乡镇干部审核，审核通过前台账保持不变。）`;
    }
    return [reply, summaryText(this.def, state, env, note)].filter(Boolean).join("\n");
  }

  /** 填报 / 我要填报: starts a dialog, or resumes the one already open. */
  async start(ctx: Context): Promise<void> {
    await this.locked(ctx.dialogKey, async () => {
      const existing = await getDialog(this.services.db, ctx.dialogKey);
      if (existing && existing.kind === SURVEY_KIND && isState(existing.state)) {
        await this.resumeLoaded(ctx, existing.state, "您有一份未完成的填报，我们接着填（如要重新开始，请先发送「取消」）。");
        return;
      }
      const env = this.env(ctx);
      const { state, reply } = startDialog(this.def, env);
      await this.save(ctx, state);
      await this.send(ctx, reply);
    });
  }

  /** 继续填报: reactivates a paused (or active) dialog and repeats where it stopped. */
  async resume(ctx: Context): Promise<void> {
    await this.locked(ctx.dialogKey, async () => {
      const existing = await getDialog(this.services.db, ctx.dialogKey);
      if (!existing || existing.kind !== SURVEY_KIND || !isState(existing.state)) {
        const where = ctx.isPrivate ? "" : "（在其他群或私聊中开始的填报，请到原来的地方继续）";
        await ctx.reply(`您目前没有未完成的填报${where}。发送「填报」开始新的填报。`);
        return;
      }
      await this.resumeLoaded(ctx, existing.state);
    });
  }

  private async resumeLoaded(ctx: Context, state: SurveyState, lead?: string): Promise<void> {
    const env = this.env(ctx, state);
    const next = { ...state, failures: 0 };
    await this.save(ctx, next);
    const r = resumeText(this.def, next, env);
    const body = r.summary ? await this.withSummary(ctx, next, env, r.reply) : r.reply;
    await this.send(ctx, [lead, body].filter(Boolean).join("\n"));
  }

  /**
   * Fallback for an @-message when the sender's dialog here is paused: if it is a valid answer
   * to the waiting question (not a free-text one) or a summary command (确认, 修改 N), the
   * dialog resumes with it. Returns false otherwise, so the message goes on to Q&A.
   */
  async answerPaused(ctx: Context): Promise<boolean> {
    return this.locked(ctx.dialogKey, async () => {
      const d = await getDialog(this.services.db, ctx.dialogKey);
      if (!d || d.kind !== SURVEY_KIND || d.status !== "paused" || !isState(d.state)) return false;
      const state = d.state;
      const env = this.env(ctx, state);
      const field = this.def.fields.find((f) => f.key === state.current);
      if (field?.freeText) return false;
      const r = step(this.def, state, ctx.text, env);
      if (r.invalid || r.action === "pause" || (r.action === "none" && r.state === state)) return false;
      return this.apply(ctx, r, env, "（已恢复您暂停的填报）");
    });
  }

  /** 取消填报 as a command (e.g. for a paused dialog). */
  async cancel(ctx: Context): Promise<void> {
    await this.locked(ctx.dialogKey, async () => {
      const existing = await getDialog(this.services.db, ctx.dialogKey);
      if (!existing || existing.kind !== SURVEY_KIND) {
        await ctx.reply("您目前没有未完成的填报。");
        return;
      }
      await endDialog(this.services.db, ctx.dialogKey);
      await ctx.reply("已取消本次填报，填写的内容已丢弃。需要时可再发送「填报」重新开始。");
    });
  }

  /**
   * One message in the sender's dialog. Returns false (not consumed) for a paused dialog
   * unless it is 继续填报/取消, for another feature's command (帮助, 进度, 提醒 …), and for an
   * @-question in a room that is not a valid answer, so the router can run or answer them;
   * the dialog stays where it was.
   */
  async handle(ctx: Context, _dialog: DialogRecord): Promise<boolean> {
    return this.locked(ctx.dialogKey, async () => {
      const fresh = await getDialog(this.services.db, ctx.dialogKey);
      if (!fresh || fresh.kind !== SURVEY_KIND) return false;
      if (!isState(fresh.state)) {
        await endDialog(this.services.db, ctx.dialogKey);
        return false;
      }
      if (isOtherCommand(ctx.text)) return false;
      const state = fresh.state;
      const env = this.env(ctx, state);
      const r = step(this.def, state, ctx.text, env);
      if (fresh.status === "paused" && r.action === "none" && !/^(继续|继续填报)$/.test(ctx.text.trim())) return false;
      if (r.invalid && ctx.mentioned && !ctx.isPrivate && /[?？吗呢]$/.test(ctx.text.trim())) return false;
      return this.apply(ctx, r, env);
    });
  }

  private async apply(ctx: Context, r: ReturnType<typeof step>, env: EngineEnv, lead?: string): Promise<boolean> {
    const say = (text: string) => this.send(ctx, [lead, text].filter(Boolean).join("\n"));
    switch (r.action) {
      case "cancel":
        await endDialog(this.services.db, ctx.dialogKey);
        await say(r.reply);
        return true;
      case "pause":
        await this.save(ctx, r.state, "paused");
        await say(r.reply);
        return true;
      case "confirm":
        await this.confirm(ctx, r.state, env);
        return true;
      default: {
        await this.save(ctx, r.state);
        await say(r.summary ? await this.withSummary(ctx, r.state, env, r.reply) : r.reply);
        return true;
      }
    }
  }

  private async confirm(ctx: Context, state: SurveyState, env: EngineEnv): Promise<void> {
    const answers = finalAnswers(this.def, state.answers, env);
    const missing = this.def.fields.find((f) => answers[f.key] === null && (f.when ? f.when(state.answers, env) : true));
    if (missing) {
      const s = { ...state, current: missing.key };
      await this.save(ctx, s);
      await this.send(ctx, `还有一项没有填写：\n${questionText(this.def, missing, s, env)}`);
      return;
    }
    const now = this.services.clock.now();
    const by = { name: ctx.msg.senderName || ctx.msg.senderId, id: ctx.msg.senderId, at: now, role: ctx.role, roomId: ctx.msg.roomId };
    const outcome = await submitReport(this.services, answers, by, ctx.dialogKey, this.def);
    if (outcome.kind === "pending") this.services.log.info({ org: outcome.item.orgName, change: outcome.item.id, by: by.id }, "填报待审核");
    else this.services.log.info({ org: outcome.entry.orgName, version: outcome.entry.version, township: outcome.entry.township, kind: outcome.kind }, "填报已保存");
    await this.send(ctx, receiptText(this.def, outcome, env.group));
  }

  /** Pauses dialogs silent for 30 minutes and tells each user how to resume. */
  async pauseStale(now: Date): Promise<number> {
    const before = new Date(now.getTime() - PAUSE_AFTER_MS);
    const stale = await this.services.db.dialogSession.findMany({ where: { kind: SURVEY_KIND, status: "active", updatedAt: { lte: before } } });
    let paused = 0;
    for (const d of stale) {
      const done = await this.locked(d.key, async () => {
        const r = await this.services.db.dialogSession.updateMany({ where: { key: d.key, status: "active", updatedAt: d.updatedAt }, data: { status: "paused" } });
        return r.count === 1;
      });
      if (!done) continue;
      paused++;
      const text = d.roomId
        ? "您的填报已自动暂停（30 分钟未回复），已填写的内容都已保存。需要时在群里 @我 发送「继续填报」接着填写。"
        : "您的填报已自动暂停（30 分钟未回复），已填写的内容都已保存。需要时发送「继续填报」接着填写。";
      await this.services.send({
        roomId: d.roomId,
        toId: d.roomId ? null : d.userId,
        text,
        mentions: d.roomId ? [d.userId] : [],
        dedupeKey: `survey-pause:${d.key}:${d.updatedAt.getTime()}`,
      });
    }
    return paused;
  }

  /** When the next silent dialog will be due for pausing. */
  async nextDue(): Promise<Date | null> {
    const oldest = await oldestActiveDialog(this.services.db, SURVEY_KIND);
    return oldest ? new Date(oldest.getTime() + PAUSE_AFTER_MS) : null;
  }
}
