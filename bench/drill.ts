import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { BenchContext } from "./context.js";
import { table, type Budget, type SectionResult } from "./report.js";

/**
 * The first statement, timed in keys: `crisis start` in a pseudo-terminal for every bundled
 * playbook, driven as a first-time responder with a team config in place. It types a few letters
 * to find the playbook, one sentence about what happened, ticks the channels where the crisis
 * lives, and otherwise accepts what crisis offers, until an approved holding statement, checked
 * against its channels, is in the journal. It counts the questions answered, the characters typed
 * and every key pressed. Budget: ≤ 12 questions and ≤ 300 keys for every playbook.
 */

const MAX_PROMPTS = 12;
const MAX_KEYS = 300;

const TEAM_CONFIG = `brand:
  name: Northwind Outdoor
  handles: { x: "@northwind", bluesky: "@northwind.bsky.social", instagram: "@northwind.outdoors", facebook: Northwind Outdoor }
  hub_url: https://northwind.example/updates
  status_page_url: https://status.northwind.example
  support_contact: https://help.northwind.example
  media_contact: press@northwind.example
baselines: { mentions_per_hour: 120, negative_share: 18 }
`;

interface Scenario {
  id: string;
  /** Typed into the playbook search. */
  search: string;
  sentence: string;
  /** Where it is talked about: choice labels to tick. */
  spreading: string[];
  /** Our channels that are down: choice labels to tick. */
  down: string[];
}

const SCENARIOS: Scenario[] = [
  {
    id: "viral-complaint",
    search: "viral",
    sentence:
      "A video of a customer's tent left out in the rain, and of how our support answered her, is shared widely.",
    spreading: ["X", "Reddit"],
    down: [],
  },
  {
    id: "service-outage",
    search: "outage",
    sentence: "Many customers cannot log in to the Northwind app or website since about 09:40 UTC.",
    spreading: ["X", "Reddit"],
    down: [],
  },
  {
    id: "offensive-content",
    search: "offensive",
    sentence: "We published a video that made a joke about last week's floods.",
    spreading: ["X", "Instagram"],
    down: [],
  },
  {
    id: "misconduct",
    search: "misconduct",
    sentence: "A video shows one of our store managers shouting at a customer.",
    spreading: ["X", "News sites, TV or radio"],
    down: [],
  },
  {
    id: "data-breach",
    search: "breach",
    sentence: "Some customers' order details were visible to other customers on our order-tracking page.",
    spreading: ["X", "News sites, TV or radio"],
    down: [],
  },
  {
    id: "product-recall",
    search: "recall",
    sentence: "Some TrailBlaze TB-200 camping stoves can leak gas at the fuel valve.",
    spreading: ["Facebook", "News sites, TV or radio"],
    down: [],
  },
  {
    id: "misinformation",
    search: "hoax",
    sentence: "A post claiming our jackets contain banned chemicals is being shared; it is not true.",
    spreading: ["X", "TikTok"],
    down: [],
  },
  {
    id: "account-hijack",
    search: "hijack",
    sentence: "Our Instagram account @northwind.outdoors has been taken over by someone else.",
    spreading: ["X", "Instagram"],
    down: ["Instagram"],
  },
];

const KEYS = { enter: "\r", down: "\u001b[B", space: " " };

interface Run {
  id: string;
  /** The severity declared, and who approved the holding statement (pre-approved: the lead only). */
  severity?: string;
  approvers?: string;
  prompts: number;
  chars: number;
  keys: number;
  seconds: number;
  error?: string;
}

type Pty = {
  spawn: (
    file: string,
    args: string[],
    o: object,
  ) => {
    onData(cb: (d: string) => void): void;
    onExit(cb: () => void): void;
    write(s: string): void;
    kill(signal?: string): void;
  };
};

/** The labels of the checkbox shown last: the lines between its question and its key help. */
function checkboxLabels(screen: string): string[] {
  const lines = screen.split("\n");
  const at = lines.findLastIndex((l) => l.startsWith("? "));
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.includes("↑↓ navigate")) break;
    const m = /^[❯ ]\s*[◯◉]\s+(.*)$/.exec(line.trimEnd());
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

/** Keys pressed in a sequence of arrows, spaces and Enters. */
const keysIn = (special: string) =>
  special.split(KEYS.down).length - 1 + special.split(KEYS.space).length - 1 + special.split(KEYS.enter).length - 1;

function tickKeys(labels: string[], wanted: string[]): string {
  let keys = "";
  let cursor = 0;
  for (const i of wanted.map((w) => labels.findIndex((l) => l === w || l.startsWith(`${w} `))).sort((a, b) => a - b)) {
    if (i < 0) throw new Error(`no choice ${wanted.join(", ")} among ${labels.join(", ")}`);
    keys += KEYS.down.repeat(i - cursor) + KEYS.space;
    cursor = i;
  }
  return keys + KEYS.enter;
}

