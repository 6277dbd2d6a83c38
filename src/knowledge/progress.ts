import type { IndexProgress, Progress } from "./store.ts";

/** One frame of a text progress bar: `[██████░░░░░░] 12/20 解析：law-12.pdf`. */
export function progressBar(p: IndexProgress, width = 20): string {
  const share = p.total ? Math.min(1, p.done / p.total) : 1;
  const full = Math.round(share * width);
  return `[${"█".repeat(full)}${"░".repeat(width - full)}] ${p.done}/${p.total} ${p.message}`;
}

/**
 * A progress callback drawing the bar on a stream: redrawn in place on a terminal,
 * otherwise one line per finished step (logs stay readable).
 */
export function streamProgress(stream: NodeJS.WriteStream): Progress {
  return (p) => {
    if (stream.isTTY) stream.write(`\r\x1b[K${progressBar(p)}${p.done >= p.total ? "\n" : ""}`);
    else if (p.done > 0 || p.total === 0) stream.write(`${progressBar(p)}\n`);
  };
}
