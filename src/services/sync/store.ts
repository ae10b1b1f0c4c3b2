import path from "node:path";
import { exists } from "../../adapters/fs/read.js";
import { git, GitError } from "../../adapters/git.js";
import type { JournalEvent } from "../../core/journal/events.js";
import { CrisisError, EXIT } from "../../errors.js";
import { ensureSyncDir } from "./replica.js";

/**
 * The local sync store: a bare git repository in <incidents>/.sync/git, so nothing touches the
 * team's branches, working tree, hooks or object database. Each incident is one ref,
 * refs/crisis/incidents/<id>, here and on the remote; what was last fetched from the remote is
 * kept under refs/crisis/fetched/<id>. Each commit holds one pack (core/sync/pack.ts).
 */

/** The blob each commit's tree holds: the pack (core/sync/pack.ts). */
const PACK_FILE = "events.jsonl";

export const LOCAL_REF = (id: string) => `refs/crisis/incidents/${id}`;
export const FETCHED_REF = (id: string) => `refs/crisis/fetched/${id}`;

/** The largest pack crisis reads from a remote (a 100,000-event incident is about 40 MB). */
const MAX_PACK_BYTES = 256 * 1024 * 1024;

export class SyncStore {
  private constructor(
    readonly gitDir: string,
    readonly remote: string,
    readonly timeoutMs: number,
  ) {}

  static async open(root: string, remote: string, timeoutMs = 30_000): Promise<SyncStore> {
    const gitDir = path.join(ensureSyncDir(root), "git");
    if (!exists(path.join(gitDir, "HEAD"))) await git(["init", "--bare", "--quiet", gitDir]);
    return new SyncStore(gitDir, remote, timeoutMs);
  }

