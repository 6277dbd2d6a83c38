#!/usr/bin/env node
// The `gonghui` command: rebuilds the bundle only when a source file changed since the last
// build (npm install builds it), then runs the command-line program from it.
import process from "node:process";
import { ensureBundle } from "../scripts/build.mjs";

process.setSourceMapsEnabled(true);
if (await ensureBundle()) process.stderr.write("（源代码有改动，已重新构建 dist/bundle）\n");
await import("../dist/bundle/cli.mjs");
