import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appendLine, writeFileAtomic, writeOutputFile } from "../../src/adapters/fs/durable-write.js";
import { withDirLock } from "../../src/adapters/fs/lock.js";
import { injectFs, realFs } from "../../src/adapters/fs/sys.js";
import { readRegularFile } from "../../src/adapters/fs/read.js";
import { IncidentSession } from "../../src/services/incident/session.js";
import { appendEvent } from "../../src/services/journal/store.js";
import { injectFaults, sysError } from "../faults/helpers.js";
import { tempDir } from "../helpers/tmp.js";

const at = new Date("2026-11-21T19:30:00Z");
const note = (text: string) => ({ type: "note" as const, data: { text }, actor: "Ana" });
const line = (seq: number, text = `n${seq}`) =>
  JSON.stringify({
    v: 1,
    seq,
    at: at.toISOString(),
    logged_at: at.toISOString(),
    actor: "A",
    type: "note",
    data: { text },
  });
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid;
const lockDir = (dir: string) => path.join(dir, ".journal.lock");

describe("appending a line: acknowledged only when whole on disk", () => {
  it("a short write is continued until the line is whole", () => {
    const dir = tempDir();
    const file = path.join(dir, "journal.jsonl");
    injectFaults({ write: () => "short" });
    appendLine(file, "x".repeat(1000));
    expect(readFileSync(file, "utf8")).toBe(`${"x".repeat(1000)}\n`);
  });

  it("a failed write or sync truncates the file back: no torn line is left, and the error is thrown", () => {
    const dir = tempDir();
    const file = path.join(dir, "journal.jsonl");
    appendLine(file, "first");
    let n = 0;
    const faults = injectFaults({ write: () => (n++ === 0 ? "short" : sysError("ENOSPC", "write")) });
    expect(() => appendLine(file, "second, cut off by a full disk")).toThrow(/ENOSPC/);
    faults.restore();
    expect(readFileSync(file, "utf8")).toBe("first\n");
  });

  it("a torn line from a crash gets its newline before the next line", () => {
    const dir = tempDir({ "journal.jsonl": "whole\ntor" });
    appendLine(path.join(dir, "journal.jsonl"), "next");
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).toBe("whole\ntor\nnext\n");
  });

  it("never follows a symbolic link: a journal.jsonl linked out of its folder is refused", () => {
    const dir = tempDir({ "outside.jsonl": "" });
    mkdirSync(path.join(dir, "incident"));
    symlinkSync(path.join(dir, "outside.jsonl"), path.join(dir, "incident", "journal.jsonl"));
    expect(() => appendEvent(path.join(dir, "incident"), note("escape"), at)).toThrow(/symbolic link/);
    expect(readFileSync(path.join(dir, "outside.jsonl"), "utf8")).toBe("");
  });

  it("a full disk during an append says what was not recorded, in one line, and leaves the journal as it was", () => {
    const dir = tempDir();
    const session = IncidentSession.open(dir, { actor: "A", now: () => at });
    session.append("note", { text: "kept" });
    const before = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    injectFaults({ write: () => sysError("ENOSPC", "write") });
    expect(() => session.append("note", { text: "lost" })).toThrow(
      /^disk full \(ENOSPC\): the note was not recorded .*; nothing else changed$/,
    );
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).toBe(before);
  });
});

describe("the seq of the next event", () => {
  it("is one more than the highest, after lines out of order", () => {
    const dir = tempDir({ "journal.jsonl": `${line(0)}\n${line(5)}\n${line(3)}\n` });
    const session = IncidentSession.open(dir, { actor: "A", now: () => at });
    expect(session.append("note", { text: "next" }).seq).toBe(6);
    expect(appendEvent(dir, note("and next"), at).seq).toBe(7);
  });

  it("ignores a seq no journal could reach (1e300): it is a damaged line, not the count", () => {
    const huge = line(1).replace('"seq":1', '"seq":1e300');
    const dir = tempDir({ "journal.jsonl": `${line(0)}\n${huge}\n` });
    const session = IncidentSession.open(dir, { actor: "A", now: () => at });
    expect(session.damageAtOpen.invalid.map((d) => d.line)).toEqual([2]);
    expect(session.append("note", { text: "next" }).seq).toBe(1);
    expect(appendEvent(dir, note("and next"), at).seq).toBe(2);
  });
});

