import fs from "node:fs";
import path from "node:path";

/**
 * `npm run bench`: runs every bench/*.ts module except this one (each exports `run()`)
 * and prints its figures. `npm run bench -- knowledge` runs the named ones only.
 */
const dir = import.meta.dirname;
const only = process.argv.slice(2);
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((n) => !only.length || only.includes(n))
  .sort();
const report: Record<string, Record<string, string | number>> = {};
for (const name of names) {
  const mod = (await import(path.join(dir, `${name}.ts`))) as { run: () => Promise<Record<string, string | number>> };
  process.stderr.write(`running ${name}…\n`);
  const figures = await mod.run();
  report[name] = figures;
  process.stdout.write(`\n## ${name}\n`);
  for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k}: ${v}\n`);
}
fs.mkdirSync("bench/results", { recursive: true });
fs.writeFileSync("bench/results/latest.json", JSON.stringify({ at: new Date().toISOString(), report }, null, 2));
