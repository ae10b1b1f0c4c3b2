/** Text for HTML or SVG, in an element or a quoted attribute: the five characters that could end either, as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The text of an HTML-escaped code block as it was (micromark escapes &, <, > and "). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|quot|amp|#(\d+));/g, (_: string, name: string, code: string | undefined) =>
    code !== undefined
      ? String.fromCharCode(Number(code))
      : (({ lt: "<", gt: ">", quot: '"', amp: "&" } as Record<string, string>)[name] ?? ""),
  );
}
