import { createHash } from "node:crypto";
import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { readIfRegularFile } from "../../adapters/fs/read.js";
import { planLog, type KeptList, type LogPlan } from "../../core/incident-log/sections.js";
import type { TemplateSpans } from "mustache";
import { VERSION } from "../../version.js";
import { cacheDir } from "../workspace/cache-dir.js";

/**
 * The incident log's plan (core/incident-log/sections.ts, planLog) kept in the user's cache folder:
 * parsing and checking the template is the larger part of opening a session from its checkpoint,
 * and every writing command opens one. Kept as JSON under the sha256 of the template's path and
 * text, crisis's version and this module (in dist/ its file name carries the hash of the code): a
 * changed template is another key. Only a plan the template gave is kept (a template that fails its
 * check is checked, and fails, every time). A kept file that is not what was written (damaged from
 * outside) is ignored and written again; without a cache folder, the template is parsed as before.
 */

/** Bumped when what is kept changes. */
const FORMAT = 1;

/** What is kept: the tokens and each kept list's item tokens; null when the log must be rendered whole. */
type Kept = { tokens: TemplateSpans; items: [KeptList, TemplateSpans][] } | null;

function readKept(file: string, body: string): LogPlan | undefined | false {
  try {
    const text = readIfRegularFile(file);
    if (!text) return false;
    const kept = JSON.parse(text) as Kept;
    if (kept === null) return undefined;
    if (!Array.isArray(kept.tokens) || !Array.isArray(kept.items)) return false;
    return { body, tokens: kept.tokens, items: new Map(kept.items) };
  } catch {
    return false;
  }
}

/** planLog(body, file), from the cache when it holds the plan of this very template. */
export function cachedLogPlan(
  body: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): LogPlan | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return planLog(body, file);
  const key = createHash("sha256")
    .update(`crisis-log-plan ${FORMAT} ${VERSION} ${import.meta.url}\n${file}\n${body}`)
    .digest("hex");
  const keptFile = path.join(dir, "log-plan", `${key}.json`);
  const known = readKept(keptFile, body);
  if (known !== false) return known;
  const plan = planLog(body, file);
  const kept: Kept = plan ? { tokens: plan.tokens, items: [...plan.items] } : null;
  try {
    createDirs(path.dirname(keptFile));
    writeFileAtomic(keptFile, JSON.stringify(kept), { durable: false });
  } catch {
    // A cache: a read-only or full disk only means parsing next time too.
  }
  return plan;
}