  private run(args: readonly string[], options: { input?: string | Buffer; allow?: number[]; remote?: boolean } = {}) {
    return git(args, {
      gitDir: this.gitDir,
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.allow ? { allow: options.allow } : {}),
      timeoutMs: options.remote ? this.timeoutMs : 60_000,
    });
  }

  /**
   * Fetches the remote's incidents whose id matches `pattern` (an id, or * for all). An id is
   * fetched as a pattern (<id>*), so an incident the remote does not have yet is no error.
   */
  async fetch(pattern: string): Promise<void> {
    if (!pattern.endsWith("*")) pattern = `${pattern}*`;
    try {
      await this.run(
        [
          "fetch",
          "--no-tags",
          "--quiet",
          "--no-write-fetch-head",
          this.remote,
          `+${LOCAL_REF(pattern)}:${FETCHED_REF(pattern)}`,
        ],
        { remote: true },
      );
    } catch (error) {
      throw unreachable(this.remote, error);
    }
  }

  /** The commit a ref points at, or undefined. */
  async ref(name: string): Promise<string | undefined> {
    const r = await this.run(["rev-parse", "--verify", "--quiet", `${name}^{commit}`], { allow: [1, 128] });
    const sha = r.stdout.toString("utf8").trim();
    return r.code === 0 && sha ? sha : undefined;
  }

  /** An incident's two refs in one git call: what the remote had at the last fetch, and the local history. */
  async refs(id: string): Promise<{ fetched: string | undefined; local: string | undefined }> {
    const r = await this.run(["for-each-ref", "--format=%(refname) %(objectname)", LOCAL_REF(id), FETCHED_REF(id)]);
    const found = new Map(
      r.stdout
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split(" ") as [string, string]),
    );
    return { fetched: found.get(FETCHED_REF(id)), local: found.get(LOCAL_REF(id)) };
  }

  /** The ids under refs/crisis/fetched/ (what the remote had at the last fetch). */
  async fetchedIds(): Promise<string[]> {
    const r = await this.run(["for-each-ref", "--format=%(refname)", "refs/crisis/fetched/"]);
    return r.stdout
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => l.slice("refs/crisis/fetched/".length));
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    const r = await this.run(["merge-base", "--is-ancestor", a, b], { allow: [1] });
    return r.code === 0;
  }

  /** The events of the commits reachable from `tip` and not from `known`: only what is new. */
  async eventsSince(tip: string, known: string | undefined): Promise<{ events: JournalEvent[]; invalid: number }> {
    const list = await this.run(["rev-list", "--reverse", tip, ...(known ? [`^${known}`] : [])]);
    const commits = list.stdout
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "");
    if (commits.length === 0) return { events: [], invalid: 0 };
    const batch = await this.run(["cat-file", "--batch"], {
      input: commits.map((c) => `${c}:${PACK_FILE}\n`).join(""),
    });
    // The journal's schema is loaded only when there is something to read (a no-op sync needs none).
    const { parsePack } = await import("../../core/sync/pack.js");
    const events: JournalEvent[] = [];
    let invalid = 0;
    const out = batch.stdout;
    let at = 0;
    while (at < out.length) {
      const eol = out.indexOf(0x0a, at);
      if (eol === -1) break;
      const header = out.subarray(at, eol).toString("utf8").split(" ");
      at = eol + 1;
      if (header[1] !== "blob") continue; // "<name> missing": a commit without a pack
      const size = Number(header[2]);
      if (!Number.isSafeInteger(size) || size > MAX_PACK_BYTES)
        throw new CrisisError(
          `a pack on the sync remote is larger than ${MAX_PACK_BYTES / 1024 / 1024} MiB`,
          EXIT.usage,
        );
      const pack = parsePack(out.subarray(at, at + size).toString("utf8"));
      for (const e of pack.events) events.push(e);
      invalid += pack.invalid;
      at += size + 1;
    }
    return { events, invalid };
  }

  /** A commit holding one pack, on top of `parents`. */
  async commitPack(text: string, parents: readonly string[], message: string): Promise<string> {
    const blob = (await this.run(["hash-object", "-w", "--stdin"], { input: text })).stdout.toString("utf8").trim();
    const tree = (await this.run(["mktree"], { input: `100644 blob ${blob}\t${PACK_FILE}\n` })).stdout
      .toString("utf8")
      .trim();
    const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", message];
    return (await this.run(args)).stdout.toString("utf8").trim();
  }

  /** Moves a local ref from `old` (undefined: it must not exist yet) to `sha`, atomically. */
  async setRef(name: string, sha: string, old: string | undefined): Promise<void> {
    await this.run(["update-ref", name, sha, old ?? ""]);
  }

  async deleteRef(name: string, old: string): Promise<void> {
    await this.run(["update-ref", "-d", name, old]);
  }

  /** Pushes `sha` as the incident's ref on the remote: "rejected" when someone pushed first. */
  async push(id: string, sha: string): Promise<"ok" | "rejected"> {
    let r;
    try {
      r = await this.run(["push", "--porcelain", "--no-verify", this.remote, `${sha}:${LOCAL_REF(id)}`], {
        remote: true,
        allow: [1],
      });
    } catch (error) {
      throw unreachable(this.remote, error);
    }
    if (r.code === 0) return "ok";
    // Someone pushed first (fetch first, non-fast-forward), or pushed at this very moment (the
    // remote could not lock the ref): fetch, merge and try again.
    if (
      /\[rejected\]|fetch first|non-fast-forward|failed to lock|cannot lock/.test(r.stdout.toString("utf8") + r.stderr)
    )
      return "rejected";
    throw unreachable(this.remote, new GitError(["push"], r.code, r.stderr));
  }
}

function unreachable(remote: string, error: unknown): unknown {
  if (!(error instanceof GitError)) return error;
  return new CrisisError(
    `cannot reach the sync remote ${remote}: ${error.message.replace(/^git \w+ failed: /, "")}`,
    EXIT.usage,
    "check sync.remote in crisis.config.yaml and your access to it; everything recorded is safe locally and goes with the next sync",
  );
}
