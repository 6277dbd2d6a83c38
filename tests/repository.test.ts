import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const tracked = (...dirs: string[]) =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...dirs], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.(ts|mts|mjs|js|json|jsonl|md)$/.test(f) && fs.existsSync(path.join(root, f)));

describe("the repository stands alone", () => {
  it("names no absolute path outside itself in code, tests, benchmarks or scripts", () => {
    // A string literal starting at a top-level folder of a machine (the home, work or mount folders …).
    const outside = /["'`](?:\/(?:work|home|Users|mnt|srv|opt|root|media|var)\/)/;
    const hits = tracked("src", "tests", "bench", "scripts", "bin", "prompts").flatMap((f) =>
      fs
        .readFileSync(path.join(root, f), "utf8")
        .split("\n")
        .flatMap((line, i) => (outside.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it("commits the inputs the tests read", () => {
    for (const f of ["tests/fixtures/implementation-opinions.raw.txt", "tests/fixtures/qa-dev.jsonl"]) expect(fs.existsSync(path.join(root, f)), f).toBe(true);
  });
});

describe("test set-up", () => {
  it("builds the bundle only in suites that run it", () => {
    expect(fs.readFileSync(path.join(root, "vitest.config.ts"), "utf8")).not.toContain("globalSetup");
    const runsBundle = tracked("tests").filter((f) => f.endsWith(".test.ts") && fs.readFileSync(path.join(root, f), "utf8").match(/dist\/bundle\/(main|cli)\.mjs/));
    expect(runsBundle.length).toBeGreaterThan(0);
    for (const f of runsBundle) expect(fs.readFileSync(path.join(root, f), "utf8"), f).toMatch(/^useBundle\(\);$/m);
  });
});

describe("log messages", () => {
  it("are written in Chinese (the people running the bot read them)", () => {
    const english: string[] = [];
    for (const f of tracked("src").filter((f) => f.endsWith(".ts") && !f.startsWith("src/generated/"))) {
      const text = fs.readFileSync(path.join(root, f), "utf8");
      // The message is every string literal of a one-line log call outside its object argument:
      // log.warn({ … }, "…") and log.warn({ … }, failed ? "…" : "…").
      for (const m of text.matchAll(/\blog\.(?:trace|debug|info|warn|error|fatal)\((.*)$/gm)) {
        let args = m[1];
        while (/\{[^{}]*\}/.test(args)) args = args.replace(/\{[^{}]*\}/g, "");
        for (const lit of args.matchAll(/"([^"]*)"|`([^`]*)`/g)) if (!/\p{Script=Han}/u.test(lit[1] ?? lit[2])) english.push(`${f}: ${lit[1] ?? lit[2]}`);
      }
    }
    expect(english).toEqual([]);
  });
});

describe("tests", () => {
  it("assert behaviour, not elapsed time (speed is measured by npm run bench)", () => {
    const timed = tracked("tests")
      .filter((f) => f.endsWith(".test.ts"))
      .flatMap((f) => (/(?:performance\.now|Date\.now)\(\)\s*-\s*\w+\)\.toBeLessThan/.test(fs.readFileSync(path.join(root, f), "utf8")) ? [f] : []));
    expect(timed).toEqual([]);
  });
});
