/**
 * Ownership and review of ledger records. A record belongs to the reporter of its current
 * version and to its township: a report on it from anyone else (another contact, or the
 * same person placing it in another township) does not touch the record but becomes a
 * change waiting for review. Admins review every change; a township's cadres review
 * changes to their township's records. Approval writes the change as a new version
 * (history kept); rejection leaves the record as it is. The reporter is told either way.
 *
 * Transport-independent: these functions take the database (and `send`, which queues
 * through the outbox) and return data; the chat commands (feature.ts) and the web console
 * both call them.
 */
import type { OutgoingMessage, Role, Services } from "../chat/types.ts";
import { formatShanghai } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DEFAULT_SURVEY, displayValue, type Answers, type SurveyDefinition } from "./definition.ts";
import { columns, normName, retryingTransaction, toEntry, writeVersion, type LedgerEntry, type Reporter } from "./ledger.ts";

/** The state of a change: waiting, decided, or replaced by a later report of the same person. */
export type ChangeStatus = "pending" | "approved" | "rejected" | "superseded";

/** Who decides: the role, and for cadres the township they act for (their room's township). */
export interface Reviewer {
  id: string;
  name: string;
  role: Role;
  /** The township the reviewer acts for; null when unknown (a cadre in private chat). */
  township: string | null;
}

/** One field that a change would alter, as shown to reviewers. */
export interface FieldChange {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** A change waiting for review (or decided), with what it would alter. */
export interface ReviewItem {
  id: number;
  /** The record's current name and township (its township's cadres may review it). */
  orgName: string;
  township: string;
  /** The township the reporter gave. */
  proposedTownship: string;
  currentVersion: number;
  /** The record's version when the report was made. */
  baseVersion: number;
  reporterId: string;
  reporterName: string;
  roomId: string | null;
  createdAt: Date;
  status: ChangeStatus;
  /** The reported answers, in full. */
  proposed: Answers;
  /** The fields that differ from the current record. */
  changes: FieldChange[];
  decidedAt: Date | null;
  decidedById: string | null;
  decidedByName: string | null;
  reason: string | null;
  /** The version approval made. */
  version: number | null;
}

/** The outcome of a confirmed report. */
export type SubmitOutcome =
  | { kind: "saved"; entry: LedgerEntry; created: boolean }
  | { kind: "pending"; item: ReviewItem }
  | { kind: "unchanged"; entry: LedgerEntry };

/** The outcome of a decision; `message` is Chinese, ready to show. */
export type Decision =
  | { ok: true; item: ReviewItem; entry: LedgerEntry }
  | { ok: false; code: "not-found" | "decided" | "forbidden" | "own-change"; message: string };

/** What the review functions need from the services. */
export type ReviewDeps = Pick<Services, "db" | "send" | "members" | "rooms">;

/** A reporter of a survey: who, when, with which role and from which room. */
export interface SurveyReporter extends Reporter {
  role: Role;
  roomId: string | null;
}

/** The owner of a record: the reporter of its current version, and its township. */
export interface RecordOwner {
  orgName: string;
  township: string;
  version: number;
  reporterId: string;
}

/** True when this report may change the record directly: same reporter and township, or an admin. */
export function ownsRecord(owner: Pick<RecordOwner, "reporterId" | "township">, reporter: { id: string; role: Role }, township: string): boolean {
  return reporter.role === "admin" || (owner.reporterId === reporter.id && owner.township === township);
}

/** The owner of the record of a name, or null when the name is new to the ledger. */
export async function recordOwner(db: Db, name: string): Promise<RecordOwner | null> {
  return db.organisation.findUnique({ where: { normName: normName(name) }, select: { orgName: true, township: true, version: true, reporterId: true } });
}

/** True when the reviewer may decide this change: admins always; cadres for their township's records, never their own. */
export function canReview(reviewer: Reviewer, item: Pick<ReviewItem, "township" | "reporterId">): boolean {
  if (reviewer.role === "admin") return true;
  return reviewer.role === "cadre" && reviewer.township !== null && reviewer.township === item.township && reviewer.id !== item.reporterId;
}

function diff(current: LedgerEntry, proposed: Answers, def: SurveyDefinition): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of def.fields) {
    const from = displayValue(f, (current[f.key] ?? null) as Answers[string], false);
    const to = displayValue(f, proposed[f.key] ?? null, false);
    if (from !== to) out.push({ key: f.key, label: f.label, from, to });
  }
  return out;
}

type ChangeRow = Awaited<ReturnType<Db["ledgerChange"]["findFirstOrThrow"]>> & { organisation: Parameters<typeof toEntry>[0] };

