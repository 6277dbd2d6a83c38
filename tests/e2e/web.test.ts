import { execFileSync, spawn } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { tempDbFile } from "../helpers/context.ts";
import { useBundle } from "../helpers/bundle.ts";

/** Runs the built program or serves the built pages (dist/web). */
useBundle();

const cli = (args: string[]) => execFileSync("node", ["dist/bundle/cli.mjs", ...args], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn" } });

/** The acceptance, through the built CLI: `gonghui web` on a database filled by survey scripts. */
describe("gonghui web (acceptance)", () => {
  it("refuses anonymous /api, logs in once by link, lists the exported ledger, / shows 台账", async () => {
    const db = tempDbFile();
    for (const script of ["room-dialog", "private-dialog", "interleaved"]) cli(["simulate", `tests/survey/scripts/${script}.json`, "--db", db, "--json"]);
    const exported = JSON.parse(cli(["ledger", "export", "--format", "json", "--db", db])) as { orgName: string }[];
    expect(exported.length).toBeGreaterThan(1);

    const server = spawn("node", ["dist/bundle/cli.mjs", "web", "--db", db, "--port", "0"], { env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let err = "";
      server.stderr.on("data", (d) => (err += d));
      for (let i = 0; i < 300 && !/已启动：(http\S+)/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
      const base = /已启动：(http:\/\/[\d.]+:\d+)/.exec(err)?.[1] as string;
      expect(base).toBeTruthy();

      expect((await fetch(`${base}/api/ledger`)).status).toBe(401);

      const link = JSON.parse(cli(["web", "link", "--db", db, "--json"])) as { url: string; expiresAt: string };
      expect(link.url.startsWith(`${base}/login?token=`)).toBe(true);
      expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);

      const login = await fetch(link.url, { redirect: "manual" });
      expect(login.status).toBe(200);
      const cookie = /gh_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] as string;
      expect(cookie).toBeTruthy();

      const ledger = await fetch(`${base}/api/ledger`, { headers: { cookie } });
      expect(ledger.status).toBe(200);
      expect(await ledger.json()).toEqual(exported);

      const page = await fetch(`${base}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("台账");

      const again = await fetch(link.url, { redirect: "manual" });
      expect(again.status).toBe(401);
      expect(again.headers.get("set-cookie")).toBeNull();
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
  }, 240_000);
});

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe("npm start", () => {
  it("serves the console on 127.0.0.1:WEB_PORT beside the bot", async () => {
    const port = await freePort();
    const child = spawn("node", ["dist/bundle/main.mjs"], { env: { ...process.env, DB_FILE: tempDbFile(), WECHATY_PUPPET: "", WEB_PORT: String(port), LOG_LEVEL: "warn" }, stdio: ["pipe", "pipe", "pipe"] });
    try {
      // The console chat writes its log to a file: wait until the port answers.
      let up = false;
      for (let i = 0; i < 600 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/`).then(
          () => true,
          () => false,
        );
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/api/stats`)).status).toBe(401);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain("台账");
    } finally {
      child.stdin.write(":退出\n");
      await new Promise((r) => child.once("exit", r));
    }
  }, 120_000);
});
