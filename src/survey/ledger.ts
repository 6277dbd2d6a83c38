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

/** Every stored version of an organisation, oldest first. */
export async function organisationHistory(db: Db, name: string): Promise<{ version: number; reportedAt: Date; reportedBy: string; data: Answers }[]> {
  const org = await db.organisation.findUnique({ where: { normName: normName(name) }, include: { reports: { orderBy: { version: "asc" } } } });
  return (org?.reports ?? []).map((r) => ({ version: r.version, reportedAt: r.reportedAt, reportedBy: r.reportedBy, data: JSON.parse(r.data) as Answers }));
}
