import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeServices, type TestServices } from "../helpers/context.ts";
import { seed } from "./seed.ts";
import { listLedger } from "../../src/survey/ledger.ts";
import { ledgerStats, overviewStats, tallyStats } from "../../src/survey/stats.ts";

let t: TestServices;
beforeEach(async () => {
  t = await makeServices({ start: new Date("2026-11-25T04:00:00Z") });
});
afterEach(async () => t.close());

describe("per-township counts (SQL aggregate)", () => {
  it("agree with the in-memory tally used by the xlsx export, at the 25 and 100 boundaries", async () => {
    const towns = ["太平镇", "顿岗镇", "外县某镇"];
    const heads = [24, 25, 99, 100, 101, 3];
    await seed(
      t.db,
      Array.from({ length: 36 }, (_, i) => ({ orgName: `单位${i}`, township: towns[i % 3], headcount: heads[i % heads.length], hasUnion: i % 4 === 0, unionMembers: i % 4 === 0 ? 1 : null })),
      new Date("2026-11-24T02:00:00Z"),
    );
    await seed(t.db, [{ orgName: "上周的单位", township: "太平镇", headcount: 30 }], new Date("2026-11-20T02:00:00Z"));
    const now = t.clock.now();
    const names = ["太平镇", "马市镇", "顿岗镇"];
    const entries = await listLedger(t.db);
    const memory = tallyStats(entries.map((e) => ({ township: e.township, headcount: e.headcount, hasUnion: e.hasUnion, reportedAt: new Date(e.reportedAt) })), names, now);
    expect(await ledgerStats(t.db, { townships: names, now })).toEqual(memory);
    expect((await ledgerStats(t.db, { townships: names, now, township: "顿岗镇" }))[0]).toEqual(memory.find((s) => s.township === "顿岗镇"));
    expect(memory.map((s) => s.township)).toEqual(["太平镇", "马市镇", "顿岗镇", "外县某镇"]);
    expect(memory[0].reportedThisWeek).toBe(memory[0].reported - 1);

    const overview = await overviewStats(t.db, { townships: names, now });
    const total = overview.at(-1)!;
    expect(total.township).toBe("合计");
    expect(total.reported).toBe(37);
    const with25 = entries.filter((e) => e.headcount >= 25);
    expect(total.established25).toBe(with25.filter((e) => e.hasUnion).length);
    expect(total.coverage).toBeCloseTo(total.established25 / with25.length);
    expect(total.targetOnly).toBe(with25.filter((e) => !e.hasUnion && e.headcount < 100).length);
  });
});
