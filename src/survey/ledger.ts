/**
 * The ledger (台账): one current Organisation per normalised name, every version kept
 * in OrganisationReport. Queries stay here so another database can follow.
 */
import { isoShanghai } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { classify, type GuidanceCode, type Priority } from "./classify.ts";
import { CORE_KEYS, type Answers } from "./definition.ts";

/** Company-form suffixes that name the same company: 有限公司, 有限责任公司, 股份有限公司, 公司. */
const COMPANY_FORM = /(?:股份)?(?:有限)?(?:责任)?公司/g;

/**
 * The identity of an organisation name: full-width → half-width (NFKC); invisible and
 * control characters, whitespace and punctuation (brackets, ·, dashes) removed; Latin
 * letters lower-cased; company-form variants (有限公司 / 有限责任公司 / 公司) alike.
 * “始兴县某某（韶关）有限公司 ”, “始兴县某某(韶关)有限责任公司” and “始兴县某\u200d某(韶关)公司”
 * are the same organisation.
 */
export function normName(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}\p{Z}\s\p{P}]+/gu, "")
    .replace(COMPANY_FORM, "公司")
    .toLowerCase();
}

/**
 * Brings stored name keys up to the current `normName` rule (after an upgrade changed it).
 * Two records that the rule now calls one organisation are both kept and logged for an
 * admin to merge by hand. Returns how many keys changed.
 */
export async function renormaliseNames(db: Db, log: { warn(obj: object, msg: string): void }): Promise<number> {
  const rows = await db.organisation.findMany({ select: { id: true, orgName: true, normName: true } });
  const taken = new Set(rows.map((r) => r.normName));
  let changed = 0;
  for (const r of rows) {
    const key = normName(r.orgName);
    if (key === r.normName) continue;
    if (taken.has(key)) {
      log.warn({ id: r.id, orgName: r.orgName }, "台账中有两条记录现在指向同一单位，留待管理员合并");
      continue;
    }
    await db.organisation.update({ where: { id: r.id }, data: { normName: key } });
    taken.delete(r.normName);
    taken.add(key);
    changed++;
  }
  return changed;
}

/** One organisation in the ledger JSON (DESIGN.md §4), in that key order; extra survey fields follow. */
export interface LedgerEntry {
  orgName: string;
  township: string;
  orgType: string;
  headcount: number;
  hasUnion: boolean;
  unionMembers: number | null;
  hasPartyOrg: boolean;
  partyMembers: number | null;
  contactName: string;
  contactPhone: string;
  priority: Priority;
  guidance: GuidanceCode[];
  version: number;
  reportedAt: string;
  reportedBy: string;
  [extra: string]: unknown;
}

/** What a confirmed report wrote. */
export interface SaveResult {
  entry: LedgerEntry;
  /** True when the organisation was new to the ledger. */
  created: boolean;
}

type OrgRow = Awaited<ReturnType<Db["organisation"]["findFirstOrThrow"]>>;

/** A stored row as a ledger entry. */
export function toEntry(row: OrgRow): LedgerEntry {
  const entry: LedgerEntry = {
    orgName: row.orgName,
    township: row.township,
    orgType: row.orgType,
    headcount: row.headcount,
    hasUnion: row.hasUnion,
    unionMembers: row.hasUnion ? row.unionMembers : null,
    hasPartyOrg: row.hasPartyOrg,
    partyMembers: row.partyMembers,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    priority: row.priority as Priority,
    guidance: JSON.parse(row.guidance) as GuidanceCode[],
    version: row.version,
    reportedAt: isoShanghai(row.reportedAt),
    reportedBy: row.reportedBy,
  };
  const extra = JSON.parse(row.extra || "{}") as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (!(k in entry)) entry[k] = v;
  return entry;
}

