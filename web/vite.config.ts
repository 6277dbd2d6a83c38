import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The console's pages: built at install time (scripts/build.mjs) into dist/web, served by src/web.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2019",
    chunkSizeWarningLimit: 900,
  },
});
