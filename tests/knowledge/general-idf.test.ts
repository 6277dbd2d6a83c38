import { idf } from "@node-rs/jieba/dict.js";
import { describe, expect, it } from "vitest";
import { GeneralIdfTable, generalIdfOf, isGeneralWord } from "../../src/knowledge/segment.ts";

/** The general-Chinese rarity table is looked up in place; it must agree with jieba's file line by line. */
describe("general word rarity", () => {
  const lines = Buffer.from(idf).toString("utf8").split("\n").filter((l) => l.indexOf(" ") > 0);
  const entries = lines.map((l) => [l.slice(0, l.indexOf(" ")), Number(l.slice(l.indexOf(" ") + 1))] as const);

  it("finds every word of jieba's table with its value", () => {
    const wrong = entries.filter(([w, v]) => generalIdfOf(w) !== v || !isGeneralWord(w));
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(entries.length).toBeGreaterThan(200_000);
  });

  it("answers the same by searching the file (the first words asked) and by hashing it (later)", () => {
    const first = new Map<string, number>();
    for (const [w, v] of entries) if (!first.has(w)) first.set(w, v);
    const asked = [entries[0][0], entries[entries.length - 1][0], ...entries.filter((_, i) => i % 3000 === 1).map(([w]) => w), "劳动防", "zzqx", "工会 主席", "工会\n主席", ""];
    expect(new Set(asked).size).toBeGreaterThan(64);
    const table = new GeneralIdfTable(Buffer.from(idf));
    for (const pass of ["searched", "hashed"]) {
      const wrong = asked.filter((w) => table.get(w) !== first.get(w));
      expect(wrong, pass).toEqual([]);
    }
  });

  it("gives unknown words the median of the first 50,000 words, and bare numbers a low rarity", () => {
    const first = entries.slice(0, 50_000).map(([, v]) => v).sort((a, b) => a - b);
    const median = first[Math.floor(first.length / 2)];
    for (const w of ["工联会主席兼任人选", "zzqx", "劳动防"]) {
      if (entries.some(([e]) => e === w)) continue;
      expect(isGeneralWord(w), w).toBe(false);
      expect(generalIdfOf(w), w).toBe(median);
    }
    // A compound of dictionary words is as rare as its rarest part.
    const idf = (w: string) => entries.find(([e]) => e === w)![1];
    expect(isGeneralWord("成立工会")).toBe(false);
    expect(generalIdfOf("成立工会")).toBe(Math.max(idf("成立"), idf("工会")));
    expect(generalIdfOf("2026")).toBe(4);
  });
});
