// Bundles the entry points (our code only; packages stay external) so `npm start` and the
// CLI start in a fraction of a second. Data files are found through src/paths.ts.
// Also builds the web console's pages with Vite (web/ → dist/web, compressed copies beside them).
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only what a changed source needs
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";

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

const webSources = path.join(root, "web");
const webOut = path.join(root, "dist/web");

/** True when the console's pages were never built or a file under web/ changed since (false without web/). */
export function webIsStale() {
  if (!fs.existsSync(webSources)) return false;
  const built = fs.statSync(path.join(webOut, "index.html"), { throwIfNoEntry: false })?.mtimeMs;
  return built === undefined || newestMtime(webSources) > built;
}

/** Builds the console's pages (Vite) and writes gzip/brotli copies that the server sends as they are. */
export async function buildWeb() {
  const { build } = await import("vite");
  await build({ configFile: path.join(webSources, "vite.config.ts") });
  const assets = fs.readdirSync(path.join(webOut, "assets")).filter((f) => /\.(js|css)$/.test(f)).map((f) => path.join(webOut, "assets", f));
  for (const file of [...assets, path.join(webOut, "index.html")]) {
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(fs.readFileSync(file)));
  }
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
  if (!bundleIsStale() && !webIsStale()) return false;
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
    const bundle = bundleIsStale();
    const web = webIsStale();
    if (bundle) await buildBundle();
    if (web) await buildWeb();
    return bundle || web;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes("--if-stale")) await ensureBundle();
  else {
    await buildBundle();
    await buildWeb();
  }
}
