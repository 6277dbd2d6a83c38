import fs from "node:fs";
import { createRequire } from "node:module";
import { parse as parseDotenv } from "dotenv";
import { z } from "zod";
import { Cron } from "croner";
import { TZ } from "./clock.ts";

/** 始兴县's towns and the industrial park, the default township list. */
export const DEFAULT_TOWNSHIPS = ["太平镇", "马市镇", "澄江镇", "顿岗镇", "罗坝镇", "司前镇", "隘子镇", "城南镇", "沈所镇", "深渡水瑶族乡", "县工业园"];

const int = (min: number, max: number, example: string) =>
  z.coerce
    .number({ message: `必须是整数，例如 ${example}` })
    .int({ message: `必须是整数，例如 ${example}` })
    .min(min, { message: `不能小于 ${min}，例如 ${example}` })
    .max(max, { message: `不能大于 ${max}，例如 ${example}` });

const list = z
  .string()
  .transform((s) => s.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean));

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() ? s.trim() : undefined));

/** True when croner accepts the pattern (the scheduler reads it the same way) and it ever fires. */
function validCron(pattern: string): boolean {
  try {
    const job = new Cron(pattern, { timezone: TZ, paused: true });
    const fires = job.nextRun() !== null;
    job.stop();
    return fires;
  } catch {
    return false;
  }
}

/** True when the npm module (a Wechaty puppet) can be loaded from here. */
function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Every configuration variable, with its default. README and .env.example document each. */
export const configSchema = z.object({
  BOT_NAME: z.string().trim().min(1, { message: "不能为空，例如 BOT_NAME=工会助手" }).default("工会助手"),
  DB_FILE: z.string().min(1, { message: "不能为空，例如 DB_FILE=data/gonghui.db" }).default("data/gonghui.db"),
  WECHATY_PUPPET: optionalString.refine((name) => !name || installed(name), { message: "找不到这个微信协议模块，请先安装（npm install 模块名），例如 WECHATY_PUPPET=wechaty-puppet-service" }),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: optionalString.pipe(z.string().regex(/^wss?:\/\/\S+$/, { message: "必须是 ws:// 或 wss:// 开头的地址，例如 WECOM_WS_URL=wss://openws.work.weixin.qq.com" }).optional()),
  ADMIN_IDS: list.default([]),
  TOWNSHIPS: list.default(DEFAULT_TOWNSHIPS).refine((l) => l.length > 0, { message: "至少需要一个乡镇，例如 TOWNSHIPS=太平镇,马市镇" }),
  KNOWLEDGE_DIR: z.string().default("knowledge"),
  KNOWLEDGE_REGION: z.string().trim().min(2, { message: "请写出本地的省、市、县，例如 KNOWLEDGE_REGION=广东省韶关市始兴县" }).default("广东省韶关市始兴县"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: "必须是网址（http 或 https），例如 OPENAI_BASE_URL=https://api.deepseek.com/v1" }).optional()),
  OPENAI_MODEL: optionalString,
  OPENAI_EMBEDDING_MODEL: optionalString,
  LLM_TIMEOUT_MS: int(1000, 300_000, "LLM_TIMEOUT_MS=20000").default(20_000),
  OUTBOX_ROOM_INTERVAL_MS: int(0, 600_000, "OUTBOX_ROOM_INTERVAL_MS=1500").default(1500),
  OUTBOX_JITTER_MS: int(0, 60_000, "OUTBOX_JITTER_MS=500").default(500),
  OUTBOX_PER_MINUTE: int(1, 10_000, "OUTBOX_PER_MINUTE=20").default(20),
  RATE_USER_PER_MINUTE: int(1, 10_000, "RATE_USER_PER_MINUTE=8").default(8),
  RATE_ROOM_PER_MINUTE: int(1, 10_000, "RATE_ROOM_PER_MINUTE=30").default(30),
  REMINDER_GRACE_HOURS: int(0, 24 * 30, "REMINDER_GRACE_HOURS=12").default(12),
  DIGEST_CRON: z
    .string()
    .refine(validCron, { message: "不是有效的 cron 表达式（分 时 日 月 周，北京时间，且要有将来的触发时间），例如 DIGEST_CRON=30 8 * * 1" })
    .default("30 8 * * 1"),
  EXPORT_KEEP_DAYS: int(1, 3650, "EXPORT_KEEP_DAYS=7").default(7),
  WEB_PORT: int(0, 65_535, "WEB_PORT=8787").default(8787),
  WEB_HOST: z.string().min(1, { message: "不能为空，例如 WEB_HOST=127.0.0.1" }).default("127.0.0.1"),
  WEB_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: "必须是 http(s) 网址，例如 WEB_BASE_URL=https://gonghui.example.cn" }).optional()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "必须是 fatal/error/warn/info/debug/trace/silent 之一，例如 LOG_LEVEL=info" }).default("info"),
});

export type Config = z.infer<typeof configSchema>;

/** A configuration problem; message holds one Chinese line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/**
 * Reads `.env` (when present) under the process environment and validates it.
 * Throws ConfigError with one Chinese line per invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile: string | null = ".env"): Config {
  const fileVars = envFile && fs.existsSync(envFile) ? parseDotenv(fs.readFileSync(envFile)) : {};
  const merged: Record<string, string | undefined> = { ...fileVars, ...env };
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const v = merged[key];
    if (v !== undefined && v !== "") input[key] = v;
  }
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      const got = input[key] !== undefined ? `（当前为 "${input[key]}"）` : "";
      return `配置错误：${key} ${issue.message}${got}`;
    });
    throw new ConfigError(problems);
  }
  const config = result.data;
  if (config.OPENAI_MODEL && !config.OPENAI_API_KEY) {
    throw new ConfigError(["配置错误：设置了 OPENAI_MODEL 但缺少 OPENAI_API_KEY，例如 OPENAI_API_KEY=sk-xxxx（本地模型可填任意值）"]);
  }
  if (config.WECOM_BOT_ID && !config.WECOM_BOT_SECRET) {
    throw new ConfigError(["配置错误：设置了 WECOM_BOT_ID 但缺少 WECOM_BOT_SECRET（企业微信管理后台「智能机器人」详情页中的 Secret）"]);
  }
  return config;
}
