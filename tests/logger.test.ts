import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
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
    const log = createLogger("info", false, sink);
    log.info({ config: { apiKey: "sk-secret", OPENAI_API_KEY: "sk-secret2" }, phone: "13912345678" }, "联系人 13912345678 已登记");
    const entry = JSON.parse(lines[0]);
    expect(entry.msg).toBe("联系人 139****5678 已登记");
    expect(entry.phone).toBe("139****5678");
    expect(JSON.stringify(entry)).not.toContain("sk-secret");
  });
});
