/** The audit log of the web console: every change, who made it, when, before and after. */
import { isoShanghai } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Viewer } from "./auth.ts";

/** What changed, as the console names it. */
export const AUDIT_ACTIONS = {
  "ledger.edit": "修改台账",
  "ledger.merge": "合并单位",
  "ledger.approve": "通过修改",
  "ledger.reject": "退回修改",
  "reminder.create": "新建提醒",
  "reminder.cancel": "取消提醒",
  "member.role": "设置角色",
  "room.bind": "绑定乡镇",
  "kb.add": "加入文件",
  "kb.remove": "删除文件",
  "kb.reindex": "重新索引",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** One audit entry as the API returns it. */
export interface AuditEntry {
  id: number;
  at: string;
  userId: string;
  userName: string;
  action: AuditAction;
  actionName: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Records a change. `before`/`after` are stored as JSON (null when nothing existed). */
export async function recordAudit(db: Db, who: Viewer, at: Date, action: AuditAction, target: string, before: unknown, after: unknown): Promise<void> {
  await db.auditLog.create({
    data: { at, userId: who.id, userName: who.name, action, target, before: before === undefined ? null : JSON.stringify(before), after: after === undefined ? null : JSON.stringify(after) },
  });
}

/** One page of the audit log, newest first, optionally about one target. */
export async function listAudit(db: Db, opts: { page?: number; pageSize?: number; target?: string }): Promise<{ total: number; items: AuditEntry[] }> {
  const pageSize = opts.pageSize ?? 50;
  const where = opts.target ? { target: opts.target } : {};
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (Math.max(1, opts.page ?? 1) - 1) * pageSize, take: pageSize }),
  ]);
  const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: isoShanghai(r.at),
      userId: r.userId,
      userName: r.userName,
      action: r.action as AuditAction,
      actionName: AUDIT_ACTIONS[r.action as AuditAction] ?? r.action,
      target: r.target,
      before: parse(r.before),
      after: parse(r.after),
    })),
  };
}
