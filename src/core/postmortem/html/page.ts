import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { unescapeHtml } from "./escape.js";
import { POSTMORTEM_CSS } from "./style.js";
import { chartSvg } from "./svg-charts.js";

/**
 * The HTML post-mortem: the markdown post-mortem (the same template, view and renderer, so the two
 * never differ) turned into HTML by micromark with GitHub's extensions, its charts drawn as inline
 * SVG, in one self-contained page: CSS inline, no script, nothing loaded from anywhere (the
 * Content-Security-Policy forbids both), print-friendly for a PDF.
 *
 * Safe by construction: every answer is already escaped for markdown by the view, micromark
 * escapes any HTML in its input (allowDangerousHtml is off) and drops link targets that are not
 * http(s), mailto or relative (allowDangerousProtocol is off), and the charts carry only numbers,
 * times and fixed labels, escaped again as they are drawn.
 */

/** Nothing may run or be fetched: styles inline only, images only as data: URLs. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const MERMAID_BLOCK = /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g;

export function postmortemHtml(markdown: string): string {
  const body = micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }).replace(
    MERMAID_BLOCK,
    (block: string, code: string) => {
      const svg = chartSvg(unescapeHtml(code).trim());
      return svg ? `<figure class="chart">\n${svg}\n</figure>` : block;
    },
  );
  // The document's title is its first heading's text (already escaped by micromark).
  const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(body)?.[1];
  const title = h1 ? h1.replace(/<[^>]*>/g, "").trim() : "Post-mortem";
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="crisis postmortem --format html">',
    `<title>${title}</title>`,
    `<style>\n${POSTMORTEM_CSS}</style>`,
    "</head>",
    "<body>",
    '<main class="postmortem">',
    body.trim(),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
