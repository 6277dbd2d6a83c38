import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Wall time of one command as a user types it, in milliseconds. */
function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(0, 500)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]);
}

/** `npm run -s gonghui -- …` end to end: npm, the staleness check, module loading, the command. */
export async function run(): Promise<Record<string, string | number>> {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gonghui-bench-")), "cli.db");
  const ask = ["run", "-s", "gonghui", "--", "ask", "工联会主席由谁兼任", "--json", "--db", db];
  wall("npm", ask); // builds the bundle if stale and indexes the knowledge folder into the new database
  const runs = 7;
  const times = (args: string[]) => median(Array.from({ length: runs }, () => wall("npm", args)));
  return {
    [`npm run -s gonghui -- ask "…" --json, wall ms (median of ${runs}, target ≤ 1000)`]: times(ask),
    [`npm run -s gonghui -- --help, wall ms (median of ${runs})`]: times(["run", "-s", "gonghui", "--", "--help"]),
    [`node dist/bundle/cli.mjs ask "…" --json, wall ms (median of ${runs}; without npm)`]: median(Array.from({ length: runs }, () => wall(process.execPath, ["dist/bundle/cli.mjs", ...ask.slice(4)]))),
  };
}
