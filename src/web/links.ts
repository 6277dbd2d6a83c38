/** One-time login links to the web console (chat command 后台, `gonghui web link`). */
import type { Services } from "../chat/types.ts";
import { issueLoginToken } from "./auth.ts";

/** Setting key holding the address of the last console started (for links made by another process). */
export const BASE_URL_SETTING = "web.baseUrl";

/** The console's address: WEB_BASE_URL, else the one the running console recorded, else host and port. */
export async function consoleBaseUrl(services: Services): Promise<string> {
  const { config, db } = services;
  if (config.WEB_BASE_URL) return config.WEB_BASE_URL.replace(/\/$/, "");
  const recorded = await db.setting.findUnique({ where: { key: BASE_URL_SETTING } });
  return recorded?.value ?? `http://${config.WEB_HOST}:${config.WEB_PORT}`;
}

/** A one-time login link for a member (single use, 10 minutes). */
export async function loginLink(services: Services, userId: string): Promise<{ url: string; expiresAt: Date }> {
  const { token, expiresAt } = await issueLoginToken(services.db, userId, services.clock.now());
  return { url: `${await consoleBaseUrl(services)}/login?token=${token}`, expiresAt };
}
