import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { csvField } from "../../src/core/postmortem/followups.js";
import { VERSION } from "../../src/version.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { JOURNALS, PLAYBOOKS } from "./fixtures.js";

/**
 * Action items leaving the document: JSON and CSV for a tracker, and one GitHub issue each through
 * the REST API, against a local server that checks every request as GitHub would receive it.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: { title: string; body: string; labels: string[] };
}

const seen: Seen[] = [];
/** The request (counted from 1 in `seen`) that is refused, as GitHub refuses a token without rights. */
let failOn: number | undefined;
const server = createServer((req, res) => {
  let raw = "";
  req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  req.on("end", () => {
    const body = JSON.parse(raw || "{}") as Seen["body"];
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    res.setHeader("Content-Type", "application/json");
    if (seen.length === failOn) {
      res.statusCode = 403;
      res.end(JSON.stringify({ message: "Resource not accessible by personal access token" }));
      return;
    }
    res.statusCode = 201;
    res.end(
      JSON.stringify({ html_url: `https://github.example/acme/comms/issues/${seen.length}`, number: seen.length }),
    );
  });
});
let api = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function workspace(followups = "") {
  const root = tempDir({
    "crisis.config.yaml": `incidents_dir: records\nplaybook_dirs: [${JSON.stringify(PLAYBOOKS)}]\n${followups}`,
  });
  mkdirSync(path.join(root, "records", "breach"), { recursive: true });
  copyFileSync(path.join(JOURNALS, "sev1-data-breach.jsonl"), path.join(root, "records", "breach", "journal.jsonl"));
  return root;
}
const github = () => `followups:\n  github: { repo: acme/comms, api_url: "${api}", labels: [crisis] }\n`;

async function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const io = fakeIo({ cwd, env });
  const code = await main(["node", "crisis", "postmortem", "breach", "--no-retro", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("action items as JSON and CSV", () => {
  test("--actions json prints every action item as data on stdout, the document still written to its file", async () => {
    const root = workspace();
    const { code, out } = await run(root, ["--actions", "json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0] ?? {})).toEqual(["incident", "action", "type", "owner", "due", "issue_url"]);
    expect(rows[0]?.incident).toBe("2026-03-04-data-breach");
    expect(readFileSync(path.join(root, "records", "breach", "postmortem.md"), "utf8")).toContain("## Action items");
  });

  test("--actions csv: RFC 4180 (CRLF, a header, quoted commas, doubled quotes, line breaks kept) and no formulas", async () => {
    const { out } = await run(workspace(), ["--actions", "csv"]);
    const lines = out.split("\r\n");
    expect(lines[0]).toBe("incident,action,type,owner,due,issue_url");
    expect(lines).toHaveLength(5); // header, three items, the final CRLF
    expect(out.endsWith("\r\n")).toBe(true);
    expect(csvField('Say "sorry", plainly')).toBe('"Say ""sorry"", plainly"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("plain")).toBe("plain");
  });

  test("--actions with the document on stdout too is refused", async () => {
    const { code, err } = await run(workspace(), ["--actions", "csv", "--output", "-"]);
    expect(code).toBe(2);
    expect(err).toContain("--actions csv prints the action items on stdout, where the post-mortem would also go");
  });
});

describe("crisis postmortem --issues", () => {
  test("opens one issue per action item with the API's method, path, headers and body, and records each", async () => {
    seen.length = 0;
    const root = workspace(github());
    const { code, err } = await run(root, ["--issues"], { GITHUB_TOKEN: "ghp_test123" });
    expect(code, err).toBe(0);
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.method).toBe("POST");
      expect(r.url).toBe("/repos/acme/comms/issues");
      expect(r.headers.authorization).toBe("Bearer ghp_test123");
      expect(r.headers.accept).toBe("application/vnd.github+json");
      expect(r.headers["x-github-api-version"]).toBe("2022-11-28");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["user-agent"]).toBe(`crisis/${VERSION}`);
    }
    expect(seen[0]?.body.title).toBe("Add a default 24-hour expiry to every export link");
    expect(seen[0]?.body.labels).toEqual(["crisis", "prevent"]);
    expect(seen[0]?.body.body).toContain("(`2026-03-04-data-breach`, SEV1)");
    expect(err).toContain('Opened https://github.example/acme/comms/issues/1 for "Add a default 24-hour expiry');
    const doc = readFileSync(path.join(root, "records", "breach", "postmortem.md"), "utf8");
    expect(doc).toContain("| <https://github.example/acme/comms/issues/1> |");
    const journal = readFileSync(path.join(root, "records", "breach", "journal.jsonl"), "utf8");
    expect(journal.match(/"issue_url":"https:\/\/github\.example\/acme\/comms\/issues\/\d"/g)).toHaveLength(3);
    expect(journal).not.toContain("ghp_test123");

    // Again: every item already has its issue, so nothing is sent.
    const again = await run(root, ["--issues"], { GITHUB_TOKEN: "ghp_test123" });
    expect(again.code).toBe(0);
    expect(seen).toHaveLength(3);
  });

  test("a refusal halfway keeps the issues already opened, and the rerun opens only the rest", async () => {
    seen.length = 0;
    failOn = 2;
    const root = workspace(github());
    const { code, err } = await run(root, ["--issues"], { GITHUB_TOKEN: "t" });
    failOn = undefined;
    expect(code).toBe(2);
    expect(err).toContain('GitHub refused the issue for "');
    expect(err).toContain("403 Resource not accessible by personal access token");
    expect(err).toContain("check that $GITHUB_TOKEN may create issues in acme/comms");
    const journal = () => readFileSync(path.join(root, "records", "breach", "journal.jsonl"), "utf8");
    expect(journal().match(/"issue_url"/g)).toHaveLength(1);
    const rerun = await run(root, ["--issues"], { GITHUB_TOKEN: "t" });
    expect(rerun.code, rerun.err).toBe(0);
    // The first item is not sent again: 2 requests the first time, 2 for the two items left.
    expect(seen.map((r) => r.body.title)).toEqual([
      seen[0]?.body.title,
      seen[1]?.body.title,
      seen[1]?.body.title,
      seen[3]?.body.title,
    ]);
    expect(seen[3]?.body.title).not.toBe(seen[0]?.body.title);
    expect(journal().match(/"issue_url"/g)).toHaveLength(3);
  });

  test("never sends without the flag, a token or a repository", async () => {
    seen.length = 0;
    expect((await run(workspace(github()), [], { GITHUB_TOKEN: "t" })).code).toBe(0);
    const noToken = await run(workspace(github()), ["--issues"]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain("--issues needs a GitHub token in $GITHUB_TOKEN");
    const noRepo = await run(workspace(), ["--issues"], { GITHUB_TOKEN: "t" });
    expect(noRepo.code).toBe(2);
    expect(noRepo.err).toContain("--issues needs a repository");
    const plain = await run(
      workspace(`followups:\n  github: { repo: acme/comms, api_url: "http://api.example.com" }\n`),
      ["--issues"],
      { GITHUB_TOKEN: "t" },
    );
    expect(plain.code).toBe(2);
    expect(plain.err).toContain("expected an https address (http only for this machine)");
    expect(seen).toHaveLength(0);
  });
});
