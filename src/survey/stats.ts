/**
 * Survey progress per township: reported, targets left (≥ 25 without a union), focus left
 * (≥ 100 without a union), unions established, reported this week. Imported by the
 * reminders/digest feature: keep the name and shape of ledgerStats and TownshipStats.
 */
import { formatShanghai, shanghaiDate, shanghaiParts } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { sqlDate } from "../db/sql.ts";
import { FOCUS_MIN, TARGET_MIN } from "./classify.ts";

/** Progress of one township. */
export type TownshipStats = {
  township: string;
  reported: number;
  /** ≥ 25 employees without a union. */
  targetsLeft: number;
  /** ≥ 100 employees without a union. */
  focusLeft: number;
  /** Unions established. */
  established: number;
  /** Reported (or re-reported) since Monday 00:00 Asia/Shanghai. */
  reportedThisWeek: number;
};

/** Monday 00:00 Asia/Shanghai of the week containing `now`. */
export function weekStart(now: Date): Date {
  const p = shanghaiParts(now);
  const sinceMonday = (p.weekday + 6) % 7;
  return shanghaiDate(p.year, p.month, p.day - sinceMonday);
}

/** The counts of one township (with the established unions among organisations of 25 or more). */
type Counts = Omit<TownshipStats, "township"> & { established25: number };

/** Per-township counts, as one aggregate query (a few milliseconds for thousands of organisations). */
async function countByTownship(db: Db, since: Date, only?: string[]): Promise<Map<string, Counts>> {
  const rows = await db.$queryRawUnsafe<Array<Record<keyof Counts | "township", number | bigint | string>>>(
    `SELECT "township",
       COUNT(*) AS "reported",
       SUM(CASE WHEN "hasUnion" THEN 1 ELSE 0 END) AS "established",
       SUM(CASE WHEN NOT "hasUnion" AND "headcount" >= ? THEN 1 ELSE 0 END) AS "targetsLeft",
       SUM(CASE WHEN NOT "hasUnion" AND "headcount" >= ? THEN 1 ELSE 0 END) AS "focusLeft",
       SUM(CASE WHEN "hasUnion" AND "headcount" >= ? THEN 1 ELSE 0 END) AS "established25",
       SUM(CASE WHEN "reportedAt" >= ? THEN 1 ELSE 0 END) AS "reportedThisWeek"
     FROM "Organisation"
     ${only ? `WHERE "township" IN (SELECT value FROM json_each(?))` : ""}
     GROUP BY "township"`,
    TARGET_MIN,
    FOCUS_MIN,
    TARGET_MIN,
    sqlDate(since),
    ...(only ? [JSON.stringify(only)] : []),
  );
  const n = (v: number | bigint | string) => Number(v ?? 0);
  return new Map(
    rows.map((r) => [
      String(r.township),
      { reported: n(r.reported), established: n(r.established), targetsLeft: n(r.targetsLeft), focusLeft: n(r.focusLeft), established25: n(r.established25), reportedThisWeek: n(r.reportedThisWeek) },
    ]),
  );
}

/** The townships of `names` in order, then any other township that has counts (nothing is hidden). */
function inOrder(counts: Map<string, Counts>, names: string[]): Array<Counts & { township: string }> {
  const order = [...names, ...[...counts.keys()].filter((t) => !names.includes(t))];
  const zero: Counts = { reported: 0, targetsLeft: 0, focusLeft: 0, established: 0, reportedThisWeek: 0, established25: 0 };
  return order.map((township) => ({ township, ...(counts.get(township) ?? zero) }));
}

/**
 * Progress by township, in the order of `townships` (townships found in the ledger but
 * not in the list follow, so nothing is hidden). With `township`, only that one.
 */
