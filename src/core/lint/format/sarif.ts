import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DOCS_URL, ruleAnchor } from "../docs.js";
import { RULES } from "../rules/index.js";
import { lineReader } from "./snippet.js";
import type { Finding, LintResult, SuppressedFinding } from "../types.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/**
 * A fingerprint that survives unrelated edits: it hashes the rule, the file, the message with its
 * numbers removed (positions, day counts) and the text of the offending line, plus how many
 * identical findings came before it, but never the line number.
 */
function fingerprint(f: Finding, lineText: string, occurrence: number): string {
  const message = f.message.replace(/\d+/g, "0");
  return createHash("sha256")
    .update([f.rule, f.file, message, lineText.trim(), String(occurrence)].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

function artifactUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "SRCROOT" };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** SARIF 2.1.0 for code scanning (e.g. github/codeql-action/upload-sarif). */
export function formatSarif(result: LintResult, tool: { version: string; cwd: string }): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const lineOf = lineReader(result.sources);
  const toResult = (f: Finding | SuppressedFinding) => {
    const lineText = lineOf(f.file, f.line) ?? "";
    const key = [f.rule, f.file, f.message.replace(/\d+/g, "0"), lineText.trim()].join("\0");
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const region: Record<string, unknown> = { startLine: f.line, startColumn: f.column };
    if (f.endLine !== undefined && f.endColumn !== undefined) {
      region.endLine = f.endLine;
      region.endColumn = f.endColumn;
    }
    if (lineText !== "") region.snippet = { text: lineText };
    const related = (f.related ?? []).map((r, id) => ({
      id,
      physicalLocation: {
        artifactLocation: artifactUri(r.file, tool.cwd),
        region: { startLine: r.line, startColumn: r.column },
      },
      message: { text: r.message },
    }));
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifactUri(f.file, tool.cwd), region } }],
      ...(related.length > 0 ? { relatedLocations: related } : {}),
      partialFingerprints: { "crisisLint/v1": fingerprint(f, lineText, occurrence) },
      ...("justification" in f ? { suppressions: [{ kind: "inSource", justification: f.justification }] } : {}),
    };
  };
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "crisis lint",
            version: tool.version,
            informationUri: DOCS_URL,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} How to fix: ${r.fix}` },
              helpUri: `${DOCS_URL}#${ruleAnchor(r.id)}`,
              help: { text: r.fix, markdown: `${r.fix}\n\nSee [${r.id}](${DOCS_URL}#${ruleAnchor(r.id)}).` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: [r.id.split("/")[0] ?? r.id] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(`${path.resolve(tool.cwd)}${path.sep}`).href } },
        columnKind: "utf16CodeUnits",
        results: [...result.findings, ...result.suppressed].map(toResult),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
