/**
 * Web console access: one-time login links (single use, 10 minutes) exchanged for a
 * session (12 idle hours). Only hashes of tokens are stored, so a copy of the database
 * cannot be used to log in. Who may log in and what they may see is decided here too.
 */
import crypto from "node:crypto";
import type { Db } from "../db/client.ts";
import type { Services, Role } from "../chat/types.ts";
import { ROLE_NAMES } from "../chat/types.ts";
import { isRole } from "../admin/members.ts";

/** A login link is valid this long. */
export const LINK_TTL_MS = 10 * 60_000;
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** A session's last-seen time is written at most this often. */
const TOUCH_MS = 60_000;
/** The id of the local administrator (command line, console chat). */
export const LOCAL_ADMIN_ID = "local-admin";

/** Roles that may open the console. */
export const CONSOLE_ROLES: readonly Role[] = ["admin", "leader", "cadre"];

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const randomToken = () => crypto.randomBytes(32).toString("base64url");

/** Someone looking at the console. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
  roleName: string;
  /** Townships they may see; null means every township. */
  townships: string[] | null;
  /** Admins change things; everyone else reads. */
  canWrite: boolean;
}

/** The viewer for a member id, or null when they may not use the console (a role taken away ends access). */
export async function viewerFor(services: Services, userId: string): Promise<Viewer | null> {
  // Read every time (not the chat's cache): a role changed by another process applies at once.
  const row = await services.db.member.findUnique({ where: { id: userId }, select: { name: true, role: true } });
  const role: Role = services.config.ADMIN_IDS.includes(userId) ? "admin" : row && isRole(row.role) ? row.role : "contact";
  const name = row?.name ?? "";
  if (!CONSOLE_ROLES.includes(role)) return null;
  const townships = role === "cadre" ? await services.rooms.townshipsOf(userId) : null;
  return { id: userId, name: name || userId, role, roleName: ROLE_NAMES[role], townships, canWrite: role === "admin" };
}

/** Issues a one-time login token for a member; returns the token (to put in a link) and its expiry. */
export async function issueLoginToken(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await db.webLoginToken.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.webLoginToken.create({ data: { tokenHash: sha256(token), userId, createdAt: now, expiresAt } });
  return { token, expiresAt };
}

/**
 * Uses a login token (one statement: a second use, even concurrent, finds it used) and
 * opens a session. Null when the token is unknown, used or expired.
 */
export async function redeemLoginToken(db: Db, token: string, now: Date): Promise<{ sessionId: string; userId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const hash = sha256(token);
  const used = await db.webLoginToken.updateMany({ where: { tokenHash: hash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (used.count !== 1) return null;
  const row = await db.webLoginToken.findUniqueOrThrow({ where: { tokenHash: hash } });
  const sessionId = randomToken();
  await db.webSession.create({ data: { idHash: sha256(sessionId), userId: row.userId, csrf: randomToken(), createdAt: now, lastSeenAt: now } });
  return { sessionId, userId: row.userId };
}

/** A live session. */
export interface Session {
  userId: string;
  csrf: string;
  /** True when its idle time was just extended (the cookie should be sent again). */
  touched: boolean;
}

/** The session for a cookie value, extending its idle time; null when unknown or idle too long (then removed). */
export async function findSession(db: Db, sessionId: string, now: Date): Promise<Session | null> {
  const idHash = sha256(sessionId);
  const row = await db.webSession.findUnique({ where: { idHash } });
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await db.webSession.deleteMany({ where: { idHash } });
    return null;
  }
  const touched = now.getTime() - row.lastSeenAt.getTime() > TOUCH_MS;
  if (touched) await db.webSession.update({ where: { idHash }, data: { lastSeenAt: now } });
  return { userId: row.userId, csrf: row.csrf, touched };
}

/** Ends a session (logout) and drops every idle one. */
export async function endSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.webSession.deleteMany({ where: { OR: [{ idHash: sha256(sessionId) }, { lastSeenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } }] } });
}

/** Constant-time comparison of a CSRF token. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
