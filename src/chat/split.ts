/**
 * Splits a text into parts no longer than `max` characters, preferring line breaks,
 * then sentence ends, so each chat bubble reads on its own.
 */
export function splitText(text: string, max: number): string[] {
  const chars = Array.from(text);
  if (chars.length <= max) return [text];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf("\n");
    if (cut < max / 2) {
      const sentence = Math.max(window.lastIndexOf("。"), window.lastIndexOf("；"), window.lastIndexOf("！"), window.lastIndexOf("？"));
      cut = sentence >= max / 2 ? sentence + 1 : cut >= max / 4 ? cut : max;
    }
    parts.push(rest.slice(0, cut).join("").trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === "\n") rest = rest.slice(1);
  }
  if (rest.length) parts.push(rest.join(""));
  return parts.filter((p) => p.length > 0);
}
