// @module-tag slow (spawns the built CLI and closes its pipe)
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const BIN = path.resolve(import.meta.dirname, "../../bin/crisis.js");

test("a reader that closes the pipe early (crisis schema | head -1) ends the run quietly", async () => {
  const child = spawn(process.execPath, [BIN, "schema", "--for", "journal"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  // Like head -1: read the first chunk, then close the read end.
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(err).toBe("");
  expect(code).toBe(0);
});
