import path from "node:path";
import { CrisisError, EXIT, InputError, type Problem } from "../../errors.js";
import { suggest } from "../suggest.js";
import { locate, parseYaml, type ParsedYaml } from "../yaml/parse.js";
import type { Playbook } from "./model.js";
import { mergeSpine, type Located } from "./spine-merge.js";
import { playbookSchema, spineSchema, type PlaybookFile, type SpineFile } from "./schema.js";
import { validate } from "../yaml/validate.js";
import { fileKind, type PlaybookFileKind } from "./file-kind.js";

export interface CheckedFile {
  file: string;
  source: Playbook["source"];
  parsed: ParsedYaml;
  kind: PlaybookFileKind;
  playbook?: Located<PlaybookFile>;
  spine?: Located<SpineFile>;
  problems: Problem[];
}

/** Parses and validates one playbook or spine file (syntax and schema layers). */
export function checkFile(text: string, file: string, source: Playbook["source"]): CheckedFile {
  const parsed = parseYaml(text, file);
  const kind = fileKind(parsed.value);
  const base = { file, source, parsed, kind };
  if (parsed.problems.length > 0) return { ...base, problems: parsed.problems };
  const loc = (p: readonly PropertyKey[], at?: "key" | "value") => locate(parsed, p, at);
  if (kind === "spine") {
    const result = validate(spineSchema, parsed.value, parsed);
    if (!result.ok) return { ...base, problems: result.problems };
    return { ...base, spine: { data: result.data, file, source, locate: loc }, problems: [] };
  }
  const result = validate(playbookSchema, parsed.value ?? {}, parsed);
  if (!result.ok) return { ...base, problems: result.problems };
  return { ...base, playbook: { data: result.data, file, source, locate: loc }, problems: [] };
}

export interface Catalog {
  playbooks: Map<string, Playbook>;
  spines: Map<string, Located<SpineFile>>;
  files: CheckedFile[];
  /** Problems of every file, including ones whose playbook still resolved. */
  problems: Problem[];
}

export function buildCatalog(files: CheckedFile[]): Catalog {
  const spines = new Map<string, Located<SpineFile>>();
  for (const f of files) if (f.spine) spines.set(f.spine.data.spine, f.spine);
  const playbooks = new Map<string, Playbook>();
  const problems = files.flatMap((f) => f.problems);
  for (const f of files) {
    if (!f.playbook) continue;
    const ext = f.playbook.data.extends;
    const { playbook, problems: more } = mergeSpine(f.playbook, ext === undefined ? undefined : spines.get(ext));
    f.problems.push(...more);
    problems.push(...more);
    playbooks.set(playbook.id, playbook);
  }
  return { playbooks, spines, files, problems };
}

/** The playbook with this id, or a usage error that lists the known ones. */
export function getPlaybook(catalog: Catalog, id: string): Playbook {
  const found = catalog.playbooks.get(id);
  if (found) {
    const broken = catalog.files.find((f) => f.file === found.file && f.problems.length > 0);
    if (broken) throw new InputError(`playbook ${id}`, broken.problems, `run crisis lint ${broken.file}`);
    return found;
  }
  const broken = catalog.files.find(
    (f) => f.problems.length > 0 && path.basename(f.file).replace(/\.ya?ml$/, "") === id,
  );
  if (broken) throw new InputError(`playbook ${id}`, broken.problems, `run crisis lint ${broken.file}`);
  const ids = [...catalog.playbooks.keys()];
  const hint = suggest(id, ids);
  throw new CrisisError(
    `unknown playbook "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
    EXIT.usage,
    ids.length > 0
      ? `known playbooks: ${ids.join(", ")} (see crisis playbooks)`
      : "no playbooks found; check playbook_dirs in crisis.config.yaml",
  );
}