describe("replacing a derived file (incident-log.md, postmortem.md)", () => {
  it("a failure leaves the previous version whole and no temporary file", () => {
    const dir = tempDir({ "incident-log.md": "# The good log\n" });
    const file = path.join(dir, "incident-log.md");
    let n = 0;
    injectFaults({ write: () => (n++ === 0 ? "short" : sysError("ENOSPC", "write")) });
    expect(() => writeFileAtomic(file, "# A longer log that does not fit\n".repeat(100))).toThrow(/ENOSPC/);
    expect(readFileSync(file, "utf8")).toBe("# The good log\n");
    expect(readdirSync(dir)).toEqual(["incident-log.md"]);
  });

  it("temporary files of writers killed mid-write are cleaned at the next write; a live writer's are left", () => {
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      const dir = tempDir({
        [`.incident-log.md.${deadPid()}.tmp`]: "half a log",
        [`.incident-log.md.${live.pid}.tmp`]: "being written",
        ".postmortem.md.1.tmp": "another file's",
      });
      writeFileAtomic(path.join(dir, "incident-log.md"), "# Log\n");
      expect(readdirSync(dir).sort()).toEqual(
        [".postmortem.md.1.tmp", `.incident-log.md.${live.pid}.tmp`, "incident-log.md"].sort(),
      );
    } finally {
      live.kill();
    }
  });

  it("keeps the file's permissions, and refuses a symbolic link in an incident folder", () => {
    const dir = tempDir({ "postmortem.md": "old\n", "victim.md": "keep me\n" });
    chmodSync(path.join(dir, "postmortem.md"), 0o600);
    writeFileAtomic(path.join(dir, "postmortem.md"), "new\n");
    expect(statSync(path.join(dir, "postmortem.md")).mode & 0o777).toBe(0o600);
    symlinkSync(path.join(dir, "victim.md"), path.join(dir, "incident-log.md"));
    expect(() => writeFileAtomic(path.join(dir, "incident-log.md"), "x", { noSymlink: true })).toThrow(/symbolic link/);
    expect(readFileSync(path.join(dir, "victim.md"), "utf8")).toBe("keep me\n");
  });
});

