import { randomBytes } from "node:crypto";
import path from "node:path";
import { identityState, isProcessAlive, ownIdentity } from "../process.js";
import { writeAll } from "./durable-write.js";
import { FLAGS, sys } from "./sys.js";

/**
 * A lock owned by a process, not by a clock: a folder that appears whole, with its owner's
 * identity (pid, host, start time) inside. Whoever finds it taken checks that identity: a live
 * owner is never robbed, however long it stalls (a slow disk, a suspended laptop, SIGSTOP); a dead
 * one's lock, or an empty or unreadable one, is taken over at once.
 */

const OWNER_FILE = "owner";

interface LockOwner {
  pid: number;
  host: string;
  /** The owner's start time (adapters/process.ts), so a reused pid is not mistaken for it. */
  start?: string;
  /** Unique to one acquisition, so an owner only ever removes its own lock. */
  token?: string;
  /** When it took the lock (ISO). */
  since?: string;
}

interface Seen {
  owner: LockOwner | undefined;
  raw: string;
}

function readOwner(lock: string): Seen | "gone" {
  let raw: string;
  try {
    raw = readSmall(path.join(lock, OWNER_FILE));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      // No owner file: the lock is gone, or it is an empty folder (left by an older crisis, or
      // created by hand), which nobody owns.
      try {
        sys.statSync(lock);
      } catch {
        return "gone";
      }
      return { owner: undefined, raw: "" };
    }
    return { owner: undefined, raw: "" };
  }
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    const ok = Number.isSafeInteger(value.pid) && typeof value.host === "string";
    return { owner: ok ? (value as LockOwner) : undefined, raw };
  } catch {
    return { owner: undefined, raw };
  }
}

function readSmall(file: string): string {
  const fd = sys.openSync(file, FLAGS.read);
  try {
    const buffer = Buffer.alloc(4096);
    const n = sys.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString("utf8");
  } finally {
    sys.closeSync(fd);
  }
}

const token = () => randomBytes(6).toString("hex");

/**
 * Creates the lock in one step: a private folder with the owner file written whole, renamed to
 * the lock's name. rename(2) fails when the lock exists (and is not empty), so there is never a
 * lock without its owner. False when someone else holds it.
 */
function tryCreate(lock: string, me: LockOwner): boolean {
  const staging = `${lock}.${me.pid}.${me.token}.new`;
  sys.mkdirSync(staging);
  try {
    const fd = sys.openSync(path.join(staging, OWNER_FILE), FLAGS.createNew, 0o644);
    try {
      writeAll(fd, Buffer.from(JSON.stringify(me)), path.join(staging, OWNER_FILE));
    } finally {
      sys.closeSync(fd);
    }
    sys.renameSync(staging, lock);
    return true;
  } catch (error) {
    sys.rmSync(staging, { recursive: true, force: true });
    const code = (error as { code?: string }).code;
    if (code === "EEXIST" || code === "ENOTEMPTY" || code === "EISDIR") return false;
    throw error;
  }
}

/**
 * Takes over a lock judged ownerless: moves it aside (atomic), checks the moved one is the one that
 * was judged, and removes it. If someone else took it over in between, the moved lock is theirs,
 * alive: it goes back.
 */
function takeOver(lock: string, judged: Seen, me: LockOwner): void {
  const aside = `${lock}.${me.pid}.${token()}.stale`;
  try {
    sys.renameSync(lock, aside);
  } catch {
    return; // gone already, or replaced: look again
  }
  const moved = readOwner(aside);
  if (moved !== "gone" && moved.raw !== judged.raw) {
    try {
      sys.renameSync(aside, lock);
      return;
    } catch {
      // The lock was taken again meanwhile; the moved one's owner will find it gone when it lets go.
    }
  }
  sys.rmSync(aside, { recursive: true, force: true });
}

/**
 * Removes a lock this process moved aside. It holds the owner file and nothing else, so two calls
 * remove it; a recursive removal (which costs a command the loading of Node's rimraf) is left for
 * a folder someone put more into.
 */
function removeOwnLock(aside: string): void {
  try {
    sys.unlinkSync(path.join(aside, OWNER_FILE));
    sys.rmdirSync(aside);
  } catch {
    sys.rmSync(aside, { recursive: true, force: true });
  }
}

/** Lets go of the lock, only if it is still this acquisition's: moved aside first, so nobody sees it half removed. */
function release(lock: string, me: LockOwner): void {
  const seen = readOwner(lock);
  if (seen === "gone" || seen.owner?.token !== me.token) return;
  const aside = `${lock}.${me.pid}.${token()}.done`;
  try {
    sys.renameSync(lock, aside);
  } catch {
    return;
  }
  removeOwnLock(aside);
}

/** Removes staging and moved-aside folders of processes that died between two steps. */
function cleanLeftovers(lock: string): void {
  const dir = path.dirname(lock);
  const prefix = `${path.basename(lock)}.`;
  let names: string[];
  try {
    names = sys.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && !isProcessAlive(pid))
      sys.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export interface LockOptions {
  /** How long to wait for a live owner before giving up (never taking the lock from it). */
  waitMs: number;
  /** The error to throw when a live owner holds the lock longer than waitMs. */
  onBusy: (owner: LockOwner | undefined) => Error;
}

/**
 * Runs `fn` while holding the lock `lock`. A lock whose owner has died (or whose pid now belongs
 * to another process), or that is empty or unreadable, is taken over at once; a live owner is
 * waited for, up to waitMs, then `onBusy` says what to tell the user. Never taken by age.
 */
export function withDirLock<T>(lock: string, fn: () => T, options: LockOptions): T {
  const release = acquireDirLock(lock, options);
  try {
    return fn();
  } finally {
    release();
  }
}

/** Takes the lock as withDirLock does and returns what releases it: for a holder that awaits. */
export function acquireDirLock(lock: string, options: LockOptions): () => void {
  const me: LockOwner = { ...ownIdentity(), token: token(), since: new Date().toISOString() };
  const started = Date.now();
  let delay = 1;
  for (;;) {
    if (tryCreate(lock, me)) break;
    const seen = readOwner(lock);
    if (seen === "gone") continue;
    const state = seen.owner ? identityState(seen.owner) : "dead";
    if (state === "dead") {
      takeOver(lock, seen, me);
      continue;
    }
    if (Date.now() - started > options.waitMs) throw options.onBusy(seen.owner);
    pause(delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    cleanLeftovers(lock);
  } catch (error) {
    release(lock, me);
    throw error;
  }
  return () => release(lock, me);
}