/** The Organisation columns of a set of answers. */
export function columns(a: Answers) {
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const hasUnion = a.hasUnion === true;
  const headcount = num(a.headcount) ?? 0;
  const hasPartyOrg = a.hasPartyOrg === true;
  const { priority, guidance } = classify({ headcount, hasUnion, hasPartyOrg });
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (!(CORE_KEYS as readonly string[]).includes(k)) extra[k] = v;
  return {
    orgName: String(a.orgName ?? "").trim(),
    township: String(a.township ?? ""),
    orgType: String(a.orgType ?? "其他"),
    headcount,
    hasUnion,
    unionMembers: hasUnion ? num(a.unionMembers) : null,
    hasPartyOrg,
    partyMembers: num(a.partyMembers),
    contactName: String(a.contactName ?? ""),
    contactPhone: String(a.contactPhone ?? ""),
    priority,
    guidance: JSON.stringify(guidance),
    extra: JSON.stringify(extra),
  };
}

/** Who made a report, and when. */
export interface Reporter {
  id: string;
  name: string;
  at: Date;
}

/** A transaction client. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Writes the answers as the organisation's next version (version 1 when `existing` is null)
 * and keeps the version in OrganisationReport; the reporter becomes the record's owner.
 * `extra` is stored with the version's data (e.g. who approved it).
 */
export async function writeVersion(tx: Tx, existing: { id: number; version: number } | null, answers: Answers, by: Reporter, extra: Record<string, unknown> = {}): Promise<OrgRow> {
  const cols = columns(answers);
  const version = (existing?.version ?? 0) + 1;
  const data = { ...cols, version, reportedAt: by.at, reportedBy: by.name, reporterId: by.id };
  const row = existing
    ? await tx.organisation.update({ where: { id: existing.id }, data })
    : await tx.organisation.create({ data: { ...data, normName: normName(cols.orgName) } });
  await tx.organisationReport.create({
    data: { organisationId: row.id, version, data: JSON.stringify({ ...answers, reporterId: by.id, ...extra }), reportedAt: by.at, reportedBy: by.name },
  });
  return row;
}

/** Runs a write transaction, retrying when a concurrent first report of the same name won the race. */
export async function retryingTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(fn);
    } catch (err) {
      if ((err as { code?: string }).code === "P2002" && attempt < 3) continue;
      throw err;
    }
  }
}

/**
 * Saves a report unconditionally: creates the organisation (version 1) or updates it
 * (version + 1). Ownership is checked by `submitReport` (review.ts), which chat uses.
 */
export async function saveReport(db: Db, answers: Answers, by: Reporter): Promise<SaveResult> {
  return retryingTransaction(db, async (tx) => {
    const existing = await tx.organisation.findUnique({ where: { normName: normName(columns(answers).orgName) }, select: { id: true, version: true } });
    const row = await writeVersion(tx, existing, answers, by);
    return { entry: toEntry(row), created: !existing };
  });
}

/** Every current record, optionally of one township, ordered by township then name. */
export async function listLedger(db: Db, opts: { township?: string } = {}): Promise<LedgerEntry[]> {
  const rows = await db.organisation.findMany({
    where: opts.township ? { township: opts.township } : undefined,
    orderBy: [{ township: "asc" }, { orgName: "asc" }],
  });
  return rows.map(toEntry);
}

/** The current record for a name (normalised), or null. */
export async function findOrganisation(db: Db, name: string): Promise<LedgerEntry | null> {
  const row = await db.organisation.findUnique({ where: { normName: normName(name) } });
  return row ? toEntry(row) : null;
}

/** Every stored version of an organisation, oldest first. */
export async function organisationHistory(db: Db, name: string): Promise<{ version: number; reportedAt: Date; reportedBy: string; data: Answers }[]> {
  const org = await db.organisation.findUnique({ where: { normName: normName(name) }, include: { reports: { orderBy: { version: "asc" } } } });
  return (org?.reports ?? []).map((r) => ({ version: r.version, reportedAt: r.reportedAt, reportedBy: r.reportedBy, data: JSON.parse(r.data) as Answers }));
}

