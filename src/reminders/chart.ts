import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { TownshipStats } from "../survey/stats.ts";

type Canvas = typeof import("@napi-rs/canvas");
let canvasModule: Canvas | null = null;
/** @napi-rs/canvas, loaded with the first chart (start-up should not wait for it). */
function canvas(): Canvas {
  canvasModule ??= createRequire(import.meta.url)("@napi-rs/canvas") as Canvas;
  return canvasModule;
}

const FAMILY = "GonghuiSans";
let fontReady: boolean | null = null;

/**
 * Registers Noto Sans SC (simplified-Chinese subset, from @fontsource/noto-sans-sc on
 * the npm registry) with the canvas. Returns false when the font cannot be loaded
 * (the chart is then drawn with the canvas's default font).
 */
export function ensureChineseFont(): boolean {
  if (fontReady !== null) return fontReady;
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2");
    const { GlobalFonts } = canvas();
    GlobalFonts.registerFromPath(file, FAMILY);
    fontReady = GlobalFonts.has(FAMILY);
  } catch {
    fontReady = false;
  }
  return fontReady;
}

const SERIES: Array<{ key: keyof Omit<TownshipStats, "township">; label: string; color: string }> = [
  { key: "reported", label: "已填报", color: "#3b6fb6" },
  { key: "established", label: "已建会", color: "#3a9a5b" },
  { key: "targetsLeft", label: "25人以上未建会", color: "#e0902b" },
  { key: "focusLeft", label: "其中100人以上", color: "#c8413b" },
];

/**
 * Draws a horizontal grouped bar chart of progress by township (Chinese labels) and
 * writes it as PNG to `file`. Returns the file path.
 */
export async function renderProgressChart(stats: TownshipStats[], title: string, file: string): Promise<string> {
  const font = ensureChineseFont() ? FAMILY : "sans-serif";
  const barH = 12;
  const rowH = SERIES.length * barH + 14;
  const left = 150;
  const top = 90;
  const width = 960;
  const height = top + Math.max(1, stats.length) * rowH + 40;
  const surface = canvas().createCanvas(width, height);
  const ctx = surface.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#222222";
  ctx.font = `bold 24px ${font}`;
  ctx.fillText(title, 20, 36);
  ctx.font = `15px ${font}`;
  let lx = 20;
  for (const s of SERIES) {
    ctx.fillStyle = s.color;
    ctx.fillRect(lx, 54, 14, 14);
    ctx.fillStyle = "#333333";
    ctx.fillText(s.label, lx + 20, 67);
    lx += 40 + ctx.measureText(s.label).width;
  }
  const max = Math.max(1, ...stats.flatMap((s) => SERIES.map((k) => s[k.key])));
  const plotW = width - left - 70;
  ctx.strokeStyle = "#dddddd";
  ctx.beginPath();
  ctx.moveTo(left, top - 6);
  ctx.lineTo(left, height - 30);
  ctx.stroke();
  stats.forEach((s, i) => {
    const y = top + i * rowH;
    ctx.fillStyle = "#222222";
    ctx.font = `16px ${font}`;
    ctx.textAlign = "right";
    ctx.fillText(s.township, left - 10, y + (SERIES.length * barH) / 2 + 6);
    ctx.textAlign = "left";
    ctx.font = `11px ${font}`;
    SERIES.forEach((k, j) => {
      const v = s[k.key];
      const w = Math.round((v / max) * plotW);
      ctx.fillStyle = k.color;
      ctx.fillRect(left + 1, y + j * barH, Math.max(w, v ? 2 : 0), barH - 2);
      ctx.fillStyle = "#333333";
      ctx.fillText(String(v), left + 6 + w, y + j * barH + barH - 3);
    });
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await surface.encode("png"));
  return file;
}
