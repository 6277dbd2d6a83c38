/**
 * The 摸底排查 feature: 填报 dialogs, 继续填报 / 取消填报, 台账 export (admins, private
 * chat only), 进度 (cadres: their room's township; leaders and admins: all) and the review
 * of changes to records owned by others (待审核, 通过 N, 退回 N).
 */
import fs from "node:fs";
import path from "node:path";
import { matchTownship } from "../admin/townships.ts";
import { shanghaiParts } from "../clock.ts";
import type { Context, Feature, Services } from "../chat/types.ts";
import { DEFAULT_SURVEY, type SurveyDefinition } from "./definition.ts";
import { SURVEY_KIND, surveyQuestion } from "./dialog.ts";
import { exportLedger } from "./export.ts";
import { renormaliseNames } from "./ledger.ts";
import { approve, listPending, pendingText, reject, type Reviewer } from "./review.ts";
import { ledgerStats, progressText } from "./stats.ts";
import { SurveySessions } from "./session.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** Where chat exports are written: an `exports` folder next to the database file. */
export function exportDir(services: Services): string {
  return path.join(path.dirname(path.resolve(services.config.DB_FILE)), "exports");
}

async function exportCommand(services: Services, ctx: Context, args: string): Promise<void> {
  if (ctx.role !== "admin") {
    await ctx.reply("导出台账仅限管理员使用，请联系县总工会管理员。");
    return;
  }
  const townships = services.config.TOWNSHIPS;
  let township: string | undefined;
  if (args.trim()) {
    const t = matchTownship(args, townships);
    if (!t) {
      await ctx.reply(`没有找到乡镇“${args.trim()}”。可选：${townships.join("、")}。例如：导出台账 太平镇`);
      return;
    }
    township = t;
  }
  const now = services.clock.now();
  const { data, count } = await exportLedger(services.db, { format: "xlsx", townships, now, township });
  if (count === 0) {
    await ctx.reply(`台账中还没有${township ? `${township}的` : ""}填报记录。`);
    return;
  }
  const p = shanghaiParts(now);
  const name = `摸底排查台账-${township ?? "全县"}-${p.year}${pad(p.month)}${pad(p.day)}-${pad(p.hour)}${pad(p.minute)}.xlsx`;
  if (!services.capabilities.canSendFiles) {
    await ctx.replyPrivate(
      `台账共 ${count} 家单位。当前聊天平台不支持发送文件，请在服务器上运行：npm run -s gonghui -- ledger export --format xlsx --out ${name}${township ? ` --township ${township}` : ""}`,
    );
  } else {
    const dir = exportDir(services);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    await ctx.replyPrivate(`摸底排查台账（${township ?? "全县"}，共 ${count} 家单位，含联系电话，请妥善保管）：`, { file: { path: file, name } });
    services.log.info({ by: ctx.msg.senderId, count, township }, "台账已导出");
  }
  if (!ctx.isPrivate) await ctx.reply("台账含联系电话，已私聊发送给您，请查收。");
}

async function progressCommand(services: Services, ctx: Context, args: string): Promise<void> {
  const townships = services.config.TOWNSHIPS;
  const now = services.clock.now();
  const asked = args.trim() ? matchTownship(args, townships) : null;
  if (args.trim() && !asked) {
    await ctx.reply(`没有找到乡镇“${args.trim()}”。可选：${townships.join("、")}。例如：进度 太平镇`);
    return;
  }
  if (ctx.role === "contact") {
    await ctx.reply("进度查询仅限乡镇干部、领导和管理员使用。如需开通，请联系县总工会管理员。");
    return;
  }
  let township: string | undefined = asked ?? undefined;
  if (ctx.role === "cadre") {
    const own = ctx.room?.township ?? null;
    if (!own) {
      await ctx.reply(
        ctx.isPrivate
          ? "乡镇干部请在本乡镇工作群里 @我 发送「进度」查看本乡镇的进度（私聊时无法确定您所属的乡镇）。"
          : "本群还没有绑定乡镇，暂时无法查看进度。请联系县总工会管理员在本群发送「绑定 乡镇名」。",
      );
      return;
    }
    if (asked && asked !== own) {
      await ctx.reply(`乡镇干部只能查看本乡镇（${own}）的进度；全县进度请联系领导或县总工会管理员。`);
      return;
    }
    township = own;
  }
  const stats = await ledgerStats(services.db, { townships, now, township });
  await ctx.reply(progressText(stats, now));
}

/** The reviewer behind a chat message: cadres act for their room's township. */
function reviewerOf(ctx: Context): Reviewer {
  return { id: ctx.msg.senderId, name: ctx.msg.senderName || ctx.msg.senderId, role: ctx.role, township: ctx.room?.township ?? null };
}

const CADRE_IN_PRIVATE = "乡镇干部请在本乡镇工作群里 @我 审核本乡镇的台账修改（私聊时无法确定您所属的乡镇）。";

