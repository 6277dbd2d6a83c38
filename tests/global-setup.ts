import { execFileSync } from "node:child_process";

/** Builds the CLI bundle once, for tests that run `gonghui` as a user would. */
export default function setup(): void {
  execFileSync("node", ["scripts/build.mjs"], { stdio: "inherit" });
}
