/**
 * The document tidied as renderMarkdown did before it streamed (the reference for the streamed
 * Tidy in stream.test.ts and tidy.test.ts; keep it as it was).
 */
export function wholeTidy(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let blank = 0;
  for (const raw of text.split("\n")) {
    const marker = /^(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fence) {
      out.push(raw);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && raw.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) fence = marker;
    let line = raw.replace(/[ \t]+$/, "");
    if (line.startsWith("|")) line = line.replace(/\| {2}(?=\|)/g, "| ");
    blank = line === "" ? blank + 1 : 0;
    if (blank < 2) out.push(line);
  }
  return `${out.join("\n").trim()}\n`;
}