export async function ledgerStats(db: Db, opts: { townships: string[]; now: Date; township?: string }): Promise<TownshipStats[]> {
  const only = opts.township ? [opts.township] : undefined;
  const counts = await countByTownship(db, weekStart(opts.now), only);
  return inOrder(counts, only ?? opts.townships).map(({ established25: _, ...s }) => s);
}

/** A ledger row as far as progress is concerned. */
export interface StatsRow {
  township: string;
  headcount: number;
  hasUnion: boolean;
  reportedAt: Date;
}

/**
 * Pure tally of rows into per-township progress, in the order of `names`; townships of
 * rows missing from `names` are appended.
 */
export function tallyStats(rows: StatsRow[], names: string[], now: Date): TownshipStats[] {
  const since = weekStart(now).getTime();
  const order = [...names];
  for (const r of rows) if (!order.includes(r.township)) order.push(r.township);
  const by = new Map<string, TownshipStats>(order.map((t) => [t, { township: t, reported: 0, targetsLeft: 0, focusLeft: 0, established: 0, reportedThisWeek: 0 }]));
  for (const r of rows) {
    const s = by.get(r.township) as TownshipStats;
    s.reported++;
    if (r.hasUnion) s.established++;
    else if (r.headcount >= TARGET_MIN) {
      s.targetsLeft++;
      if (r.headcount >= FOCUS_MIN) s.focusLeft++;
    }
    if (r.reportedAt.getTime() >= since) s.reportedThisWeek++;
  }
  return order.map((t) => by.get(t) as TownshipStats);
}

/** Totals over several townships. */
export function totalStats(list: TownshipStats[]): TownshipStats {
  const t: TownshipStats = { township: "合计", reported: 0, targetsLeft: 0, focusLeft: 0, established: 0, reportedThisWeek: 0 };
  for (const s of list) {
    t.reported += s.reported;
    t.targetsLeft += s.targetsLeft;
    t.focusLeft += s.focusLeft;
    t.established += s.established;
    t.reportedThisWeek += s.reportedThisWeek;
  }
  return t;
}

/** One township's line: “太平镇：已填报 12 家（本周 3 家），已建工会 5 家；25人以上未建工会 4 家（其中100人以上 1 家）”. */
export function statsLine(s: TownshipStats): string {
  return `${s.township}：已填报 ${s.reported} 家（本周 ${s.reportedThisWeek} 家），已建工会 ${s.established} 家；25人以上未建工会 ${s.targetsLeft} 家（其中100人以上 ${s.focusLeft} 家）`;
}

/** The chat answer to 进度. */
export function progressText(list: TownshipStats[], now: Date): string {
  const lines = [`摸底排查进度（截至 ${formatShanghai(now)}）：`, ...list.map(statsLine)];
  if (list.length > 1) lines.push(statsLine(totalStats(list)));
  return lines.join("\n");
}

/** A township's figures on the web console's 总览. */
export type TownshipOverview = TownshipStats & {
  /** 25–99 employees without a union (年底前应建尽建). */
  targetOnly: number;
  /** Established unions among organisations of 25 or more employees. */
  established25: number;
  /** Share (0–1) of organisations of 25 or more employees that have a union; null when none reported. */
  coverage: number | null;
};

/** 总览 figures per township (and 合计 when several), optionally within some townships only. */
export async function overviewStats(db: Db, opts: { townships: string[]; now: Date; only?: string[] }): Promise<TownshipOverview[]> {
  const counts = await countByTownship(db, weekStart(opts.now), opts.only);
  const list = inOrder(counts, opts.only ?? opts.townships);
  const overview = ({ established25, ...s }: Counts & { township: string }): TownshipOverview => {
    const base = established25 + s.targetsLeft;
    return { ...s, targetOnly: s.targetsLeft - s.focusLeft, established25, coverage: base ? established25 / base : null };
  };
  const out = list.map(overview);
  if (list.length > 1) out.push(overview({ ...totalStats(list), established25: list.reduce((a, s) => a + s.established25, 0) }));
  return out;
}
