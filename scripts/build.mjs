// Bundles the entry points (our code only; packages stay external) so `npm start` and the
// CLI start in a fraction of a second. Data files are found through src/paths.ts.
import { build } from "esbuild";

await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir: "dist/bundle",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