/** The holding statement approved by every role it needs (what the drill waits for): its request, if any. */
function approvedHolding(
  journal: string,
  holding: ReadonlySet<string>,
): { roles: string[]; preapproved: boolean; severity?: string } | undefined {
  const events = journal
    .split("\n")
    .filter((l) => l.endsWith("}"))
    .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
  const request = events.find((e) => {
    if (e.type !== "approval_requested" || !holding.has(String(e.data.template))) return false;
    const roles = e.data.roles as string[];
    const approved = events.filter((a) => a.type === "approved" && a.data.hash === e.data.hash).map((a) => a.data.role);
    return roles.every((r) => approved.includes(r));
  });
  if (!request) return undefined;
  const severity = events.findLast((e) => e.type === "severity_changed")?.data.to;
  return {
    roles: request.data.roles as string[],
    preapproved: Array.isArray(request.data.preapproved),
    ...(typeof severity === "string" ? { severity } : {}),
  };
}

function holdingTemplates(root: string): Set<string> {
  const out = new Set<string>();
  const dir = path.join(root, "templates", "messages");
  for (const group of readdirSync(dir))
    for (const file of readdirSync(path.join(dir, group)))
      if (/^kind: holding$/m.test(readFileSync(path.join(dir, group, file), "utf8")))
        out.add(`${group}/${file.replace(/\.txt$/, "")}`);
  return out;
}

