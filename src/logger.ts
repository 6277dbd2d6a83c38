import pino from "pino";

export type Logger = pino.Logger;

import { maskPhones } from "./privacy.ts";

/**
 * Structured logger on standard error: readable lines in a terminal, JSON otherwise.
 * Secrets are redacted and phone numbers masked.
 */
export function createLogger(level = "info", pretty = process.stderr.isTTY, destination: pino.DestinationStream = pino.destination(2)): Logger {
  const options: pino.LoggerOptions = {
    level,
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
  if (pretty) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } } });
  }
  return pino(options, destination);
}
