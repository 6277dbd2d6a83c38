/**
 * The web console's entry point: started beside the bot (`npm start`) or alone (`gonghui web`).
 */
import type { FastifyInstance } from "fastify";
import type { Services } from "../chat/types.ts";
import { sharedKnowledgeBase } from "../knowledge/kb.ts";
import type { ApiDeps } from "./api.ts";
import { createWebServer, listenWeb } from "./server.ts";
export { consoleBaseUrl, loginLink } from "./links.ts";

/** A running console. */
export interface WebConsole {
  app: FastifyInstance;
  /** The address links point to (WEB_BASE_URL when set). */
  url: string;
  /** Where it listens, as http://host:port. */
  local: string;
  close(): Promise<void>;
}

/** Starts the console on host:port (port 0: any free port). It shares the bot's knowledge base (one per database and folder). */
export async function startWebConsole(
  services: Services,
  opts: { host: string; port: number; channels?: ApiDeps["channels"] },
): Promise<WebConsole> {
  const knowledge = () => sharedKnowledgeBase({ db: services.db, dir: services.config.KNOWLEDGE_DIR, config: services.config, log: services.log });
  const baseUrl = services.config.WEB_BASE_URL ?? `http://${opts.host}:${opts.port}`;
  const app = await createWebServer({ services, baseUrl, knowledge, channels: opts.channels ?? (() => []) });
  const { url, local } = await listenWeb(app, services, { host: opts.host, port: opts.port, baseUrl: services.config.WEB_BASE_URL?.replace(/\/$/, "") });
  return { app, url, local, close: () => app.close() };
}