function toItem(row: ChangeRow, def: SurveyDefinition): ReviewItem {
  const proposed = JSON.parse(row.data) as Answers;
  return {
    id: row.id,
    orgName: row.organisation.orgName,
    township: row.organisation.township,
    proposedTownship: String(proposed.township ?? ""),
    currentVersion: row.organisation.version,
    baseVersion: row.baseVersion,
    reporterId: row.reporterId,
    reporterName: row.reporterName,
    roomId: row.roomId,
    createdAt: row.createdAt,
    status: row.status as ChangeStatus,
    proposed,
    changes: diff(toEntry(row.organisation), proposed, def),
    decidedAt: row.decidedAt,
    decidedById: row.decidedById,
    decidedByName: row.decidedByName,
    reason: row.reason,
    version: row.version,
  };
}

/**
 * Saves a confirmed report if the reporter owns the record (or it is new); otherwise
 * records it as a change waiting for review, replacing the same reporter's earlier pending
 * change to that record, and tells the reviewers. A report identical to the record is not
 * queued. `alsoDeleteDialog` ends the dialog in the same transaction, so a replayed 确认
 * cannot act twice.
 */
export async function submitReport(deps: ReviewDeps, answers: Answers, by: SurveyReporter, alsoDeleteDialog?: string, def: SurveyDefinition = DEFAULT_SURVEY): Promise<SubmitOutcome> {
  const township = columns(answers).township;
  const outcome = await retryingTransaction(deps.db, async (tx): Promise<SubmitOutcome> => {
    const existing = await tx.organisation.findUnique({ where: { normName: normName(columns(answers).orgName) } });
    if (alsoDeleteDialog) await tx.dialogSession.deleteMany({ where: { key: alsoDeleteDialog } });
    if (!existing || ownsRecord(existing, by, township)) {
      const row = await writeVersion(tx, existing, answers, by);
      return { kind: "saved", entry: toEntry(row), created: !existing };
    }
    if (!diff(toEntry(existing), answers, def).length) return { kind: "unchanged", entry: toEntry(existing) };
    await tx.ledgerChange.updateMany({ where: { organisationId: existing.id, reporterId: by.id, status: "pending" }, data: { status: "superseded", decidedAt: by.at } });
    const row = await tx.ledgerChange.create({
      data: { organisationId: existing.id, baseVersion: existing.version, data: JSON.stringify(answers), reporterId: by.id, reporterName: by.name, roomId: by.roomId, createdAt: by.at },
      include: { organisation: true },
    });
    return { kind: "pending", item: toItem(row, def) };
  });
  if (outcome.kind === "pending") await notifyReviewers(deps, outcome.item);
  return outcome;
}

const changeLine = (c: FieldChange) => `${c.label} ${c.from || "（空）"} → ${c.to || "（空）"}`;

/** Tells the admins (privately, with the changes) and the record's township rooms (briefly) that a change waits for review. */
async function notifyReviewers(deps: ReviewDeps, item: ReviewItem): Promise<void> {
  const admins = (await deps.members.list()).filter((m) => m.role === "admin" && m.id !== item.reporterId);
  const rooms = (await deps.rooms.bound()).filter((r) => r.township === item.township);
  const how = `发送「待审核」查看，「通过 ${item.id}」采纳或「退回 ${item.id} 理由」退回。`;
  const msgs: OutgoingMessage[] = [
    ...admins.map((a) => ({
      roomId: null,
      toId: a.id,
      text: `【待审核】台账「${item.orgName}」（${item.township}）收到${item.reporterName}（${item.proposedTownship}）提交的修改，编号 ${item.id}，审核通过前台账不变。\n改动：${item.changes.map(changeLine).join("；")}\n${how}`,
      dedupeKey: `review-new:${item.id}:${a.id}`,
    })),
    ...rooms.map((r) => ({
      roomId: r.id,
      toId: null,
      text: `【待审核】本乡镇台账「${item.orgName}」收到一份其他人提交的修改（编号 ${item.id}），审核通过前台账不变。乡镇干部请 @我 ${how}`,
      dedupeKey: `review-new:${item.id}:${r.id}`,
    })),
  ];
  await deps.send(msgs);
}

