import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { isoShanghai } from "../src/clock.ts";
import { createLogger } from "../src/logger.ts";
import { maskPhones } from "../src/privacy.ts";

describe("logging", () => {
  it("masks mobile numbers wherever they appear", () => {
    expect(maskPhones("联系电话 13812345678，座机 0751-1234567")).toBe("联系电话 138****5678，座机 0751-****4567");
    expect(maskPhones("订单号 2013812345678901")).toBe("订单号 2013812345678901");
  });

  it("writes structured lines without secrets or full phone numbers", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const log = createLogger("info", { pretty: false, destination: sink });
    log.info({ config: { apiKey: "sk-secret", OPENAI_API_KEY: "sk-secret2" }, phone: "13912345678" }, "联系人 13912345678 已登记");
    const entry = JSON.parse(lines[0]);
    expect(entry.msg).toBe("联系人 139****5678 已登记");
    expect(entry.phone).toBe("139****5678");
    expect(JSON.stringify(entry)).not.toContain("sk-secret");
  });

  it("stamps each line in Beijing time, whatever the server's time zone", () => {
    expect(isoShanghai(new Date(Date.UTC(2026, 8, 6, 17, 30, 1, 250)), true)).toBe("2026-09-07T01:30:01.250+08:00");
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 14, 5, 0) });
    try {
      createLogger("info", { pretty: false, destination: sink }).info("已登录");
    } finally {
      vi.useRealTimers();
    }
    expect(JSON.parse(lines[0]).time).toBe("2026-12-01T22:05:00.000+08:00");
  });

  it("writes readable lines, without colours, to a file (the console chat's log)", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-log-")), "sub", "console.log");
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 14, 5, 0) });
    try {
      createLogger("info", { file }).warn({ phone: "13912345678" }, "尚无管理员");
    } finally {
      vi.useRealTimers();
    }
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("2026-12-01 22:05:00 WARN: 尚无管理员");
    expect(text).toContain("139****5678");
    expect(text).not.toContain("\u001b[");
  });
});

