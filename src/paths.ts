import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | null = null;

/**
 * The repository root (the folder holding package.json), found from this module's location,
 * so data files resolve the same from src/ (tsx, tests) and from the dist/bundle/ build.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  root = dir;
  return root;
}

/** A path inside the repository: projectPath("prompts", "answer.md"). */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
