/**
 * How an export is written, read off its first bytes: UTF-16 (some tools export it, with a
 * byte-order mark) or UTF-8, and the delimiter: comma, semicolon (spreadsheets in many European
 * locales) or tab. The delimiter is the one that splits the busiest of the first lines most often,
 * counted outside quotes; a report preamble of one-field lines does not sway it.
 */

export function encodingOf(head: Uint8Array): "utf8" | "utf16le" {
  return head[0] === 0xff && head[1] === 0xfe ? "utf16le" : "utf8";
}

const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export function delimiterOf(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  // The last line of the sample may be cut short: left out unless it is the only one.
  const lines = text.split(/\r?\n/).slice(0, 30);
  if (lines.length > 1) lines.pop();
  for (const line of lines) {
    let quoted = false;
    const here = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && here.has(ch as Delimiter)) here.set(ch as Delimiter, (here.get(ch as Delimiter) ?? 0) + 1);
    }
    for (const d of DELIMITERS) counts.set(d, Math.max(counts.get(d) ?? 0, here.get(d) ?? 0));
  }
  let best: Delimiter = ",";
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}