/** Filters of a ledger query (the web console's 台账). */
export interface LedgerQuery {
  /** Words found in the organisation or contact name. */
  q?: string;
  /** Only these townships (a cadre's scope); an empty list matches nothing. */
  townships?: string[];
  township?: string;
  orgType?: string;
  priority?: Priority;
  hasUnion?: boolean;
  hasPartyOrg?: boolean;
  /** Newest reports first (default) or by name. */
  sort?: "recent" | "name";
  /** 1-based page; with `pageSize`. */
  page?: number;
  pageSize?: number;
}

function ledgerWhere(q: LedgerQuery) {
  const and: object[] = [];
  if (q.townships) and.push({ township: { in: q.townships } });
  if (q.township) and.push({ township: q.township });
  if (q.orgType) and.push({ orgType: q.orgType });
  if (q.priority) and.push({ priority: q.priority });
  if (q.hasUnion !== undefined) and.push({ hasUnion: q.hasUnion });
  if (q.hasPartyOrg !== undefined) and.push({ hasPartyOrg: q.hasPartyOrg });
  for (const word of (q.q ?? "").split(/\s+/).filter(Boolean)) {
    and.push({ OR: [{ normName: { contains: normName(word) } }, { contactName: { contains: word } }] });
  }
  return and.length ? { AND: and } : {};
}

/**
 * One page of the ledger matching the filters, and how many match in all. The page's ids
 * are sorted first (a narrow sort), then only its rows are read.
 */
export async function queryLedger(db: Db, q: LedgerQuery): Promise<{ total: number; items: LedgerEntry[] }> {
  const where = ledgerWhere(q);
  const pageSize = q.pageSize ?? 50;
  const page = Math.max(1, q.page ?? 1);
  const orderBy = q.sort === "name" ? [{ township: "asc" as const }, { orgName: "asc" as const }] : [{ reportedAt: "desc" as const }, { id: "desc" as const }];
  const [total, ids] = await Promise.all([db.organisation.count({ where }), db.organisation.findMany({ where, orderBy, skip: (page - 1) * pageSize, take: pageSize, select: { id: true } })]);
  const rows = await db.organisation.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total, items: ids.flatMap((r) => (byId.has(r.id) ? [toEntry(byId.get(r.id)!)] : [])) };
}

/** A ledger change refused: the message is Chinese and says what to do. */
export class LedgerError extends Error {
  constructor(
    message: string,
    readonly code: "not-found" | "name-taken" | "same" | "stale",
  ) {
    super(message);
    this.name = "LedgerError";
  }
}

/**
 * Saves a correction of an existing organisation (already validated answers, all core
 * keys): a new version, history kept. `expectVersion` refuses a change made on a record
 * someone else changed meanwhile. Renaming to another organisation's name is refused
 * (merge them instead).
 */
export async function reviseOrganisation(
  db: Db,
  name: string,
  answers: Answers,
  by: { name: string; id: string; at: Date },
  expectVersion?: number,
): Promise<{ before: LedgerEntry; after: LedgerEntry }> {
  const cols = columns(answers);
  return db.$transaction(async (tx) => {
    const old = await tx.organisation.findUnique({ where: { normName: normName(name) } });
    if (!old) throw new LedgerError(`台账中没有“${name}”`, "not-found");
    if (expectVersion !== undefined && old.version !== expectVersion) throw new LedgerError(`“${old.orgName}”已被他人修改（现为第 ${old.version} 版），请刷新后再改`, "stale");
    const key = normName(cols.orgName);
    if (key !== old.normName && (await tx.organisation.findUnique({ where: { normName: key }, select: { id: true } }))) {
      throw new LedgerError(`台账中已有“${cols.orgName}”，如是同一单位请使用“合并”`, "name-taken");
    }
    const version = old.version + 1;
    const row = await tx.organisation.update({ where: { id: old.id }, data: { ...cols, normName: key, version, reportedAt: by.at, reportedBy: by.name } });
    await tx.organisationReport.create({ data: { organisationId: old.id, version, data: JSON.stringify({ ...answers, reporterId: by.id }), reportedAt: by.at, reportedBy: by.name } });
    return { before: toEntry(old), after: toEntry(row) };
  });
}

