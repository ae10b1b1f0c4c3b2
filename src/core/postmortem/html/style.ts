/** The HTML post-mortem's styles: readable on a screen, and on paper (print to PDF from any browser). */
export const POSTMORTEM_CSS = `:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #1d1d1f; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main.postmortem { max-width: 60rem; margin: 0 auto; padding: 2rem 2.5rem 4rem; background: #fff; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 2px solid #e4e4e0; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; }
th, td { border: 1px solid #d8d8d4; padding: 0.35rem 0.55rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td a { word-break: break-all; }
th { background: #f0f0ec; }
tbody tr:nth-child(even) td { background: #fafaf8; }
pre { background: #f4f4f1; border: 1px solid #e0e0dc; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font: 0.9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
a { color: #0b5cad; }
blockquote { margin: 0.8rem 0; padding: 0.2rem 1rem; border-left: 4px solid #d8d8d4; color: #444; }
figure.chart { margin: 1rem 0 1.5rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e0; }
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 10pt; }
  main.postmortem { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure.chart, pre, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  tbody tr:nth-child(even) td, th { background: none; }
}
`;
