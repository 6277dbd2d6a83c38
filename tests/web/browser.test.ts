import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext } from "playwright-core";
import { seed } from "../survey/seed.ts";
import { loginLink } from "../../src/web/links.ts";
import { syncCalendar } from "../../src/reminders/calendar.ts";
import { startConsole } from "./helpers.ts";
import { useBundle } from "../helpers/bundle.ts";

/** Runs the built program or serves the built pages (dist/web). */
useBundle();

/** Debian's chromium (`.ci/run` installs it with apt-get when missing). */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const OUT = "out";
/** Waits for a value (the page updates asynchronously; the machine may be busy). */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 860 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

let t: Awaited<ReturnType<typeof startConsole>>;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) return;
  t = await startConsole({ start: new Date("2026-09-10T02:00:00Z") });
  const towns = ["太平镇", "马市镇", "顿岗镇", "城南镇", "县工业园"];
  await seed(
    t.db,
    Array.from({ length: 30 }, (_, i) => ({
      orgName: `始兴县第${i + 1}号测试${i % 3 === 0 ? "食品" : i % 3 === 1 ? "电子" : "农业"}有限公司`,
      township: towns[i % towns.length],
      headcount: [12, 40, 80, 150, 260][i % 5],
      hasUnion: i % 4 === 0,
      unionMembers: i % 4 === 0 ? 10 : null,
      hasPartyOrg: i % 3 === 0,
      partyMembers: i % 3 === 0 ? 3 : 0,
      contactName: `联系人${i + 1}`,
      contactPhone: `1380013${String(1000 + i)}`,
    })),
    new Date("2026-09-08T02:00:00Z"),
  );
  await t.services.members.setRole("admin-1", "admin", "test", "赵管理");
  await syncCalendar(t.services, t.clock.now());
  fs.mkdirSync(OUT, { recursive: true });
}, 60_000);
afterAll(async () => t?.stop());

describe.skipIf(!fs.existsSync(CHROMIUM)).each(VIEWPORTS)("web console in a real browser ($name)", ({ name, viewport, isMobile }) => {
  let context: BrowserContext;
  const shot = (page: string) => path.join(OUT, `web-${name}-${page}.png`);

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport,
      isMobile,
      hasTouch: isMobile,
      deviceScaleFactor: isMobile ? 2 : 1,
      locale: "zh-CN",
    });
  }, 60_000);
  afterAll(async () => context?.close());

  it("logs in by link, shows the chart, filters the ledger, edits a record and finds it in the audit log", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const { url } = await loginLink(t.services, "admin-1");
    await page.goto(url.replace(t.web.url, t.web.local));
    await page.waitForURL(`${t.web.local}/`);
    await page.locator("[data-testid=chart] canvas").first().waitFor({ timeout: 20_000 });
    await poll(() => page.locator(".kpi").first().textContent()).toContain("30");
    await poll(() => page.locator("#who").textContent()).toContain("赵管理");
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: shot("overview"), fullPage: true });

    await page.locator('#tabs a[data-page="ledger"]').click();
    await poll(() => page.getByTestId("ledger-total").textContent()).toContain("共 30 家");
    await page.getByLabel("乡镇").selectOption("顿岗镇");
    await poll(() => page.getByTestId("ledger-total").textContent()).toContain("共 6 家");
    await page.getByLabel("工会").selectOption("false");
    await poll(() => page.getByTestId("ledger-total").textContent()).toContain("共 5 家");
    const towns = await page.locator('[data-testid=ledger-table] td[data-label="乡镇"]').allTextContents();
    expect(towns).toEqual(Array(5).fill("顿岗镇"));
    await page.screenshot({ path: shot("ledger"), fullPage: true });

    const target = (await page.locator("[data-testid=ledger-table] td.name").first().textContent()) as string;
    await page.locator("[data-testid=ledger-table] td.name").first().click();
    await page.locator(".versions li").first().waitFor();
    const versions = await page.locator(".versions li").count();
    await page.getByRole("button", { name: "修改" }).click();
    const newName = `${name === "phone" ? "手机" : "电脑"}改的联系人`;
    await page.locator('input[name="contactName"]').fill(newName);
    await page.locator('input[name="headcount"]').fill("100多");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.locator(".field-error").textContent()).toContain("准确");
    await page.locator('input[name="headcount"]').fill("一百二十");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.locator(".fields").textContent()).toContain(newName);
    await poll(() => page.locator(".versions li").count()).toBe(versions + 1);
    await page.screenshot({ path: shot("detail"), fullPage: false });
    await page.getByRole("button", { name: "关闭" }).click();

    await page.locator('#tabs a[data-page="audit"]').click();
    const entry = page.getByTestId("audit-list").locator("li", { hasText: target }).first();
    await poll(() => entry.textContent()).toContain("修改台账");
    await poll(() => entry.textContent()).toContain(newName);
    await poll(() => entry.textContent()).toContain("赵管理");
    await page.screenshot({ path: shot("audit"), fullPage: true });

    await page.locator('#tabs a[data-page="reminders"]').click();
    await page.getByLabel("时间和内容").fill("9月12日下午3点 乡镇工会工作推进会");
    await page.getByRole("button", { name: "设置" }).click();
    await poll(() => page.locator(".calendar").textContent()).toContain("乡镇工会工作推进会");
    await poll(() => page.locator(".calendar").textContent()).toContain("摸底排查截止提醒（截止前14天）");

    for (const p of ["reminders", "members", "knowledge"]) {
      await page.locator(`#tabs a[data-page="${p}"]`).click();
      await page.locator(".card h2").first().waitFor();
      if (p === "knowledge") await page.locator(".card .list li, .card p.muted").last().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: shot(p), fullPage: true });
    }

    await page.locator("#logout").click();
    await poll(() => page.locator("main").textContent()).toContain("请先登录");
    await page.reload();
    await poll(() => page.locator("main").textContent()).toContain("请先登录");
  }, 180_000);
});
