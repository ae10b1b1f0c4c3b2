import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { generateJournal } from "../../bench/generate-journal.js";
import { tempDir } from "../helpers/tmp.js";

describe("the bench's journal worker", () => {
  it("appends every event of a generated journal in a fresh process state (schema not yet loaded) and reports each latency", async () => {
    // Fresh modules: the test setup loads the journal schema, a bench worker process starts without it.
    vi.resetModules();
    const { runWorker } = await import("../../bench/worker.js");
    const dir = tempDir();
    const lines = path.join(dir, "events.jsonl");
    writeFileSync(
      lines,
      generateJournal(30, "2025-03-14-append", {
        id: "service-outage",
        version: "1.0.0",
        title: "Service outage",
        crisis_type: "service-outage",
      }),
    );
    mkdirSync(path.join(dir, "journal"));
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await runWorker(["append", path.join(dir, "journal"), lines, "5"]);
    } finally {
      write.mockRestore();
    }
    const { latencies } = JSON.parse(out.join("")) as { latencies: number[] };
    expect(latencies).toHaveLength(25);
    const written = readFileSync(path.join(dir, "journal", "journal.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(written.length).toBeGreaterThanOrEqual(30);
  });
});