/**
 * Merges a duplicate into the record kept: the kept record gets a new version (its own
 * values, blanks filled from the duplicate) whose stored report carries the duplicate's
 * every version, then the duplicate leaves the ledger; changes waiting for review on the
 * duplicate move to the record kept. Nothing reported is lost.
 */
export async function mergeOrganisations(
  db: Db,
  keepName: string,
  dropName: string,
  by: { name: string; id: string; at: Date },
): Promise<{ kept: LedgerEntry; dropped: LedgerEntry; after: LedgerEntry }> {
  return db.$transaction(async (tx) => {
    const keep = await tx.organisation.findUnique({ where: { normName: normName(keepName) } });
    const drop = await tx.organisation.findUnique({ where: { normName: normName(dropName) }, include: { reports: { orderBy: { version: "asc" } } } });
    if (!keep) throw new LedgerError(`台账中没有“${keepName}”`, "not-found");
    if (!drop) throw new LedgerError(`台账中没有“${dropName}”`, "not-found");
    if (keep.id === drop.id) throw new LedgerError("不能把一个单位和它自己合并", "same");
    const version = keep.version + 1;
    const fill = <T>(a: T, b: T) => (a === null || a === "" ? b : a);
    const data = {
      contactName: fill(keep.contactName, drop.contactName),
      contactPhone: fill(keep.contactPhone, drop.contactPhone),
      unionMembers: keep.hasUnion ? fill(keep.unionMembers, drop.unionMembers) : null,
      partyMembers: fill(keep.partyMembers, drop.partyMembers),
    };
    const row = await tx.organisation.update({ where: { id: keep.id }, data: { ...data, version, reportedAt: by.at, reportedBy: by.name } });
    const mergedFrom = { orgName: drop.orgName, versions: drop.reports.map((r) => ({ version: r.version, reportedAt: isoShanghai(r.reportedAt), reportedBy: r.reportedBy, data: JSON.parse(r.data) as Answers })) };
    const current = toEntry(row);
    const answers: Record<string, unknown> = {};
    for (const k of CORE_KEYS) answers[k] = current[k];
    await tx.organisationReport.create({ data: { organisationId: keep.id, version, data: JSON.stringify({ ...answers, reporterId: by.id, mergedFrom }), reportedAt: by.at, reportedBy: by.name } });
    await tx.ledgerChange.updateMany({ where: { organisationId: drop.id }, data: { organisationId: keep.id } });
    await tx.organisation.delete({ where: { id: drop.id } });
    return { kept: toEntry(keep), dropped: toEntry(drop), after: current };
  });
}

/** A version reported since some instant, newest first (总览's changes of the week). */
export interface RecentReport {
  orgName: string;
  township: string;
  version: number;
  reportedAt: string;
  reportedBy: string;
}

/** Reports (new organisations and new versions) from `since` to `until`, optionally within townships, newest first. */
export async function recentReports(db: Db, opts: { since: Date; until: Date; townships?: string[]; limit?: number }): Promise<RecentReport[]> {
  const rows = await db.organisationReport.findMany({
    where: { reportedAt: { gte: opts.since, lte: opts.until }, ...(opts.townships ? { organisation: { township: { in: opts.townships } } } : {}) },
    orderBy: [{ reportedAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 50,
    select: { version: true, reportedAt: true, reportedBy: true, organisation: { select: { orgName: true, township: true } } },
  });
  return rows.map((r) => ({ orgName: r.organisation.orgName, township: r.organisation.township, version: r.version, reportedAt: isoShanghai(r.reportedAt), reportedBy: r.reportedBy }));
}
