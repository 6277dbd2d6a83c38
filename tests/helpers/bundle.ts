import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * For suites that run the built program (`dist/bundle`) as a user would: builds it first when a
 * source changed since the last build. Other suites run the sources and skip this.
 */
export function useBundle(): void {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, "scripts/build.mjs"), "--if-stale"], { stdio: "inherit" });
  }, 120_000);
}
