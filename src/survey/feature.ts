/**
 * The 摸底排查 feature: 填报 dialogs, 继续填报 / 取消填报, 台账 export (admins, private
 * chat only) and 进度 (cadres: their room's township; leaders and admins: all).
 */
import fs from "node:fs";
import path from "node:path";
import { matchTownship } from "../admin/townships.ts";
import { shanghaiParts } from "../clock.ts";
import type { Context, Feature, Services } from "../chat/types.ts";
import { DEFAULT_SURVEY, type SurveyDefinition } from "./definition.ts";
import { SURVEY_KIND } from "./dialog.ts";
import { exportLedger } from "./export.ts";
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
    services.log.info({ by: ctx.msg.senderId, count, township }, "ledger exported");
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
    ],
    dialogs: [{ kind: SURVEY_KIND, handle: (ctx, dialog) => sessions.handle(ctx, dialog) }],
    fallback: (ctx) => sessions.answerPaused(ctx),
    tick: async (now) => {
      await sessions.pauseStale(now);
    },
    nextDue: () => sessions.nextDue(),
  };
}