async function pendingCommand(services: Services, ctx: Context, args: string): Promise<void> {
  const townships = services.config.TOWNSHIPS;
  const asked = args.trim() ? matchTownship(args, townships) : null;
  if (args.trim() && !asked) {
    await ctx.reply(`没有找到乡镇“${args.trim()}”。可选：${townships.join("、")}。例如：待审核 太平镇`);
    return;
  }
  let township = asked ?? undefined;
  if (ctx.role === "cadre") {
    const own = ctx.room?.township ?? null;
    if (!own) {
      await ctx.reply(ctx.isPrivate ? CADRE_IN_PRIVATE : "本群还没有绑定乡镇，暂时无法审核。请联系县总工会管理员在本群发送「绑定 乡镇名」。");
      return;
    }
    township = own;
  }
  await ctx.reply(pendingText(await listPending(services.db, { township })));
}

async function decideCommand(services: Services, ctx: Context, args: string, verdict: "approve" | "reject"): Promise<void> {
  const word = verdict === "approve" ? "通过" : "退回";
  const m = /^(\d+)\s*(.*)$/s.exec(args.normalize("NFKC").trim());
  if (!m) {
    await ctx.reply(verdict === "approve" ? "请写明要通过的编号，例如：通过 3（发送「待审核」查看编号）" : "请写明要退回的编号和理由，例如：退回 3 人数与实际不符");
    return;
  }
  if (ctx.role === "cadre" && !ctx.room?.township) {
    await ctx.reply(CADRE_IN_PRIVATE);
    return;
  }
  const id = Number(m[1]);
  const now = services.clock.now();
  const d = verdict === "approve" ? await approve(services, id, reviewerOf(ctx), now) : await reject(services, id, reviewerOf(ctx), now, m[2]);
  if (!d.ok) {
    await ctx.reply(d.message);
    return;
  }
  services.log.info({ change: id, by: ctx.msg.senderId, verdict, org: d.item.orgName }, "台账变更已审核");
  await ctx.reply(
    verdict === "approve"
      ? `已${word}编号 ${id}：「${d.entry.orgName}」台账已更新为第 ${d.entry.version} 版（历史版本保留），已通知提交人${d.item.reporterName}。`
      : `已${word}编号 ${id}：「${d.entry.orgName}」台账保持第 ${d.entry.version} 版不变，已通知提交人${d.item.reporterName}。`,
  );
}

/** The survey feature. `survey` lets a county use its own definition (extra fields). */
export function surveyFeature(services: Services, survey: SurveyDefinition = DEFAULT_SURVEY): Feature {
  const sessions = new SurveySessions(services, survey);
  return {
    name: "survey",
    commands: [
      {
        name: "填报",
        aliases: ["我要填报", "开始填报", "摸底填报", "摸底排查"],
        summary: "填报本单位的摸底排查信息（一次一问，可随时暂停）",
        run: (ctx) => sessions.start(ctx),
      },
      {
        name: "继续填报",
        summary: "接着填写暂停的摸底排查",
        run: (ctx) => sessions.resume(ctx),
      },
      {
        name: "取消填报",
        aliases: ["放弃填报"],
        summary: "放弃未完成的摸底排查填报",
        run: (ctx) => sessions.cancel(ctx),
      },
      {
        name: "导出台账",
        aliases: ["台账"],
        summary: "导出摸底排查台账 Excel（私聊发送）",
        usage: "导出台账 [乡镇]",
        roles: ["admin"],
        run: (ctx, args) => exportCommand(services, ctx, args),
      },
      {
        name: "进度",
        aliases: ["填报进度", "摸底进度"],
        summary: "查看摸底排查进度（乡镇干部看本乡镇，领导和管理员看全县）",
        usage: "进度 [乡镇]",
        roles: ["admin", "leader", "cadre"],
        run: (ctx, args) => progressCommand(services, ctx, args),
      },
      {
        name: "待审核",
        aliases: ["审核列表", "待审核列表"],
        summary: "查看他人提交、等待审核的台账修改（乡镇干部在本乡镇群里看本乡镇的）",
        usage: "待审核 [乡镇]",
        roles: ["admin", "cadre"],
        run: (ctx, args) => pendingCommand(services, ctx, args),
      },
      {
        name: "通过",
        summary: "通过第 N 条待审核的台账修改，例如：通过 3",
        roles: ["admin", "cadre"],
        run: (ctx, args) => decideCommand(services, ctx, args, "approve"),
      },
      {
        name: "退回",
        summary: "退回第 N 条待审核的台账修改，可附理由，例如：退回 3 人数不对",
        roles: ["admin", "cadre"],
        run: (ctx, args) => decideCommand(services, ctx, args, "reject"),
      },
    ],
    dialogs: [{ kind: SURVEY_KIND, handle: (ctx, dialog) => sessions.handle(ctx, dialog), question: surveyQuestion }],
    fallback: (ctx) => sessions.answerPaused(ctx),
    start: async () => {
      await renormaliseNames(services.db, services.log);
    },
    tick: async (now) => {
      await sessions.pauseStale(now);
    },
    nextDue: () => sessions.nextDue(),
  };
}
