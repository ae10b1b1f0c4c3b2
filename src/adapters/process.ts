import type * as ChildProcess from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname, userInfo } from "node:os";

// node:child_process (and the net, stream and dgram modules it loads) is required only by the few
// paths that start a process: a command that records a note never does, and skips its load (issue 15).
const childProcess = () => createRequire(import.meta.url)("node:child_process") as typeof ChildProcess;

/** True when a process with this id is running on this machine (EPERM: running, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const processId = (): number => process.pid;

/** This boot of this machine (Linux), so a pid recorded before a reboot is never mistaken for a live one. */
function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * When process `pid` started, as an opaque string that differs between two processes that had the
 * same pid; undefined when it cannot be told (no such process, or a system with neither /proc nor
 * ps). On Linux it is the boot id and the start time in clock ticks from /proc/<pid>/stat (field 22,
 * counted after the command name, which may itself hold spaces and parentheses); elsewhere the
 * start time `ps` prints.
 */
function processStart(pid: number): string | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = fields[19];
    if (ticks !== undefined && /^\d+$/.test(ticks)) return `linux:${bootId() ?? "?"}:${ticks}`;
  } catch {
    if (process.platform === "linux") return undefined; // no /proc entry: no such process
  }
  try {
    const out = childProcess()
      .execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 2000,
      })
      .trim();
    return out === "" ? undefined : `ps:${out}`;
  } catch {
    return undefined;
  }
}

let ownStart: string | undefined | null = null;

/** This process's identity: pid, host and start time, so no later process with the same pid is taken for it. */
export function ownIdentity(): { pid: number; host: string; start?: string } {
  if (ownStart === null) ownStart = processStart(process.pid);
  return { pid: process.pid, host: hostname(), ...(ownStart ? { start: ownStart } : {}) };
}

/**
 * Whether the process an identity names is still running: "dead" when its pid is gone or now
 * belongs to a process that started at another time, "alive" when it runs (or the start time
 * cannot be compared), "unknown" when it ran on another machine.
 */
export function identityState(owner: { pid: number; host: string; start?: string }): "alive" | "dead" | "unknown" {
  if (owner.host !== hostname()) return "unknown";
  if (!isProcessAlive(owner.pid)) return "dead";
  if (owner.start === undefined) return "alive";
  const now = processStart(owner.pid);
  if (now === undefined) return isProcessAlive(owner.pid) ? "alive" : "dead";
  return now === owner.start ? "alive" : "dead";
}

/** The operating-system user name ("" when it has none), or undefined where the system cannot tell. */
export function systemUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** What tells this machine from another with the same name: /etc/machine-id where there is one. */
export function machineId(): string {
  for (const file of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    try {
      const id = readFileSync(file, "utf8").trim();
      if (id) return id;
    } catch {
      // not this one
    }
  }
  return `${hostname()}:${systemUserName() ?? ""}`;
}

/** This machine's name, as people know it (jordan-laptop). */
export const machineName = (): string => hostname();

const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

/** `length` random characters of lowercase Crockford base32 (5 bits each): 26 make a 128-bit id. */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/**
 * Starts a node script as a detached background process that outlives this one, with no terminal
 * and no output (stdio ignored), so the caller never waits for it. Returns its pid, or undefined
 * when it could not be started.
 */
export function spawnDetached(
  script: string,
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string | undefined>> },
): number | undefined {
  try {
    const child = childProcess().spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: "ignore",
    });
    child.on("error", () => undefined);
    child.unref();
    return child.pid;
  } catch {
    return undefined;
  }
}
