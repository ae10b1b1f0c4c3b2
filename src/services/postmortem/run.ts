import path from "node:path";
import { writeFileAtomic, writeOutputFile, type FileContent } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { readBytes } from "../../adapters/fs/read.js";
import type { Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { startProgress } from "../../adapters/terminal/progress.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath } from "../../core/display-path.js";
import { JOURNAL_FILE, POSTMORTEM_FILE, POSTMORTEM_HTML_FILE } from "../../core/incident/folder.js";
import type { Catalog, CheckedFile } from "../../core/playbook/catalog.js";
import type { Playbook } from "../../core/playbook/model.js";
import type { Severity, Targets } from "../../core/playbook/schema.js";
import type { Warning } from "../../core/postmortem/checks.js";
import { checkTemplate, renderMarkdownTo } from "../../core/postmortem/render.js";
import { JournalScan, type Report } from "../../core/postmortem/report.js";
import type { RetroAnswers } from "../../core/postmortem/retro-answers.js";
import { loadJournalSchema, withJournalSchema } from "../../core/journal/lines.js";
import { CrisisError, EXIT } from "../../errors.js";
import { incidentIds } from "../incident/registry.js";
import { streamJournal, type StreamedJournal } from "../journal/stream.js";
import { IncidentSession } from "../incident/session.js";
import { localReplica } from "../sync/replica.js";
import type { LoadedConfig } from "../workspace/config.js";
import { freezeTimes, mayFreeze } from "../../core/time-freeze.js";
import { frozenFacts } from "../../core/postmortem/facts.js";
import { flat } from "../../core/postmortem/flat.js";
import { writeJson } from "../../core/postmortem/json-stream.js";
import { actionsCsv, actionsJson } from "../../core/postmortem/followups.js";
import { findTemplate } from "./template.js";
import { readTextFile } from "../files.js";

/**
 * `crisis postmortem` as a function, so `crisis start` can offer it at the end of an incident:
 * read the journal, ask (or read) the retrospective and record it, render, write atomically.
 */

export interface PostmortemOptions {
  io: Io;
  /** The incident folder, holding journal.jsonl. */
  incidentDir: string;
  config: LoadedConfig;
  /** The playbook, when the caller has it (the runner does); otherwise looked up by the journal's id. */
  playbook?: Playbook;
  /** Ask the retrospective through this; leave it out to not ask. */
  prompter?: Prompter;
  /** Retrospective answers, e.g. from --answers; used instead of asking. */
  answers?: RetroAnswers;
  /** Recorded as the actor of retrospective events; default the post-mortem owner, else the lead. */
  actor?: string;
  format?: "markdown" | "json" | "html";
  /** A file to write, or "-" for stdout. Default: <incidentDir>/postmortem.md for markdown, stdout for JSON. */
  output?: string;
  /** Timeline gaps longer than this are warned about (default 4 hours). */
  maxGapMs?: number;
  /** Also print the action items on stdout in this format (for a tracker's import). */
  actions?: "csv" | "json";
  /** Open a GitHub issue for each action item not opened yet (crisis postmortem --issues). */
  issues?: boolean;
  /** The repository for --issues, over the config's followups.github.repo. */
  repo?: string;
}

export interface PostmortemResult {
  report: Report;
  /** The file written, if any. */
  file?: string;
  /** How many retrospective events were appended to the journal. */
  recorded: number;
  warnings: Warning[];
}

/** From this many events on, the post-mortem's progress shows at once: building it takes a noticeable while. */
const LONG_JOURNAL = 20_000;
/** The document on stdout is written in blocks of about this many characters. */
const STDOUT_BLOCK = 1 << 20;

export async function runPostmortem(o: PostmortemOptions): Promise<PostmortemResult> {
  const { io } = o;
  // A long journal (hours of a big incident, many check-ins) takes a moment to read and fold. It is
  // folded while it is read: no list of its events is kept (a million events would not fit).
  const reading = await startProgress(io, "Reading the journal");
  let scan = new JournalScan();
  let read: StreamedJournal;
  try {
    // zod's journal schema is loaded only when a line needs it; the read then starts again with a
    // fresh scan (withJournalSchema), as it does for a journal out of fold order.
    read = await withJournalSchema(() =>
      streamJournal(o.incidentDir, () => {
        const fresh = new JournalScan();
        scan = fresh;
        return (e) => fresh.add(e);
      }),
    );
  } finally {
    reading.stop();
  }
  if (scan.count === 0) throw new CrisisError(`the journal in ${o.incidentDir} has no events`, EXIT.noInput);

  let recorded = 0;
  if (o.answers || o.prompter) {
    const facts = scan.current;
    const leads = facts.roles.filter((r) => r.role === "lead");
    const owner = facts.answers.get("postmortem_owner")?.value;
    const actor =
      o.actor ??
      (typeof owner === "string" && owner.trim() ? owner.trim() : undefined) ??
      leads[leads.length - 1]?.person ??
      "crisis";
    // Recording reads and checks events the session's way, which needs the schema loaded; the
    // retrospective's code (and the YAML parser its answers file needs) loads only to record.
    const [{ askRetro, RetroRecorder }] = await Promise.all([
      import("../../core/postmortem/retro.js"),
      loadJournalSchema(),
    ]);
    // A session tracks the highest seq of the whole journal, so retrospective events never reuse one.
    const session = IncidentSession.open(o.incidentDir, {
      actor,
      now: io.now,
      replica: localReplica(path.dirname(o.incidentDir), io.env),
    });
    const recorder = new RetroRecorder(facts, (type, data) => session.append(type, data));
    if (o.answers) recorder.answers(o.answers);
    else if (o.prompter) {
      io.stderr.write(retroIntro(facts.retro.length, facts.actions.length));
      await askRetro(o.prompter, recorder);
    }
    recorded = recorder.recorded.length;
    for (const e of recorder.recorded) scan.add(e);
  }

  const data = scan.current.opened;
  // A journal that recorded the targets and role titles (crisis start does) needs no playbook YAML.
  const journalHasIt = data?.targets !== undefined && data.roles !== undefined;
  const lookup = o.playbook
    ? { playbook: o.playbook }
    : journalHasIt
      ? {}
      : await findPlaybook(o.config, data?.playbook);
  // chrono-node is loaded here only, and only when a free text may hold a relative time ("25
  // minutes ago") to freeze: a dry pass with mayFreeze says. Its English entry: the main one, whose
  // parse is this very function, also loads fifteen other languages and took 4-7 times as long.
  let relative = false;
  frozenFacts(scan.current, (text) => ((relative ||= mayFreeze(text)), text));
  const parse = relative ? (await import("chrono-node/en")).parse : undefined;
  const events = { length: scan.count };
  const building = await startProgress(io, `Building the post-mortem from ${events.length} events`, {
    delayMs: events.length >= LONG_JOURNAL ? 0 : undefined,
  });
  let report: Report;
  try {
    report = scan.report({
      ...lookup,
      ...(parse ? { freeze: (text: string, at: number) => freezeTimes(text, at, parse) } : {}),
      config: o.config.config,
      read,
      ...(o.maxGapMs !== undefined ? { maxGapMs: o.maxGapMs } : {}),
    });
  } finally {
    building.stop();
  }
  if (o.issues) {
    // Loaded only with the flag: nothing else ever talks to the network.
    const { openIssues } = await import("./issues.js");
    await loadJournalSchema();
    await openIssues({
      io,
      incidentDir: o.incidentDir,
      report,
      config: o.config.config,
      repo: o.repo,
      actor: o.actor ?? report.incident.owner ?? "crisis",
    });
  }
  const format = o.format ?? "markdown";
  const template =
    format === "json"
      ? undefined
      : findTemplate(
          report.form,
          (o.config.config.template_dirs ?? []).map((d) => path.resolve(o.config.root, d)),
        );
  // A broken template is reported before anything is printed or written.
  if (template) checkTemplate(template.body, template.file);
  // Rendered as it is written: a long incident's post-mortem is never one string in memory.
  // The HTML page is the markdown post-mortem made into HTML: micromark is loaded only for it.
  const html = format === "html" ? await import("../../core/postmortem/html/page.js") : undefined;
  const render = (write: (piece: string) => void) => {
    if (!template) {
      writeJson(report, write);
      write("\n");
    } else if (!html) renderMarkdownTo(report, template, write);
    else {
      const pieces: string[] = [];
      renderMarkdownTo(report, template, (piece) => pieces.push(piece));
      write(html.postmortemHtml(pieces.join("")));
    }
  };
  const target =
    o.output ??
    (format === "json" ? "-" : path.join(o.incidentDir, format === "html" ? POSTMORTEM_HTML_FILE : POSTMORTEM_FILE));
  const rendering = () =>
    startProgress(io, `Rendering the post-mortem of ${events.length} events`, {
      delayMs: events.length >= LONG_JOURNAL ? 0 : undefined,
    });
  let file: string | undefined;
  if (target === "-") {
    // Held until it is whole (a failure prints nothing), in blocks: never one string, nor a piece per row.
    const blocks: string[] = [];
    let block = "";
    const progress = await rendering();
    try {
      render((piece) => {
        block += piece;
        if (block.length >= STDOUT_BLOCK) {
          // Flattened: a block made of thousands of pieces is kept as a tree of them (several times its size).
          blocks.push(flat(block));
          block = "";
        }
      });
      blocks.push(flat(block));
    } finally {
      progress.stop();
    }
    if (o.actions) io.stdout.write(o.actions === "csv" ? actionsCsv(report) : actionsJson(report));
    for (const b of blocks) if (b !== "") io.stdout.write(b);
  } else {
    if (o.actions) io.stdout.write(o.actions === "csv" ? actionsCsv(report) : actionsJson(report));
    file = path.resolve(io.cwd, target);
    const progress = await rendering();
    try {
      writeReview(file, render, o.output !== undefined, recorded);
    } finally {
      progress.stop();
    }
  }

  const c = paint(io, "stderr");
  for (const w of report.warnings)
    io.stderr.write(`${c.yellow("warning:")} ${oneLine(w.message)} ${c.dim(`(${w.check})`)}\n`);
  if (recorded > 0)
    io.stderr.write(`Recorded ${recorded} retrospective ${recorded === 1 ? "entry" : "entries"} in the journal.\n`);
  if (file) io.stderr.write(`Post-mortem (${report.form}, ${report.status}) written to ${displayPath(file, io.cwd)}\n`);
  return { report, ...(file ? { file } : {}), recorded, warnings: report.warnings };
}

/**
 * Writes the review: the incident's own postmortem.md is replaced atomically (never through a
 * symbolic link); a file named with -o is replaced atomically, or written into when it is a
 * device, a FIFO or /dev/stdout. A failure leaves the previous version as it was.
 */
function writeReview(file: string, text: FileContent, named: boolean, recorded: number): void {
  try {
    if (named) writeOutputFile(file, text);
    else writeFileAtomic(file, text, { noSymlink: true });
  } catch (error) {
    const kept = recorded > 0 ? `; the ${recorded} retrospective entries are safe in the journal` : "";
    throw fileError(
      error,
      file,
      "write",
      `the post-mortem was not written to ${file}; any previous version is unchanged${kept}`,
    );
  }
}

function retroIntro(findings: number, actions: number): string {
  const kept =
    findings + actions > 0
      ? ` The journal already holds ${findings} finding${findings === 1 ? "" : "s"} and ${actions} action item${actions === 1 ? "" : "s"}; they are kept.`
      : "";
  return `\nRetrospective: one finding per answer, blameless (conditions, not people).${kept}\n`;
}

/**
 * The journal's playbook, for its targets, role titles and step targets; the spine's targets as a
 * fallback. Only files that look like that playbook (its id line) or a spine are parsed, which
 * keeps a post-mortem from paying for every playbook in the catalog; if none looks like it, the
 * whole catalog is loaded, so an unusually written file is still found.
 */
async function findPlaybook(
  config: LoadedConfig,
  ref: { id: string; spine?: string | undefined } | undefined,
): Promise<{ playbook?: Playbook; spineTargets?: Partial<Record<Severity, Targets>> }> {
  // Loaded only here: the YAML parser and the playbook schema are not needed when the journal has what it takes.
  const [{ buildCatalog, checkFile }, { loadCatalog, playbookDirs, yamlFilesIn }] = await Promise.all([
    import("../../core/playbook/catalog.js"),
    import("../workspace/workspace.js"),
  ]);
  const dirs = playbookDirs(config);
  let catalog: Catalog | undefined;
  if (ref) {
    const idLine = new RegExp(
      `^id:[ \t]*(["']?)${ref.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\1[ \t]*(?:#.*)?$`,
      "m",
    );
    const checked: CheckedFile[] = [];
    let found = false;
    for (const { dir, source } of dirs) {
      for (const file of yamlFilesIn(dir)) {
        const text = readTextFile(file);
        const isIt = idLine.test(text);
        found ||= isIt;
        if (isIt || /^spine:/m.test(text)) checked.push(checkFile(text, file, source));
      }
    }
    if (found) catalog = buildCatalog(checked);
  }
  catalog ??= loadCatalog(dirs);
  const playbook = ref ? catalog.playbooks.get(ref.id) : undefined;
  if (playbook) return { playbook };
  // The journal records the spine as id@version; spines are found by id.
  const spine = catalog.spines.get((ref?.spine ?? "common").split("@")[0] ?? "common");
  return spine?.data.targets ? { spineTargets: spine.data.targets } : {};
}

/** The most recently opened incident under root (from each journal's first line), for `crisis postmortem` without an id. */
export function latestIncident(root: string): string {
  let best: { id: string; at: string } | undefined;
  for (const id of incidentIds(root)) {
    const at = openedAt(path.join(root, id, JOURNAL_FILE)) ?? "";
    if (!best || at > best.at || (at === best.at && id > best.id)) best = { id, at };
  }
  if (!best)
    throw new CrisisError(
      `no incidents in ${root}`,
      EXIT.noInput,
      "start one with crisis start, or check incidents_dir in crisis.config.yaml",
    );
  return path.join(root, best.id);
}

function openedAt(file: string): string | undefined {
  try {
    const line = readBytes(file, 0, 8192).toString("utf8").split("\n")[0] ?? "";
    const value = JSON.parse(line) as { at?: unknown };
    return typeof value.at === "string" ? value.at : undefined;
  } catch {
    return undefined;
  }
}
