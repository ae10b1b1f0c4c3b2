import type { Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Config } from "../../core/config/schema.js";
import type { EventData } from "../../core/journal/events.js";
import { issueRequest } from "../../core/postmortem/followups.js";
import type { Report } from "../../core/postmortem/report.js";
import { CrisisError, EXIT } from "../../errors.js";
import { VERSION } from "../../version.js";
import { appendEvent } from "../journal/store.js";

/**
 * crisis postmortem --issues: one GitHub issue per action item, through the REST API
 * (POST /repos/{owner}/{repo}/issues). Only with the flag, a repository configured
 * (followups.github.repo or --repo) and a token in the environment (never in a file). Each issue's
 * address is appended to the journal (an action_item record with issue_url) as soon as GitHub
 * answers, so an item already opened is never opened again, even after a crash halfway.
 */

const DEFAULT_API = "https://api.github.com";
const DEFAULT_LABELS = ["crisis-follow-up"];

interface IssuesInput {
  io: Io;
  incidentDir: string;
  report: Report;
  config: Config;
  /** --repo, over the config's followups.github.repo. */
  repo?: string | undefined;
  actor: string;
}

/** The API base: https, or http only to this machine (a test server, a local proxy): a token never crosses a network in the clear. */
function apiBase(url: string): string {
  const parsed = new URL(url);
  const local = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost" || parsed.hostname === "[::1]";
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && local))
    throw new CrisisError(
      `followups.github.api_url ${url}: expected an https address (http only for this machine)`,
      EXIT.usage,
    );
  return parsed.href.replace(/\/+$/, "");
}

export async function openIssues(o: IssuesInput): Promise<{ opened: string[]; skipped: number }> {
  const gh = o.config.followups?.github;
  const repo = o.repo ?? gh?.repo;
  if (!repo)
    throw new CrisisError(
      "--issues needs a repository",
      EXIT.usage,
      "set followups.github.repo in crisis.config.yaml (owner/name), or give --repo owner/name",
    );
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
    throw new CrisisError(`--repo ${repo}: expected owner/name, e.g. acme/comms`, EXIT.usage);
  const tokenEnv = gh?.token_env ?? "GITHUB_TOKEN";
  const token = o.io.env[tokenEnv]?.trim();
  if (!token)
    throw new CrisisError(
      `--issues needs a GitHub token in $${tokenEnv}`,
      EXIT.usage,
      `export ${tokenEnv}=… (a token that may create issues in ${repo}); it is read from the environment only`,
    );
  const base = apiBase(gh?.api_url ?? DEFAULT_API);
  const [owner, name] = repo.split("/") as [string, string];
  const url = `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/issues`;
  const labels = gh?.labels ?? DEFAULT_LABELS;

  const opened: string[] = [];
  let skipped = 0;
  for (const item of o.report.action_items) {
    if (item.issue_url) {
      skipped++;
      continue;
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          Accept: "application/vnd.github+json",
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          "User-Agent": `crisis/${VERSION}`,
          "X-GitHub-Api-Version": "2022-11-28",
        },
        body: JSON.stringify(issueRequest(o.report, item, labels)),
      });
    } catch (error) {
      throw new CrisisError(
        `could not reach ${base}: ${(error as Error).message}`,
        EXIT.usage,
        opened.length > 0
          ? `${opened.length} issues were opened and recorded; run it again to open the rest`
          : undefined,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as { html_url?: unknown; message?: unknown };
    if (!response.ok || typeof answer.html_url !== "string")
      throw new CrisisError(
        `GitHub refused the issue for "${oneLine(item.action)}": ${response.status} ${typeof answer.message === "string" ? oneLine(answer.message) : response.statusText}`,
        EXIT.usage,
        response.status === 401 || response.status === 403
          ? `check that $${tokenEnv} may create issues in ${repo}`
          : response.status === 404
            ? `check that ${repo} exists and the token can see it`
            : undefined,
      );
    appendEvent(
      o.incidentDir,
      {
        type: "action_item",
        data: {
          action: item.action,
          kind: item.type as EventData<"action_item">["kind"],
          ...(item.owner ? { owner: item.owner } : {}),
          ...(item.due ? { due: item.due } : {}),
          issue_url: answer.html_url,
        },
        actor: o.actor,
      },
      o.io.now(),
    );
    item.issue_url = answer.html_url;
    opened.push(answer.html_url);
    o.io.stderr.write(`Opened ${oneLine(answer.html_url)} for "${oneLine(item.action)}"\n`);
  }
  return { opened, skipped };
}
