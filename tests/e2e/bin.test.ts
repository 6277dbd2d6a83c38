import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** A copy of the sources and the build script, so rebuilding never touches the working tree. */
function copyOfSources(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bin-"));
  fs.cpSync(path.join(root, "src"), path.join(dir, "src"), { recursive: true });
  fs.cpSync(path.join(root, "scripts"), path.join(dir, "scripts"), { recursive: true });
  fs.cpSync(path.join(root, "bin"), path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

describe("the gonghui command (bin/gonghui.js)", () => {
  it("is the file package.json declares, and runs the CLI", () => {
    expect(pkg.bin.gonghui).toBe("./bin/gonghui.js");
    expect(pkg.scripts.gonghui).toBe("node bin/gonghui.js");
    expect(Object.keys(pkg.scripts)).not.toContain("pregonghui");
    const dir = copyOfSources();
    const r = spawnSync(process.execPath, [path.join(dir, pkg.bin.gonghui), "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("用法： gonghui");
    expect(r.stdout).toContain("ask");
  });

  it("builds the bundle only when a source file changed since the last build", () => {
    const dir = copyOfSources();
    const stamp = path.join(dir, "dist/bundle/.built");
    const run = () => spawnSync(process.execPath, [path.join(dir, "bin/gonghui.js"), "--help"], { encoding: "utf8" });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("已重新构建");
    const builtAt = fs.statSync(stamp).mtimeMs;

    const second = run();
    expect(second.stderr).toBe("");
    expect(fs.statSync(stamp).mtimeMs).toBe(builtAt);

    // An edited source (newer than the bundle) is picked up by the next call.
    const later = new Date(builtAt + 5_000);
    fs.utimesSync(path.join(dir, "src/clock.ts"), later, later);
    const third = run();
    expect(third.stderr).toContain("已重新构建");
    expect(fs.statSync(stamp).mtimeMs).toBeGreaterThan(builtAt);

    // So is a deleted one (its folder's time changes).
    fs.rmSync(path.join(dir, "src/reminders/README.md"));
    const even = new Date(fs.statSync(stamp).mtimeMs + 10_000);
    fs.utimesSync(path.join(dir, "src/reminders"), even, even);
    expect(run().stderr).toContain("已重新构建");
  });
});