describe("-o FILE", () => {
  it("a regular file is replaced atomically; through a link, the file it points to (the link stays)", () => {
    const dir = tempDir({ "review.md": "old\n" });
    writeOutputFile(path.join(dir, "review.md"), "new\n");
    expect(readFileSync(path.join(dir, "review.md"), "utf8")).toBe("new\n");
    symlinkSync(path.join(dir, "review.md"), path.join(dir, "link.md"));
    writeOutputFile(path.join(dir, "link.md"), "via the link\n");
    expect(readFileSync(path.join(dir, "review.md"), "utf8")).toBe("via the link\n");
    expect(statSync(path.join(dir, "link.md")).isFile()).toBe(true);
    expect(existsSync(path.join(dir, "link.md"))).toBe(true);
  });

  it("a FIFO is written into, not replaced", async () => {
    const dir = tempDir();
    const fifo = path.join(dir, "pipe");
    spawnSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    let got = "";
    reader.stdout.on("data", (d: Buffer) => (got += d.toString()));
    const done = new Promise((r) => reader.on("close", r));
    writeOutputFile(fifo, "through the pipe\n");
    await done;
    expect(got).toBe("through the pipe\n");
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it("a device (/dev/null) is written into and stays a device; a folder is refused", () => {
    writeOutputFile("/dev/null", "discarded\n");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(() => writeOutputFile(tempDir(), "x")).toThrow(/folder/);
  });
});

describe("reading where a file is expected", () => {
  it("refuses a FIFO and a device at once, without waiting, and a file over the limit", () => {
    const dir = tempDir({ "big.yaml": "x".repeat(2000) });
    spawnSync("mkfifo", [path.join(dir, "pipe.yaml")]);
    expect(() => readRegularFile(path.join(dir, "pipe.yaml"), 1000)).toThrow(
      /it is a FIFO \(named pipe\), not a regular file/,
    );
    expect(() => readRegularFile("/dev/zero", 1000)).toThrow(/it is a character device, not a regular file/);
    expect(() => readRegularFile(path.join(dir, "big.yaml"), 1000)).toThrow(/larger than the/);
    expect(() => readRegularFile(dir, 1000)).toThrow(/folder/);
  });
});

describe("the journal lock: owned by a process, never by a clock", () => {
  it("a lock whose owner has died is taken over at once", () => {
    const dir = tempDir();
    mkdirSync(lockDir(dir));
    writeFileSync(path.join(lockDir(dir), "owner"), JSON.stringify({ pid: deadPid(), host: hostname() }));
    const t = Date.now();
    appendEvent(dir, note("one"), at);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(existsSync(lockDir(dir))).toBe(false);
  });

  it("an empty or unreadable lock never makes anyone wait", () => {
    for (const owner of [undefined, "", "{not json", JSON.stringify({ pid: "x" })]) {
      const dir = tempDir();
      mkdirSync(lockDir(dir));
      if (owner !== undefined) writeFileSync(path.join(lockDir(dir), "owner"), owner);
      const t = Date.now();
      appendEvent(dir, note("one"), at);
      expect(Date.now() - t, JSON.stringify(owner)).toBeLessThan(2000);
    }
  });

  it("a live pid whose start time differs (the pid was reused) does not own the lock", () => {
    const dir = tempDir();
    mkdirSync(lockDir(dir));
    // This test process is alive, but it did not start at this time: the lock's owner is gone.
    writeFileSync(
      path.join(lockDir(dir), "owner"),
      JSON.stringify({ pid: process.ppid, host: hostname(), start: "linux:another-boot:1" }),
    );
    const t = Date.now();
    appendEvent(dir, note("one"), at);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it("a live owner is waited for, then the waiter gives up saying who holds it, taking nothing", () => {
    const dir = tempDir();
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      const start = readFileSync(`/proc/${owner.pid}/stat`, "utf8");
      const ticks = start.slice(start.lastIndexOf(")") + 2).split(" ")[19];
      const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
      mkdirSync(lockDir(dir));
      const held = JSON.stringify({
        pid: owner.pid,
        host: hostname(),
        start: `linux:${boot}:${ticks}`,
        token: "theirs",
      });
      writeFileSync(path.join(lockDir(dir), "owner"), held);
      const t = Date.now();
      expect(() =>
        withDirLock(lockDir(dir), () => "mine", { waitMs: 300, onBusy: (o) => new Error(`held by ${o?.pid}`) }),
      ).toThrow(`held by ${owner.pid}`);
      expect(Date.now() - t).toBeGreaterThanOrEqual(300);
      expect(readFileSync(path.join(lockDir(dir), "owner"), "utf8")).toBe(held);
    } finally {
      owner.kill();
    }
  });

  it("a lock appears whole: there is never a lock folder without its owner", () => {
    const dir = tempDir();
    let seen = 0;
    withDirLock(
      lockDir(dir),
      () => {
        const owner = JSON.parse(readFileSync(path.join(lockDir(dir), "owner"), "utf8")) as {
          pid: number;
          token: string;
        };
        expect(owner.pid).toBe(process.pid);
        expect(owner.token).toMatch(/^[0-9a-f]{12}$/);
        seen++;
      },
      { waitMs: 1000, onBusy: () => new Error("busy") },
    );
    expect(seen).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("letting go removes the owner file and the folder, without a recursive removal (Node's rimraf costs a command its loading)", () => {
    const dir = tempDir();
    const recursive: string[] = [];
    const restore = injectFs({
      rmSync: (file, options) => {
        recursive.push(file);
        realFs.rmSync(file, options);
      },
    });
    try {
      withDirLock(lockDir(dir), () => "mine", { waitMs: 1000, onBusy: () => new Error("busy") });
    } finally {
      restore();
    }
    expect(recursive).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a lock someone put more into while it was held is still removed whole", () => {
    const dir = tempDir();
    withDirLock(lockDir(dir), () => writeFileSync(path.join(lockDir(dir), "stray"), "x"), {
      waitMs: 1000,
      onBusy: () => new Error("busy"),
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
