import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export interface GeneratedPlaybooks {
  dir: string;
  files: string[];
  bytes: number;
  /** How many files carry a deliberate mistake, by kind. */
  seeded: Record<string, number>;
  /** The files with a duplicate key: generic tools that stop at the first unreadable file skip them. */
  duplicateKeys: Set<string>;
}

/** The bundled playbooks (not the spine), as the bench's raw material. */
export function bundledPlaybooks(root: string): string[] {
  const dir = path.join(root, "playbooks");
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Mistakes a real team makes, each a small text edit of a valid playbook: a misspelt key, a
 * duplicate key, a template that does not exist, a leftover TODO, an out-of-range severity.
 */
const MISTAKES: { kind: string; apply(text: string): string | undefined }[] = [
  { kind: "misspelt key", apply: (t) => replaceOnce(t, /^owner: /m, "ownr: ") },
  { kind: "duplicate key", apply: (t) => replaceOnce(t, /^(title: .*)$/m, "$1\n$1") },
  { kind: "unknown template", apply: (t) => replaceOnce(t, /(\btemplate: )([\w/-]+)/, "$1$2-missing") },
  { kind: "TODO marker", apply: (t) => replaceOnce(t, /^(summary: >-?\n\s+)/m, "$1TODO: confirm with legal. ") },
  { kind: "stale review date", apply: (t) => replaceOnce(t, /^last_reviewed: .*$/m, "last_reviewed: 2019-01-01") },
];

function replaceOnce(text: string, pattern: RegExp, replacement: string): string | undefined {
  return pattern.test(text) ? text.replace(pattern, replacement) : undefined;
}

/**
 * Writes `count` playbooks into `dir`, each a variant of a bundled one: its own id, title and
 * version (ids must stay unique across the set), the same realistic size and structure. Every
 * tenth file also carries one of the mistakes above.
 */
export function generatePlaybooks(root: string, dir: string, count: number): GeneratedPlaybooks {
  const sources = bundledPlaybooks(root).map((file) => ({ file, text: readFileSync(file, "utf8") }));
  if (sources.length === 0) throw new Error("no bundled playbooks in playbooks/ to generate from");
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const seeded: Record<string, number> = {};
  const duplicateKeys = new Set<string>();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    if (!source) continue;
    const n = String(i).padStart(4, "0");
    let text = source.text
      .replace(/^id: ([\w-]+)\s*$/m, (_, id: string) => `id: ${id}-v${n}`)
      .replace(
        /^title: (.*)$/m,
        (_, title: string) => `title: ${JSON.stringify(`${String(parse(title))} (variant ${n})`)}`,
      )
      .replace(/^version: .*$/m, `version: 1.${i % 7}.${i % 13}`)
      // The schema-comment path is relative to the bundled folder; point it at the committed schema.
      .replace(
        /^# yaml-language-server: \$schema=.*$/m,
        `# yaml-language-server: $schema=${path.join(root, "schema", "playbook.schema.json")}`,
      );
    const file = path.join(dir, `${path.basename(source.file, path.extname(source.file))}-v${n}.yaml`);
    if (i % 10 === 9) {
      const mistake = MISTAKES[Math.floor(i / 10) % MISTAKES.length];
      const changed = mistake?.apply(text);
      if (mistake && changed !== undefined) {
        text = changed;
        seeded[mistake.kind] = (seeded[mistake.kind] ?? 0) + 1;
        if (mistake.kind === "duplicate key") duplicateKeys.add(file);
      }
    }
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes, seeded, duplicateKeys };
}
