/**
 * The JSON API the console's pages use. Every handler goes through the features' public
 * functions (survey ledger and stats, reminders, admin members and rooms, knowledge), as
 * the chat does. Reads are scoped to the viewer's townships; writes are admins' and audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { matchTownship } from "../admin/townships.ts";
import { isRole } from "../admin/members.ts";
import { ROLE_NAMES, type Services } from "../chat/types.ts";
import { isoShanghai } from "../clock.ts";
import type { KnowledgeBase } from "../knowledge/kb.ts";
import { roomPostings } from "../reminders/acks.ts";
import { loadCalendarFile, type CalendarEntry } from "../reminders/calendar.ts";
import { daysBetween, deadlineOnOrAfter } from "../reminders/messages.ts";
import { listReminders } from "../reminders/cli.ts";
import { cancelReminder, storeReminder } from "../reminders/manage.ts";
import { parseReminder } from "../reminders/parse-time.ts";
import { GUIDANCE_INFO, PRIORITIES, PRIORITY_INFO, type Priority } from "../survey/classify.ts";
import { exportLedger, ledgerInExportOrder } from "../survey/export.ts";
import { LedgerError, mergeOrganisations, organisationHistory, queryLedger, recentReports, reviseOrganisation, findOrganisation, type LedgerEntry } from "../survey/ledger.ts";
import { overviewStats } from "../survey/stats.ts";
import { validateRecord } from "../survey/validate.ts";
import { approve, getChange, listPending, reject, type Decision, type ReviewItem } from "../survey/review.ts";
import { DEFAULT_SURVEY } from "../survey/definition.ts";
import { maskPhones } from "../privacy.ts";
import type { Viewer } from "./auth.ts";
import { HttpError, parseBody, requireWrite, scopeOf, viewerOf } from "./http.ts";
import { registerDocumentRoutes } from "./documents.ts";
import { listAudit, recordAudit } from "./audit.ts";

/** What the API needs besides the shared services. */
export interface ApiDeps {
  services: Services;
  /** The knowledge base (the one shared by everything using this database and folder). */
  knowledge: () => KnowledgeBase;
  /** The chat channels this process runs (transport names), for 成员与群. */
  channels: () => { name: string; canReceive: boolean; canSendFiles: boolean }[];
}

const DAY_MS = 86_400_000;
const MAX_PAGE_SIZE = 200;

/** Phone numbers are for admins (as the xlsx export is); others see them masked. */
function forViewer(v: Viewer, e: LedgerEntry): LedgerEntry {
  return v.canWrite ? e : { ...e, contactPhone: maskPhones(e.contactPhone) };
}

/** Any JSON value with every phone in it masked, unless the viewer is an admin. */
function maskedFor<T>(v: Viewer, x: T): T {
  return v.canWrite ? x : (JSON.parse(maskPhones(JSON.stringify(x))) as T);
}