/** Changes waiting for review, oldest first; `township` keeps those of that township's records. */
export async function listPending(db: Db, opts: { township?: string; def?: SurveyDefinition } = {}): Promise<ReviewItem[]> {
  const rows = await db.ledgerChange.findMany({
    where: { status: "pending", ...(opts.township ? { organisation: { township: opts.township } } : {}) },
    include: { organisation: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => toItem(r, opts.def ?? DEFAULT_SURVEY));
}

/** One change by its number, whatever its status, or null. */
export async function getChange(db: Db, id: number, def: SurveyDefinition = DEFAULT_SURVEY): Promise<ReviewItem | null> {
  const row = await db.ledgerChange.findUnique({ where: { id }, include: { organisation: true } });
  return row ? toItem(row, def) : null;
}

const STATUS_TEXT: Record<ChangeStatus, string> = { pending: "待审核", approved: "已通过", rejected: "已退回", superseded: "已被同一提交人的新填报取代" };

async function precheck(db: Db, id: number, reviewer: Reviewer): Promise<Decision | null> {
  const item = await getChange(db, id);
  if (!item) return { ok: false, code: "not-found", message: `没有编号为 ${id} 的台账修改。发送「待审核」查看待审核的修改。` };
  if (item.status !== "pending") return { ok: false, code: "decided", message: `编号 ${id} 的修改${STATUS_TEXT[item.status]}，无需再处理。` };
  if (reviewer.role !== "admin" && reviewer.id === item.reporterId) return { ok: false, code: "own-change", message: "不能审核自己提交的修改，请由县总工会管理员或其他乡镇干部审核。" };
  if (!canReview(reviewer, item)) {
    return { ok: false, code: "forbidden", message: `编号 ${id} 的修改属于${item.township}的台账，只有县总工会管理员或${item.township}的乡镇干部（在本乡镇工作群里）可以审核。` };
  }
  return null;
}

/**
 * Approves a pending change: the record gets a new version with the reported answers
 * (the reporter and the township become its owners; history kept), and the reporter is
 * told privately. A change decided meanwhile (by another reviewer) is not applied twice.
 */
export async function approve(deps: Pick<Services, "db" | "send">, id: number, reviewer: Reviewer, at: Date): Promise<Decision> {
  const refused = await precheck(deps.db, id, reviewer);
  if (refused) return refused;
  const applied = await retryingTransaction(deps.db, async (tx) => {
    const row = await tx.ledgerChange.findUniqueOrThrow({ where: { id }, include: { organisation: true } });
    const claimed = await tx.ledgerChange.updateMany({ where: { id, status: "pending" }, data: { status: "approved", decidedAt: at, decidedById: reviewer.id, decidedByName: reviewer.name } });
    if (claimed.count !== 1) return null;
    const org = await writeVersion(tx, row.organisation, JSON.parse(row.data) as Answers, { id: row.reporterId, name: row.reporterName, at: row.createdAt }, { approvedBy: reviewer.id, approvedByName: reviewer.name, approvedAt: at.toISOString(), changeId: id });
    await tx.ledgerChange.update({ where: { id }, data: { version: org.version } });
    return toEntry(org);
  });
  if (!applied) return { ok: false, code: "decided", message: `编号 ${id} 的修改刚刚已被处理，无需再处理。` };
  const item = (await getChange(deps.db, id))!;
  await deps.send({
    roomId: null,
    toId: item.reporterId,
    text: `您提交的「${item.orgName}」台账修改（编号 ${id}）已通过审核，台账已更新为第 ${applied.version} 版。`,
    dedupeKey: `review-done:${id}`,
  });
  return { ok: true, item, entry: applied };
}

/** Rejects a pending change: the record stays as it is; the reporter is told privately, with the reason if given. */
export async function reject(deps: Pick<Services, "db" | "send">, id: number, reviewer: Reviewer, at: Date, reason?: string): Promise<Decision> {
  const refused = await precheck(deps.db, id, reviewer);
  if (refused) return refused;
  const why = reason?.trim() || null;
  const claimed = await deps.db.ledgerChange.updateMany({ where: { id, status: "pending" }, data: { status: "rejected", decidedAt: at, decidedById: reviewer.id, decidedByName: reviewer.name, reason: why } });
  if (claimed.count !== 1) return { ok: false, code: "decided", message: `编号 ${id} 的修改刚刚已被处理，无需再处理。` };
  const row = await deps.db.ledgerChange.findUniqueOrThrow({ where: { id }, include: { organisation: true } });
  const item = toItem(row, DEFAULT_SURVEY);
  await deps.send({
    roomId: null,
    toId: item.reporterId,
    text: `您提交的「${item.orgName}」台账修改（编号 ${id}）未通过审核${why ? `，理由：${why}` : ""}。台账保持不变；如有疑问，请联系${item.township}乡镇干部或县总工会。`,
    dedupeKey: `review-done:${id}`,
  });
  return { ok: true, item, entry: toEntry(row.organisation) };
}

/** The list of pending changes as a chat message. */
export function pendingText(items: ReviewItem[], max = 10): string {
  if (!items.length) return "目前没有待审核的台账修改。";
  const lines = [`待审核的台账修改（共 ${items.length} 条）：`];
  for (const it of items.slice(0, max)) {
    lines.push(`${it.id}. 「${it.orgName}」（${it.township}，现为第 ${it.currentVersion} 版）← ${it.reporterName}（${it.proposedTownship}），${formatShanghai(it.createdAt)}`);
    lines.push(`   改动：${it.changes.map(changeLine).join("；")}`);
  }
  if (items.length > max) lines.push(`……另有 ${items.length - max} 条，请先处理以上几条。`);
  lines.push("发送「通过 N」采纳（生成新版本，保留历史），「退回 N 理由」退回。");
  return lines.join("\n");
}
