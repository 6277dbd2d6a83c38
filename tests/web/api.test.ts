import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { org, seed } from "../survey/seed.ts";
import { submitReport } from "../../src/survey/review.ts";
import { loginLink } from "../../src/web/links.ts";
import { Client, loggedIn, startConsole } from "./helpers.ts";
import { useBundle } from "../helpers/bundle.ts";

/** Runs the built program or serves the built pages (dist/web). */
useBundle();

type Console = Awaited<ReturnType<typeof startConsole>>;
let t: Console;

beforeEach(async () => {
  t = await startConsole();
  await seed(t.db, [
    { orgName: "始兴县甲食品有限公司", township: "太平镇", headcount: 120, hasUnion: false },
    { orgName: "始兴县乙电子有限公司", township: "太平镇", headcount: 60, hasUnion: true, unionMembers: 40, hasPartyOrg: true, partyMembers: 3 },
    { orgName: "顿岗镇丙农业合作社", township: "顿岗镇", orgType: "其他", headcount: 30, hasUnion: false, contactPhone: "13900001111" },
    { orgName: "马市镇丁协会", township: "马市镇", orgType: "社会组织", headcount: 10, hasUnion: false },
  ]);
});
afterEach(async () => t.stop());

describe("web console access", () => {
  it("refuses every /api route without a session (401), but serves the page shell", async () => {
    const anon = new Client(t.web.local);
    for (const path of ["/api/ledger", "/api/stats", "/api/reminders", "/api/documents", "/api/audit", "/api/me", "/api/members"]) {
      const r = await anon.json<{ error: string }>(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error).toContain("后台");
    }
    expect((await anon.request("/api/ledger", { method: "PUT", body: {} })).status).toBe(401);
    const page = await anon.request("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("台账");
  });

  it("a login link works once, sets an HttpOnly SameSite=Strict cookie and expires after 10 minutes", async () => {
    await t.services.members.setRole("lead1", "leader", "test", "王领导");
    const { url, expiresAt } = await loginLink(t.services, "lead1");
    expect(expiresAt.getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
    const a = new Client(t.web.local);
    expect(await a.login(url)).toBe(200);
    expect(a.lastSetCookie).toMatch(/HttpOnly/);
    expect(a.lastSetCookie).toMatch(/SameSite=Strict/);
    expect(a.lastSetCookie).not.toMatch(/Secure/);
    const me = await a.json<{ name: string; role: string; canWrite: boolean }>("/api/me");
    expect(me.body).toMatchObject({ name: "王领导", role: "leader", canWrite: false });

    const b = new Client(t.web.local);
    expect(await b.login(url)).toBe(401);
    expect(b.cookie).toBe("");

    const late = await loginLink(t.services, "lead1");
    t.clock.set(new Date(t.clock.now().getTime() + 10 * 60_000 + 1000));
    expect(await new Client(t.web.local).login(late.url)).toBe(401);
  });

  it("logging out ends the session", async () => {
    const c = await loggedIn(t, "adm", "admin");
    expect((await c.json("/api/logout", { method: "POST", body: {} })).status).toBe(200);
    expect((await c.request("/api/me")).status).toBe(401);
  });

  it("a session ends after 12 idle hours, not while in use", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const step = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));
    for (let i = 0; i < 3; i++) {
      step(11 * 3600_000);
      expect((await c.request("/api/me")).status).toBe(200);
    }
    step(12 * 3600_000 + 60_000);
    expect((await c.request("/api/me")).status).toBe(401);
  });

  it("taking the role away ends console access at the next request", async () => {
    const c = await loggedIn(t, "lead2", "leader");
    expect((await c.request("/api/stats")).status).toBe(200);
    await t.db.member.update({ where: { id: "lead2" }, data: { role: "contact" } });
    expect((await c.request("/api/stats")).status).toBe(401);
  });

  it("contacts cannot log in, even with a link", async () => {
    const { url } = await loginLink(t.services, "someone");
    expect(await new Client(t.web.local).login(url)).toBe(401);
  });

  it("writes need the CSRF token", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const r = await c.json<{ error: string }>("/api/reminders", { method: "POST", body: { text: "明天下午3点 开会", roomId: null }, csrf: false });
    expect(r.status).toBe(403);
    expect(r.body.error).toContain("CSRF");
    expect(await t.db.reminder.count({ where: { origin: "user" } })).toBe(0);
    expect((await c.json("/api/reminders", { method: "POST", body: { text: "明天下午3点 开会", roomId: null }, headers: { "x-csrf-token": "wrong" }, csrf: false })).status).toBe(403);
    expect((await c.json("/api/reminders", { method: "POST", body: { text: "明天下午3点 开会", roomId: null } })).status).toBe(200);
  });

  it("Secure cookie behind https (X-Forwarded-Proto honoured only when WEB_BASE_URL is https)", async () => {
    await t.stop();
    t = await startConsole({ env: { WEB_BASE_URL: "https://gonghui.example.cn/" } });
    await t.services.members.setRole("adm", "admin", "test");
    const { url } = await loginLink(t.services, "adm");
    expect(url.startsWith("https://gonghui.example.cn/login?token=")).toBe(true);
    const path = url.replace("https://gonghui.example.cn", "");
    const direct = new Client(t.web.local);
    const redirect = await direct.request(path);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(url);
    const proxied = new Client(t.web.local);
    expect((await proxied.request(path, { headers: { "x-forwarded-proto": "https" } })).status).toBe(200);
    expect(proxied.lastSetCookie).toMatch(/; Secure/);

    await t.stop();
    t = await startConsole();
    await t.services.members.setRole("adm", "admin", "test");
    const plain = new Client(t.web.local);
    const link = await loginLink(t.services, "adm");
    expect((await plain.request(new URL(link.url).pathname + new URL(link.url).search, { headers: { "x-forwarded-proto": "https" } })).status).toBe(200);
    expect(plain.lastSetCookie).not.toMatch(/Secure/);
  });
});

