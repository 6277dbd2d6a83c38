import { systemClock, type Clock } from "./clock.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openDb, type Db } from "./db/client.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createServices } from "./services.ts";
import type { Services } from "./chat/types.ts";

/** Loads the configuration or exits with one Chinese line per problem (exit code 2). */
export function configOrExit(overrides: Partial<Record<string, string>> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.problems) process.stderr.write(`${line}\n`);
      process.stderr.write("请修改 .env 或环境变量后重试（参见 .env.example）。\n");
      process.exit(2);
    }
    throw err;
  }
}

/** Services for a CLI command: configuration, the database (`--db` wins over DB_FILE), a logger on stderr. */
export async function cliServices(dbFile?: string): Promise<{ services: Services; config: Config; db: Db; log: Logger; clock: Clock; close(): Promise<void> }> {
  const config = configOrExit(dbFile ? { DB_FILE: dbFile } : {});
  const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = await openDb(config.DB_FILE);
  const services = createServices({ config, db, clock: systemClock, log });
  return { services, config, db, log, clock: systemClock, close: () => db.$disconnect() };
}
