// Bundles the entry points (our code only; packages stay external) so `npm start` and the
// CLI start in a fraction of a second. Data files are found through src/paths.ts.
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only when a source changed since the last build
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/bundle");
/** Written last by a build: its time is the bundle's time. */
const stamp = path.join(outdir, ".built");
/** What the bundle is made of: the sources and this script (a deleted file changes its folder's time). */
const inputs = [path.join(root, "src"), fileURLToPath(import.meta.url)];

function newestMtime(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** True when there is no complete bundle or a source changed after it was built. */
export function bundleIsStale() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  return built === undefined || inputs.some((p) => newestMtime(p) > built);
}

export async function buildBundle() {
  const { build } = await import("esbuild");
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { main: path.join(root, "src/main.ts"), cli: path.join(root, "src/cli.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    // Modules imported with import() become their own chunks, so a command loads only what it uses.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/**
 * Builds when stale; returns whether it built. Concurrent callers (two CLI calls, parallel
 * test files) wait for one build instead of writing the same folder at once.
 */
export async function ensureBundle() {
  if (!bundleIsStale()) return false;
  const lock = path.join(root, "dist/.build-lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // A lock older than a minute was left by a build that was killed.
      const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    if (!bundleIsStale()) return false;
    await buildBundle();
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes("--if-stale")) await ensureBundle();
  else await buildBundle();
}
