/** Parses an ISO 8601 duration (P1W, P2DT3H, PT30M, PT1.5S) to milliseconds, or null when malformed. */
export function parseDuration(s: string): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m || s.trim() === "P" || s.trim().endsWith("T")) return null;
  const [w, d, h, min, sec] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return Math.round((((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + sec * 1000);
}