describe("ledger API", () => {
  it("lists the ledger as the export does, pages with X-Total-Count, filters", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const all = await c.json<{ orgName: string; contactPhone: string }[]>("/api/ledger");
    expect(all.body.map((e) => e.orgName)).toEqual(["始兴县甲食品有限公司", "始兴县乙电子有限公司", "马市镇丁协会", "顿岗镇丙农业合作社"]);
    expect(all.body[3].contactPhone).toBe("13900001111");
    const page = await c.json<unknown[]>("/api/ledger?page=2&pageSize=3");
    expect(page.res.headers.get("x-total-count")).toBe("4");
    expect(page.body).toHaveLength(1);
    const names = async (q: string) => (await c.json<{ orgName: string }[]>(`/api/ledger?page=1&${q}`)).body.map((e) => e.orgName).sort();
    expect(await names("township=顿岗")).toEqual(["顿岗镇丙农业合作社"]);
    expect(await names("hasUnion=false&priority=focus")).toEqual(["始兴县甲食品有限公司"]);
    expect(await names("orgType=社会组织")).toEqual(["马市镇丁协会"]);
    expect(await names("hasPartyOrg=true")).toEqual(["始兴县乙电子有限公司"]);
    expect(await names("q=电子")).toEqual(["始兴县乙电子有限公司"]);
    expect(await names("q=李明&township=太平镇")).toEqual(["始兴县甲食品有限公司", "始兴县乙电子有限公司"].sort());
    expect((await c.json("/api/ledger?township=火星镇")).status).toBe(400);
  });

  it("an edit is validated like the dialog, saved as a new version and audited", async () => {
    const c = await loggedIn(t, "adm", "admin", "赵管理");
    const detail = await c.json<{ entry: Record<string, unknown> }>(`/api/ledger/detail?name=${encodeURIComponent("始兴县甲食品有限公司")}`);
    const record = { ...detail.body.entry, hasUnion: "是", unionMembers: "200" };
    const bad = await c.json<{ error: string; details: { key: string; error: string }[] }>("/api/ledger", { method: "PUT", body: { name: "始兴县甲食品有限公司", version: 1, record } });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([{ key: "unionMembers", label: "工会会员人数", error: "不能超过职工人数（120），请核对后重新填写" }]);
    const vague = await c.json<{ details: { key: string; error: string }[] }>("/api/ledger", { method: "PUT", body: { name: "始兴县甲食品有限公司", record: { ...record, headcount: "100多", unionMembers: "80" } } });
    expect(vague.body.details[0].key).toBe("headcount");
    expect(vague.body.details[0].error).toContain("准确");

    const ok = await c.json<{ entry: { version: number; priority: string; unionMembers: number; headcount: number } }>("/api/ledger", {
      method: "PUT",
      body: { name: "始兴县甲食品有限公司", version: 1, record: { ...record, headcount: "一百二十五", unionMembers: "80" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.entry).toMatchObject({ version: 2, priority: "established", unionMembers: 80, headcount: 125 });
    const stale = await c.json("/api/ledger", { method: "PUT", body: { name: "始兴县甲食品有限公司", version: 1, record: { ...record, unionMembers: "70" } } });
    expect(stale.status).toBe(409);

    const after = await c.json<{ history: { version: number }[]; audit: { action: string }[] }>(`/api/ledger/detail?name=${encodeURIComponent("始兴县甲食品有限公司")}`);
    expect(after.body.history.map((h) => h.version)).toEqual([1, 2]);
    const audit = await c.json<{ items: { action: string; userName: string; target: string; before: { hasUnion: boolean; version: number }; after: { hasUnion: boolean; version: number } }[] }>("/api/audit");
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: "ledger.edit", userName: "赵管理", target: "台账:始兴县甲食品有限公司", before: { hasUnion: false, version: 1 }, after: { hasUnion: true, version: 2 } });
  });

  it("renaming onto another organisation is refused; merge keeps the duplicate's history", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const detail = await c.json<{ entry: Record<string, unknown> }>(`/api/ledger/detail?name=${encodeURIComponent("马市镇丁协会")}`);
    const clash = await c.json<{ error: string }>("/api/ledger", { method: "PUT", body: { name: "马市镇丁协会", record: { ...detail.body.entry, orgName: "始兴县乙电子有限公司" } } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toContain("合并");
    const merged = await c.json<{ entry: { orgName: string; version: number } }>("/api/ledger/merge", { method: "POST", body: { keep: "始兴县乙电子有限公司", drop: "马市镇丁协会" } });
    expect(merged.body.entry).toMatchObject({ orgName: "始兴县乙电子有限公司", version: 2 });
    const list = await c.json<{ orgName: string }[]>("/api/ledger");
    expect(list.body.map((e) => e.orgName)).not.toContain("马市镇丁协会");
    const hist = await c.json<{ history: { data: { mergedFrom?: { orgName: string; versions: unknown[] } } }[] }>(`/api/ledger/detail?name=${encodeURIComponent("始兴县乙电子有限公司")}`);
    expect(hist.body.history[1].data.mergedFrom).toMatchObject({ orgName: "马市镇丁协会", versions: [expect.objectContaining({ version: 1 })] });
    const audit = await c.json<{ items: { action: string }[] }>("/api/audit");
    expect(audit.body.items.map((a) => a.action)).toEqual(["ledger.merge"]);
  });

  it("exports xlsx and csv for admins only", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const csv = await c.request("/api/ledger/export?format=csv&township=顿岗");
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const text = await csv.text();
    expect(text).toContain("顿岗镇丙农业合作社");
    expect(text).not.toContain("始兴县甲食品有限公司");
    const xlsx = await c.request("/api/ledger/export?format=xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].name).toBe("汇总");
    const leader = await loggedIn(t, "lead", "leader");
    expect((await leader.request("/api/ledger/export?format=csv")).status).toBe(403);
  });
});

describe("roles", () => {
  it("leaders read everything but change nothing, with phone numbers masked", async () => {
    const c = await loggedIn(t, "lead", "leader");
    const list = await c.json<{ orgName: string; contactPhone: string }[]>("/api/ledger");
    expect(list.body).toHaveLength(4);
    expect(list.body.find((e) => e.orgName === "顿岗镇丙农业合作社")?.contactPhone).toBe("139****1111");
    const put = await c.json<{ error: string }>("/api/ledger", { method: "PUT", body: { name: "马市镇丁协会", record: {} } });
    expect(put.status).toBe(403);
    expect(put.body.error).toContain("只有管理员");
    expect((await c.json("/api/reminders", { method: "POST", body: { text: "明天 开会", roomId: null } })).status).toBe(403);
    expect((await c.json("/api/audit")).status).toBe(200);
  });

  it("a cadre sees only the townships of the bound rooms they are in", async () => {
    await t.services.rooms.bind("room-dg", "顿岗镇", "adm");
    await t.services.rooms.bind("room-ms", "马市镇", "adm");
    await t.services.rooms.seen("room-dg", "顿岗镇工作群", "cad");
    const c = await loggedIn(t, "cad", "cadre", "陈干部");
    const me = await c.json<{ townships: string[]; allTownships: string[] }>("/api/me");
    expect(me.body.townships).toEqual(["顿岗镇"]);
    expect((await c.json<{ orgName: string }[]>("/api/ledger")).body.map((e) => e.orgName)).toEqual(["顿岗镇丙农业合作社"]);
    expect((await c.json<{ orgName: string }[]>("/api/ledger?page=1")).body.map((e) => e.orgName)).toEqual(["顿岗镇丙农业合作社"]);
    expect((await c.json("/api/ledger?township=太平镇")).status).toBe(403);
    expect((await c.json(`/api/ledger/detail?name=${encodeURIComponent("始兴县甲食品有限公司")}`)).status).toBe(404);
    const stats = await c.json<{ townships: { township: string; reported: number }[] }>("/api/stats");
    expect(stats.body.townships).toEqual([expect.objectContaining({ township: "顿岗镇", reported: 1 })]);
    expect((await c.json("/api/audit")).status).toBe(403);
  });
});

describe("stats, reminders, members", () => {
  it("/api/stats gives township figures, coverage, deadlines and the week's changes", async () => {
    const c = await loggedIn(t, "adm", "admin");
    const s = await c.json<{ townships: { township: string; reported: number; targetOnly: number; focusLeft: number; established: number; coverage: number | null }[]; deadlines: { survey: { date: string; daysLeft: number } }; recent: unknown[] }>("/api/stats");
    const taiping = s.body.townships.find((r) => r.township === "太平镇");
    expect(taiping).toMatchObject({ reported: 2, targetOnly: 0, focusLeft: 1, established: 1, coverage: 0.5 });
    expect(s.body.townships.at(-1)).toMatchObject({ township: "合计", reported: 4 });
    expect(s.body.deadlines.survey).toEqual({ date: "2026-09-30", daysLeft: 29 });
    expect((s.body.deadlines as Record<string, unknown>).yearEnd).toEqual({ date: "2026-12-31", daysLeft: 121 });
    expect(s.body.recent).toHaveLength(0);
    t.clock.set(new Date("2026-11-25T02:00:00Z"));
    const later = await loggedIn(t, "adm", "admin");
    const recent = (await later.json<{ recent: { orgName: string; version: number }[] }>("/api/stats")).body.recent;
    expect(recent).toHaveLength(4);
    expect(recent[0]).toMatchObject({ version: 1 });
  });

  it("reminders: create with the chat's wording, list, cancel, all audited", async () => {
    await t.services.rooms.bind("room-dg", "顿岗镇", "adm");
    const c = await loggedIn(t, "adm", "admin");
    const bad = await c.json<{ error: string }>("/api/reminders", { method: "POST", body: { text: "火星时间 开会", roomId: "room-dg" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain("可以这样写");
    const made = await c.json<{ id: number; next: string }>("/api/reminders", { method: "POST", body: { text: "9月3日下午3点 乡镇工会工作会 提前1小时", roomId: "room-dg" } });
    expect(made.status).toBe(200);
    expect(made.body.next).toBe("2026-09-03T14:00:00+08:00");
    const list = await c.json<{ reminders: { id: number; content: string; roomTopic: string }[] }>("/api/reminders");
    expect(list.body.reminders.find((r) => r.id === made.body.id)).toMatchObject({ content: "乡镇工会工作会" });
    expect((await c.json(`/api/reminders/${made.body.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await c.json(`/api/reminders/${made.body.id}`, { method: "DELETE" })).status).toBe(404);
    const audit = await c.json<{ items: { action: string }[] }>("/api/audit");
    expect(audit.body.items.map((a) => a.action)).toEqual(["reminder.cancel", "reminder.create"]);
  });

  it("members and rooms: roles and bindings changed by admins, audited", async () => {
    await t.services.rooms.seen("room-x", "罗坝镇工作群");
    await t.services.members.seen("u9", "刘会计");
    const c = await loggedIn(t, "adm", "admin");
    expect((await c.json("/api/members/u9", { method: "PUT", body: { role: "cadre" } })).status).toBe(200);
    expect((await c.json("/api/rooms/room-x", { method: "PUT", body: { township: "罗坝" } })).status).toBe(200);
    expect((await c.json("/api/members/adm", { method: "PUT", body: { role: "leader" } })).status).toBe(409);
    const m = await c.json<{ members: { id: string; role: string }[]; rooms: { id: string; township: string | null }[] }>("/api/members");
    expect(m.body.members.find((x) => x.id === "u9")?.role).toBe("cadre");
    expect(m.body.rooms.find((r) => r.id === "room-x")?.township).toBe("罗坝镇");
    const audit = await c.json<{ items: { action: string; before: { township: string | null }; after: { township: string | null } }[] }>("/api/audit");
    expect(audit.body.items.map((a) => a.action)).toEqual(["room.bind", "member.role"]);
    expect(audit.body.items[0]).toMatchObject({ before: { township: null }, after: { township: "罗坝镇" } });
  });
});

describe("review of changes waiting for approval", () => {
  it("lists pending changes; admins approve or reject them, audited; leaders only look", async () => {
    const other = { id: "stranger", name: "外来联系人", role: "contact" as const, roomId: null, at: t.clock.now() };
    const a = await submitReport(t.services, org({ orgName: "始兴县甲食品有限公司", township: "太平镇", headcount: 130, hasUnion: false }), other);
    const b = await submitReport(t.services, org({ orgName: "马市镇丁协会", township: "马市镇", orgType: "社会组织", headcount: 11, contactPhone: "13511112222" }), other);
    expect(a.kind).toBe("pending");
    expect(b.kind).toBe("pending");

    const leader = await loggedIn(t, "lead", "leader");
    const seen = await leader.json<{ id: number; orgName: string; changes: { key: string; to: string }[] }[]>("/api/review");
    expect(seen.body.map((x) => x.orgName)).toEqual(["始兴县甲食品有限公司", "马市镇丁协会"]);
    expect(seen.body[1].changes.find((c) => c.key === "contactPhone")?.to).toBe("135****2222");
    expect((await leader.json(`/api/review/${seen.body[0].id}/approve`, { method: "POST", body: {} })).status).toBe(403);

    const c = await loggedIn(t, "adm", "admin", "赵管理");
    const ok = await c.json<{ entry: { headcount: number; version: number } }>(`/api/review/${seen.body[0].id}/approve`, { method: "POST", body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body.entry).toMatchObject({ headcount: 130, version: 2 });
    expect((await c.json(`/api/review/${seen.body[0].id}/approve`, { method: "POST", body: {} })).status).toBe(409);
    const no = await c.json(`/api/review/${seen.body[1].id}/reject`, { method: "POST", body: { reason: "人数不对" } });
    expect(no.status).toBe(200);
    expect((await c.json<unknown[]>("/api/review")).body).toEqual([]);
    const list = await c.json<{ headcount: number; orgName: string }[]>("/api/ledger");
    expect(list.body.find((e) => e.orgName === "马市镇丁协会")?.headcount).toBe(10);
    const audit = await c.json<{ items: { action: string; userName: string; before: { headcount: number } }[] }>("/api/audit");
    expect(audit.body.items.map((x) => x.action)).toEqual(["ledger.reject", "ledger.approve"]);
    expect(audit.body.items[1]).toMatchObject({ userName: "赵管理", before: { headcount: 120 } });
    const told = (await t.sent()).filter((m) => m.toId === "stranger").map((m) => m.text);
    expect(told.some((x) => x.includes("已通过审核"))).toBe(true);
    expect(told.some((x) => x.includes("人数不对"))).toBe(true);
  });
});