const boolQuery = z.enum(["true", "false"]).transform((s) => s === "true").optional();
const ledgerQuery = z.object({
  q: z.string().max(60).optional(),
  township: z.string().max(30).optional(),
  orgType: z.string().max(10).optional(),
  priority: z.enum(PRIORITIES).optional(),
  hasUnion: boolQuery,
  hasPartyOrg: boolQuery,
  sort: z.enum(["recent", "name"]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

/**
 * The policy calendar's next deadline of a kind (survey: 摸底排查; targets: 应建尽建) on or after
 * now, with whole days left — the same dates the deadline posts and the digest use.
 */
function nextDeadline(entries: CalendarEntry[], progress: "survey" | "targets", now: Date): { date: string; daysLeft: number } | null {
  const mmdd = entries.find((e) => e.kind === "deadline" && e.progress === progress && e.deadline)?.deadline;
  if (!mmdd) return null;
  const at = deadlineOnOrAfter(mmdd, now);
  return { date: isoShanghai(at).slice(0, 10), daysLeft: daysBetween(now, at) };
}

/** Registers every /api route. */
export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { services } = deps;
  const { db, clock, config } = services;
  const townships = () => config.TOWNSHIPS;
  // The deadlines the county set (policy calendar; admins edit it and restart).
  const calendar = loadCalendarFile();
  const by = (v: Viewer) => ({ id: v.id, name: `${v.name}（网页）`, at: clock.now() });

  app.setErrorHandler(async (err, req, reply: FastifyReply) => {
    if (err instanceof HttpError) return reply.code(err.status).send({ error: err.message, details: err.details });
    if (err instanceof LedgerError) return reply.code(err.code === "not-found" ? 404 : 409).send({ error: err.message });
    services.log.error({ err, url: req.url }, "网页控制台请求出错");
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ error: status >= 500 ? "服务器出错了，请稍后重试" : "请求格式不正确" });
  });

  /** The known rooms as the console shows them (a push robot's address is a secret: left out). */
  const listRooms = async () => (await services.rooms.list()).map((r) => ({ id: r.id, topic: r.topic, township: r.township, channel: r.channel }));

  /** A township the viewer may see, from what was typed; 403/400 otherwise. */
  const township = (v: Viewer, input: string | undefined): string | undefined => {
    if (!input) return undefined;
    const t = matchTownship(input, townships());
    if (!t) throw new HttpError(400, `未知的乡镇“${input}”`);
    if (!scopeOf(v, townships()).includes(t)) throw new HttpError(403, `您只能查看${scopeOf(v, townships()).join("、") || "所绑定乡镇"}的数据`);
    return t;
  };

  /** The organisation the viewer may see, or 404. */
  const organisation = async (v: Viewer, name: string): Promise<LedgerEntry> => {
    const e = await findOrganisation(db, name);
    if (!e || (v.townships && !v.townships.includes(e.township))) throw new HttpError(404, `台账中没有“${name}”`);
    return e;
  };

  app.get("/api/me", async (req) => {
    const v = viewerOf(req);
    return {
      ...v,
      csrf: req.csrf,
      allTownships: scopeOf(v, townships()),
      priorities: PRIORITIES.map((p) => ({ code: p, label: PRIORITY_INFO[p].label })),
      guidance: Object.entries(GUIDANCE_INFO).map(([code, g]) => ({ code, label: g.label })),
      fields: DEFAULT_SURVEY.fields.map((f, i) => ({ no: i + 1, key: f.key, label: f.label })),
    };
  });

  app.get("/api/stats", async (req) => {
    const v = viewerOf(req);
    const now = clock.now();
    const only = v.townships ?? undefined;
    const [rows, recent] = await Promise.all([
      overviewStats(db, { townships: townships(), now, only }),
      recentReports(db, { since: new Date(now.getTime() - 7 * DAY_MS), until: now, townships: only, limit: 30 }),
    ]);
    return { now: isoShanghai(now), townships: rows, deadlines: { survey: nextDeadline(calendar, "survey", now), yearEnd: nextDeadline(calendar, "targets", now) }, recent };
  });

  app.get("/api/ledger", async (req, reply) => {
    const v = viewerOf(req);
    const q = parseBody(ledgerQuery, req.query);
    const t = township(v, q.township);
    const scope = v.townships ?? undefined;
    if (q.page === undefined && q.pageSize === undefined && !q.q && !t && !q.orgType && !q.priority && q.hasUnion === undefined && q.hasPartyOrg === undefined) {
      // The whole ledger, in the order of `gonghui ledger export --format json`.
      const all = (await ledgerInExportOrder(db, { townships: townships() })).filter((e) => !scope || scope.includes(e.township));
      reply.header("X-Total-Count", String(all.length));
      return all.map((e) => forViewer(v, e));
    }
    const { total, items } = await queryLedger(db, { ...q, township: t, townships: scope, priority: q.priority as Priority | undefined });
    reply.header("X-Total-Count", String(total));
    return items.map((e) => forViewer(v, e));
  });

  app.get("/api/ledger/detail", async (req) => {
    const v = viewerOf(req);
    const name = z.object({ name: z.string().min(1).max(80) }).parse(req.query).name;
    const entry = await organisation(v, name);
    const history = await organisationHistory(db, entry.orgName);
    const audit = v.role === "cadre" ? { items: [] } : await listAudit(db, { target: `台账:${entry.orgName}`, pageSize: 20 });
    const mask = (s: unknown) => (v.canWrite ? s : typeof s === "string" ? maskPhones(s) : s);
    return {
      entry: forViewer(v, entry),
      history: history.map((h) => ({ ...h, reportedAt: isoShanghai(h.reportedAt), data: Object.fromEntries(Object.entries(h.data).map(([k, x]) => [k, k === "contactPhone" ? mask(x) : x])) })),
      audit: maskedFor(v, audit.items),
    };
  });

  app.put("/api/ledger", async (req) => {
    const v = requireWrite(req);
    const body = parseBody(z.object({ name: z.string().min(1).max(80), version: z.number().int().optional(), record: z.record(z.string(), z.unknown()) }), req.body);
    const current = await organisation(v, body.name);
    const checked = validateRecord(body.record, { townships: townships() });
    if (!checked.ok) throw new HttpError(422, "有的内容不符合要求，请按提示修改", checked.errors);
    const { before, after } = await reviseOrganisation(db, current.orgName, checked.answers, by(v), body.version);
    await recordAudit(db, v, clock.now(), "ledger.edit", `台账:${after.orgName}`, before, after);
    return { entry: after };
  });

  app.post("/api/ledger/merge", async (req) => {
    const v = requireWrite(req);
    const body = parseBody(z.object({ keep: z.string().min(1).max(80), drop: z.string().min(1).max(80) }), req.body);
    await organisation(v, body.keep);
    await organisation(v, body.drop);
    const r = await mergeOrganisations(db, body.keep, body.drop, by(v));
    await recordAudit(db, v, clock.now(), "ledger.merge", `台账:${r.after.orgName}`, { kept: r.kept, dropped: r.dropped }, r.after);
    return { entry: r.after };
  });

  app.get("/api/ledger/export", async (req, reply) => {
    const v = requireWrite(req);
    const q = z.object({ format: z.enum(["xlsx", "csv"]), township: z.string().optional() }).parse(req.query);
    const t = township(v, q.township);
    const { data } = await exportLedger(db, { format: q.format, townships: townships(), now: clock.now(), township: t });
    const name = `台账${t ? `-${t}` : ""}-${isoShanghai(clock.now()).slice(0, 10)}.${q.format}`;
    reply.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    reply.type(q.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return reply.send(data);
  });

  /** A change waiting for review as the console shows it (phones masked for non-admins). */
  const reviewView = (v: Viewer, it: ReviewItem) => ({
    id: it.id,
    orgName: it.orgName,
    township: it.township,
    proposedTownship: it.proposedTownship,
    currentVersion: it.currentVersion,
    reporterName: it.reporterName,
    createdAt: isoShanghai(it.createdAt),
    status: it.status,
    changes: it.changes.map((c) => (v.canWrite || c.key !== "contactPhone" ? c : { ...c, from: maskPhones(c.from), to: maskPhones(c.to) })),
  });

  app.get("/api/review", async (req) => {
    const v = viewerOf(req);
    const items = (await listPending(db)).filter((it) => !v.townships || v.townships.includes(it.township));
    return items.map((it) => reviewView(v, it));
  });

  const decide = async (req: FastifyRequest, action: "ledger.approve" | "ledger.reject", run: (id: number, reviewer: Parameters<typeof approve>[2]) => Promise<Decision>) => {
    const v = requireWrite(req);
    const id = z.coerce.number().int().min(1).parse((req.params as { id: string }).id);
    const pending = await getChange(db, id);
    const before = pending && (await findOrganisation(db, pending.orgName));
    const d = await run(id, { id: v.id, name: `${v.name}（网页）`, role: v.role, township: null });
    if (!d.ok) throw new HttpError(d.code === "not-found" ? 404 : d.code === "forbidden" ? 403 : 409, d.message);
    await recordAudit(db, v, clock.now(), action, `台账:${d.entry.orgName}`, before, action === "ledger.approve" ? d.entry : { change: d.item.id, reason: d.item.reason, changes: d.item.changes });
    return { entry: d.entry, item: reviewView(v, d.item) };
  };
  app.post("/api/review/:id/approve", (req) => decide(req, "ledger.approve", (id, r) => approve(services, id, r, clock.now())));
  app.post("/api/review/:id/reject", (req) => {
    const { reason } = parseBody(z.object({ reason: z.string().trim().max(100).optional() }), req.body ?? {});
    return decide(req, "ledger.reject", (id, r) => reject(services, id, r, clock.now(), reason));
  });

  app.get("/api/reminders", async (req) => {
    const v = viewerOf(req);
    const now = clock.now();
    const rooms = await listRooms();
    const roomById = new Map(rooms.map((r) => [r.id, r]));
    const scope = v.townships;
    const visibleRoom = (id: string | null) => id !== null && (scope === null || scope.includes(roomById.get(id)?.township ?? ""));
    const list = (await listReminders(db, now)).filter(
      (r) => r.target.audience.includes("bound-rooms") || r.target.audience.includes("leaders") ? v.role !== "cadre" || r.target.audience.includes("bound-rooms") : r.target.toId === v.id || visibleRoom(r.target.roomId),
    );
    list.sort((a, b) => (a.nextFire ?? a.next ?? "9").localeCompare(b.nextFire ?? b.next ?? "9"));
    const members = new Map((await services.members.list()).map((m) => [m.id, m.name]));
    const postings = (await roomPostings(db, { since: new Date(now.getTime() - 30 * DAY_MS), limit: 200 })).filter((p) => visibleRoom(p.roomId));
    const bound = rooms.filter((r) => r.township && (scope === null || scope.includes(r.township)));
    return {
      reminders: list.map((r) => ({ ...r, roomTopic: r.target.roomId ? (roomById.get(r.target.roomId)?.topic ?? r.target.roomId) : null })),
      postings: postings.map((p) => {
        const room = roomById.get(p.roomId);
        return {
          ...p,
          postedAt: isoShanghai(p.postedAt),
          text: p.text.length > 80 ? `${p.text.slice(0, 80)}…` : p.text,
          roomTopic: room?.topic || p.roomId,
          township: room?.township ?? null,
          acks: p.acks.map((a) => ({ userId: a.userId, name: members.get(a.userId) || a.userId, at: isoShanghai(a.at) })),
        };
      }),
      rooms: bound,
    };
  });

  app.post("/api/reminders", async (req) => {
    const v = requireWrite(req);
    const body = parseBody(z.object({ text: z.string().min(1).max(300), roomId: z.string().max(200).nullable() }), req.body);
    if (body.roomId && !(await listRooms()).some((r) => r.id === body.roomId)) throw new HttpError(400, "没有这个群");
    const now = clock.now();
    const parsed = parseReminder(body.text, now);
    if (!parsed.ok) throw new HttpError(422, parsed.error);
    // The chat asks back when a time is unsure (“是指…吗？”); here the form is simply written again.
    if (parsed.value.confirm) throw new HttpError(422, `${parsed.value.confirm.replace(/回复 是.*$/, "")}请把时间写明确，例如“9月25日下午3点 开会”。`);
    const r = await storeReminder(db, parsed.value, { roomId: body.roomId, toId: body.roomId ? null : v.id, createdBy: v.id }, now);
    if (!r.ok) throw new HttpError(422, r.error);
    const after = { id: r.reminder.id, label: parsed.value.label, content: parsed.value.content, roomId: body.roomId, next: isoShanghai(r.reminder.next?.at ?? r.reminder.due) };
    await recordAudit(db, v, clock.now(), "reminder.create", `提醒:${r.reminder.id}`, null, after);
    return after;
  });

  app.delete("/api/reminders/:id", async (req) => {
    const v = requireWrite(req);
    const id = z.coerce.number().int().min(1).parse((req.params as { id: string }).id);
    const before = (await listReminders(db, clock.now(), { all: true })).find((r) => r.id === id);
    if (!before || !before.active) throw new HttpError(404, `没有编号 ${id} 的有效提醒`);
    if (before.origin === "calendar") throw new HttpError(409, "政策日历的提醒请修改 src/reminders/policy-calendar.json 后重启（联席会议可在群里发送“联席会议 取消”）");
    await cancelReminder(db, id);
    await recordAudit(db, v, clock.now(), "reminder.cancel", `提醒:${id}`, before, { ...before, active: false });
    return { ok: true };
  });

  await registerDocumentRoutes(app, deps);

  app.get("/api/members", async (req) => {
    const v = viewerOf(req);
    const members = (await services.members.list()).map((m) => ({ ...m, roleName: ROLE_NAMES[m.role] }));
    const rooms = (await listRooms()).filter((r) => v.townships === null || (r.township && v.townships.includes(r.township)));
    const withTownships = await Promise.all(members.map(async (m) => ({ ...m, townships: m.role === "cadre" ? await services.rooms.townshipsOf(m.id) : [] })));
    return { members: v.role === "cadre" ? withTownships.filter((m) => m.id === v.id) : withTownships, rooms, channels: deps.channels(), townships: townships() };
  });

  app.put("/api/members/:id", async (req) => {
    const v = requireWrite(req);
    const id = (req.params as { id: string }).id;
    const { role } = parseBody(z.object({ role: z.string().refine(isRole, "未知角色") }), req.body);
    if (id === v.id && role !== "admin") throw new HttpError(409, "不能取消自己的管理员身份（请让另一位管理员操作）");
    if (!isRole(role)) throw new HttpError(400, "未知角色");
    const before = (await services.members.list()).find((m) => m.id === id) ?? { id, role: "contact" };
    await services.members.setRole(id, role, v.id);
    await recordAudit(db, v, clock.now(), "member.role", `成员:${id}`, before, { ...before, role });
    return { ok: true };
  });

  app.put("/api/rooms/:id", async (req) => {
    const v = requireWrite(req);
    const id = (req.params as { id: string }).id;
    const body = parseBody(z.object({ township: z.string().max(30).nullable() }), req.body);
    const before = (await listRooms()).find((r) => r.id === id);
    if (!before) throw new HttpError(404, "没有这个群");
    const t = body.township === null ? null : matchTownship(body.township, townships());
    if (body.township !== null && !t) throw new HttpError(400, `未知的乡镇“${body.township}”`);
    if (t) await services.rooms.bind(id, t, v.id);
    else await services.rooms.unbind(id, v.id);
    await recordAudit(db, v, clock.now(), "room.bind", `群:${before.topic || id}`, before, { ...before, township: t });
    return { ok: true };
  });

  app.get("/api/audit", async (req) => {
    const v = viewerOf(req);
    if (v.role === "cadre") throw new HttpError(403, "修改记录仅限管理员和领导查看");
    const q = z.object({ page: z.coerce.number().int().min(1).optional(), target: z.string().max(100).optional() }).parse(req.query);
    const list = await listAudit(db, { page: q.page, target: q.target });
    return maskedFor(v, list);
  });
}