async function runScenario(ctx: BenchContext, pty: Pty, s: Scenario, holding: Set<string>): Promise<Run> {
  const cwd = mkdtempSync(path.join(ctx.tmp, `drill-${s.id}-`));
  writeFileSync(path.join(cwd, "crisis.config.yaml"), TEAM_CONFIG);
  const env = { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Pat Tester" } as Record<string, string>;
  for (const name of ["CI", "GITHUB_ACTIONS", "EDITOR", "VISUAL"]) delete env[name];
  const term = pty.spawn(process.execPath, [path.join(ctx.root, "bin", "crisis.js"), "start"], {
    name: "xterm-256color",
    cols: 100,
    rows: 40,
    cwd,
    env,
  });
  let raw = "";
  let exited = false;
  term.onData((d) => (raw += d));
  term.onExit(() => (exited = true));
  const run: Run = { id: s.id, prompts: 0, chars: 0, keys: 0, seconds: 0 };
  let seen = 0;
  const started = Date.now();
  const journal = () => {
    const incidents = path.join(cwd, "incidents");
    const dir = existsSync(incidents) ? readdirSync(incidents)[0] : undefined;
    const file = dir ? path.join(incidents, dir, "journal.jsonl") : undefined;
    return file && existsSync(file) ? readFileSync(file, "utf8") : "";
  };
  /** Waits for the next question (one of `patterns`) and returns which, with the screen so far. */
  const next = async (patterns: RegExp[]): Promise<{ index: number; screen: string }> => {
    for (;;) {
      const done = approvedHolding(journal(), holding);
      if (done) {
        run.severity = done.severity ?? "?";
        run.approvers = `${done.roles.join(", ")}${done.preapproved ? " (pre-approved text)" : ""}`;
        return { index: -1, screen: "" };
      }
      const screen = stripVTControlCharacters(raw);
      const rest = screen.slice(seen);
      const found = patterns
        .map((p, index) => ({ index, m: p.exec(rest) }))
        .filter((f) => f.m)
        .sort((a, b) => (a.m?.index ?? 0) - (b.m?.index ?? 0))[0];
      if (found?.m) {
        seen += found.m.index + found.m[0].length;
        await new Promise((r) => setTimeout(r, 60));
        return { index: found.index, screen: stripVTControlCharacters(raw) };
      }
      if (exited || Date.now() - started > 60_000)
        throw new Error(`no question came (last screen: ${rest.slice(-300).replace(/\s+/g, " ")})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /**
   * Types an answer, then waits until crisis shows it answered (✔), so its redraws are not read as
   * new questions. The keys go in at a person's pace: a search list filters as letters arrive.
   */
  const type = async (text: string, special: string) => {
    run.prompts++;
    run.chars += [...text].length;
    run.keys += [...text].length + keysIn(special);
    const from = stripVTControlCharacters(raw).length;
    if (text) {
      term.write(text);
      await new Promise((r) => setTimeout(r, 400));
    }
    term.write(special);
    for (let waited = 0; waited < 10_000; waited += 50) {
      const screen = stripVTControlCharacters(raw);
      const done = screen.indexOf("✔ ", from);
      if (done !== -1) {
        const end = screen.indexOf("\n", done);
        seen = Math.max(seen, end === -1 ? screen.length : end);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const QUESTIONS = [
    /\? Playbook/,
    /\? What happened, in one sentence/,
    /\? Who leads the response/,
    /\? Where is it being talked about right now\?/,
    /\? (Are any of our own channels|Which of our accounts|Is our status page down)[^\n]*/,
    /\? Severity now\?/,
    /\? [^\n]*: for which channels\?/,
    /\? [^\n]*: what now\?/,
    /\? [^\n]*(send the pre-approved text|approves this exact text)/,
    /\? [^\n]*: who answers for this approval\?/,
    /\? Why not send [^\n]* at all\?/,
  ];
  try {
    for (;;) {
      const { index, screen } = await next(QUESTIONS);
      if (index === -1) break;
      if (index === 0) await type(s.search, KEYS.enter);
      else if (index === 1) await type(s.sentence, KEYS.enter);
      else if (index === 3) await type("", tickKeys(checkboxLabels(screen), s.spreading));
      else if (index === 4) await type("", s.down.length > 0 ? tickKeys(checkboxLabels(screen), s.down) : KEYS.enter);
      else if (index === 9) await type("Jo Park", KEYS.enter);
      else await type("", KEYS.enter);
      if (run.prompts > 40) throw new Error("more than 40 questions before an approved holding statement");
    }
    run.seconds = (Date.now() - started) / 1000;
    const opened = /"type":"incident_opened".*?"playbook":\{"id":"([^"]+)"/.exec(journal())?.[1];
    if (opened !== s.id) throw new Error(`the search for "${s.search}" chose ${opened ?? "no playbook"}`);
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
  } finally {
    term.kill("SIGKILL");
    rmSync(cwd, { recursive: true, force: true });
  }
  return run;
}

export async function drill(ctx: BenchContext): Promise<SectionResult> {
  const pty = createRequire(path.join(ctx.root, "package.json"))("@lydell/node-pty") as Pty;
  const holding = holdingTemplates(ctx.root);
  const runs: Run[] = [];
  for (const s of SCENARIOS) {
    ctx.log(`drill: ${s.id}`);
    runs.push(await runScenario(ctx, pty, s, holding));
  }
  const measured = runs.filter((r) => !r.error);
  const worst = (key: "prompts" | "keys") =>
    measured.reduce<Run | undefined>((a, r) => (!a || r[key] > a[key] ? r : a), undefined);
  const failed = runs.filter((r) => r.error);
  const budget = (name: string, key: "prompts" | "keys", limit: number): Budget => {
    const w = worst(key);
    return {
      name,
      measured: w ? `${w[key]} (${w.id})` : "–",
      limit: String(limit),
      pass: failed.length > 0 ? false : w ? w[key] <= limit : undefined,
      ...(failed.length > 0 ? { note: `not reached in ${failed.map((r) => r.id).join(", ")}` } : {}),
    };
  };
  const rows = runs.map((r) =>
    r.error
      ? [r.id, "–", "–", "–", "–", "–", "–", `**not reached**: ${r.error.replace(/\|/g, "/").slice(0, 200)}`]
      : [
          r.id,
          r.severity ?? "–",
          r.approvers ?? "–",
          String(r.prompts),
          String(r.chars),
          String(r.keys),
          `${r.seconds.toFixed(1)} s`,
          r.prompts <= MAX_PROMPTS && r.keys <= MAX_KEYS ? "within budget" : "**over budget**",
        ],
  );
  const markdown = `${[
    `\`crisis start\` in a pseudo-terminal (100×40) for every bundled playbook, in a folder whose crisis.config.yaml`,
    `gives the brand's name, handles, hub, status page and contacts. The responder types a few letters to find the`,
    `playbook, one sentence about what happened, ticks the two channels where it is spreading (and, for a hijack, the`,
    `account that is taken over), and accepts what crisis offers everywhere else. Counted until the first holding`,
    `statement, checked against its channels, is approved in the journal: the questions answered, the characters`,
    `typed, and every key pressed (characters, arrows, Space, Enter). Wall-clock time is for information only (it`,
    `includes the terminal round trips and 0.3 s at each new screen).`,
  ].join("\n")}\n\n${table(
    ["playbook", "severity", "approved by", "questions", "characters typed", "keys pressed", "time", "result"],
    rows,
    [1, 2, 7],
  )}\n\nBudget: ≤ ${MAX_PROMPTS} questions and ≤ ${MAX_KEYS} keys for every playbook (before issue 10: 41–83 questions and 416–2,206 keys).`;
  return {
    title: "First statement drill",
    markdown,
    budgets: [
      budget(
        `drill: questions to an approved holding statement ≤ ${MAX_PROMPTS}, every bundled playbook`,
        "prompts",
        MAX_PROMPTS,
      ),
      budget(
        `drill: keys pressed to an approved holding statement ≤ ${MAX_KEYS}, every bundled playbook`,
        "keys",
        MAX_KEYS,
      ),
    ],
    memory: [],
  };
}
