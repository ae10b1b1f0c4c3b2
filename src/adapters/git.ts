import { execFile, type ExecFileException } from "node:child_process";
import { CrisisError, EXIT } from "../errors.js";

/**
 * The real git binary, run without a shell (execFile), with a timeout, no terminal prompts and no
 * pager. crisis never touches the team's repository through it: every call names its own
 * --git-dir (the local sync store) or a remote URL.
 */

export interface GitOptions {
  gitDir?: string;
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Exit codes that are answers, not failures (rev-parse --verify of a missing ref: 1, 128). */
  allow?: readonly number[];
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** What git printed, as one line for an error message. */
const firstLines = (stderr: string) =>
  stderr
    .split("\n")
    .map((l) => l.replace(/^(fatal|error): /, "").trim())
    .filter((l) => l !== "" && !l.startsWith("hint:"))
    .slice(0, 2)
    .join("; ");

/** Raised when git ran and failed; `stderr` says why (a rejected push is one). */
export class GitError extends CrisisError {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ""} failed: ${firstLines(stderr) || `exit ${code}`}`, EXIT.usage);
  }
}

export function git(args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const full = [
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "protocol.file.allow=always",
    ...(options.gitDir ? [`--git-dir=${options.gitDir}`] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      full,
      {
        cwd: options.cwd,
        encoding: "buffer",
        maxBuffer: 512 * 1024 * 1024,
        timeout: options.timeoutMs ?? 30_000,
        killSignal: "SIGKILL",
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: "0",
          GIT_PAGER: "cat",
          LC_ALL: "C",
          GIT_AUTHOR_NAME: "crisis",
          GIT_AUTHOR_EMAIL: "crisis@localhost",
          GIT_COMMITTER_NAME: "crisis",
          GIT_COMMITTER_EMAIL: "crisis@localhost",
        },
      },
      (error: ExecFileException | null, stdout: Buffer, stderrBuffer: Buffer) => {
        const stderr = stderrBuffer.toString("utf8");
        if (error && (error as { code?: unknown }).code === "ENOENT")
          return reject(
            new CrisisError("git is not installed (or not on PATH); crisis sync needs it", EXIT.usage, "install git"),
          );
        if (error && error.killed)
          return reject(
            new CrisisError(
              `git ${args[0] ?? ""} did not finish in ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s (is the remote reachable?)`,
              EXIT.usage,
              "every other command works offline; sync again later",
            ),
          );
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        if (code !== 0 && !(options.allow ?? []).includes(code)) return reject(new GitError(args, code, stderr));
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
