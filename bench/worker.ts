import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, writeSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { IncidentSession } from "../src/services/incident/session.js";
import type { JournalEvent } from "../src/core/journal/events.js";
import { loadJournalSchema } from "../src/core/journal/lines.js";

/**
 * Work the bench does in a child process of its own, so that its memory is measured alone and its
 * clock starts after Node's start-up: `worker parse <dir>`, `worker append <dir> <lines-file> <warmup>` and
 * `worker append-raw <dir> <lines-file> <warmup>`.
 * Each prints one JSON object on stdout.
 */
export async function runWorker(args: string[]): Promise<void> {
  const [mode, ...rest] = args;
  if (mode === "parse") return parseOnly(rest[0] ?? ".");
  if (mode === "append") {
    // An append checks its event against the journal schema, which every writing command loads first
    // (cli.ts); loaded before the clock starts, as there.
    await loadJournalSchema();
    return appendAll(rest[0] ?? ".", rest[1] ?? "", Number(rest[2] ?? 0));
  }
  if (mode === "append-raw") return appendRaw(rest[0] ?? ".", rest[1] ?? "", Number(rest[2] ?? 0));
  throw new Error(`unknown worker mode ${mode ?? ""}`);
}

/** The lint reference: read every file and parse it with the yaml library, nothing else. */
function parseOnly(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f));
  const started = process.hrtime.bigint();
  let failed = 0;
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    bytes += text.length;
    try {
      parse(text);
    } catch {
      failed++; // a seeded duplicate key: yaml.parse throws, and the time still counts
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, files: files.length, bytes, failed })}\n`);
}

/**
 * Appends the events of a generated journal one by one through one IncidentSession, as crisis start
 * does (lock, catch up, next seq and clock, validate, write one line, fsync, fold), timing each call. The first `warmup` are not
 * counted: they pay for lazy compilation, not for the disk.
 */
function appendAll(dir: string, linesFile: string, warmup: number): void {
  const events = readFileSync(linesFile, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as JournalEvent);
  const latencies: number[] = [];
  // What every command appends through: the lock, catching up with lines others wrote, the next seq
  // and Lamport clock, validation, one write and an fsync, the fold.
  const session = IncidentSession.open(dir, {
    actor: "Bench",
    now: () => new Date(),
    replica: { id: "bench.aaaa", host: "bench" },
  });
  events.forEach((event, i) => {
    const started = process.hrtime.bigint();
    session.append(event.type, event.data, { actor: event.actor, at: new Date(event.at) });
    if (i >= warmup) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  });
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
}

/** The reference for an append: the same lines, one write and one fsync each, nothing else. */
function appendRaw(dir: string, linesFile: string, warmup: number): void {
  const lines = readFileSync(linesFile, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const file = path.join(dir, "journal.jsonl");
  const latencies: number[] = [];
  lines.forEach((line, i) => {
    const started = process.hrtime.bigint();
    const fd = openSync(file, "a");
    try {
      writeSync(fd, `${line}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (i >= warmup) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  });
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
}
