import { createRequire } from "node:module";
import pino from "pino";
import type PinoPretty from "pino-pretty";

export type Logger = pino.Logger;

import { isoShanghai } from "./clock.ts";
import { maskPhones } from "./privacy.ts";

/** Where the log goes: readable lines to standard error in a terminal, JSON lines otherwise, or readable lines to a file. */
export type LogTarget = { pretty: boolean; destination?: pino.DestinationStream } | { file: string };

/**
 * Structured logger, times in Beijing time. Secrets are redacted and phone numbers masked.
 * By default: standard error, readable in a terminal and JSON otherwise.
 */
export function createLogger(level = "info", target: LogTarget = { pretty: process.stderr.isTTY }): Logger {
  const options: pino.LoggerOptions = {
    level,
    timestamp: () => `,"time":"${isoShanghai(new Date(), true)}"`,
    redact: { paths: ["*.apiKey", "*.token", "*.OPENAI_API_KEY", "*.WECHATY_PUPPET_SERVICE_TOKEN", "*.WECOM_BOT_SECRET", "*.secret", "*.pushSecret", "apiKey", "token"], censor: "***" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === "string" ? maskPhones(a) : a)) as Parameters<typeof method>);
      },
    },
    formatters: {
      log(obj) {
        return JSON.parse(maskPhones(JSON.stringify(obj))) as Record<string, unknown>;
      },
    },
  };
  if ("file" in target) return pino(options, readable({ destination: target.file, mkdir: true, colorize: false }));
  if (target.pretty) return pino(options, readable({ destination: 2, colorize: true }));
  return pino(options, target.destination ?? pino.destination(2));
}

/** pino-pretty in this thread (loaded only when used), showing the Beijing time as written. */
function readable(opts: PinoPretty.PrettyOptions): PinoPretty.PrettyStream {
  const pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
  return pretty({
    ...opts,
    sync: true,
    ignore: "pid,hostname",
    translateTime: false,
    customPrettifiers: { time: (t) => String(t).slice(0, 19).replace("T", " ") },
  });
}
