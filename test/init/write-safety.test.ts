import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { injectFs, realFs } from "../../src/adapters/fs/sys.js";
import { main } from "../../src/cli.js";
import { sysError } from "../faults/helpers.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

async function init(cwd: string) {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", "init", "--yes", "--brand", "Acme"], io);
  return { code, err: io.err() };
}

describe("crisis init never damages a file of the team's", () => {
  test("a full disk while .gitignore is rewritten: exit 2 with one line, the old .gitignore whole, no temporary file", async () => {
    const dir = tempDir({ ".gitignore": "dist/\n" });
    const opened = new Map<number, string>();
    const restore = injectFs({
      openSync: (file, flags, mode) => {
        const fd = realFs.openSync(file, flags, mode);
        opened.set(fd, file);
        return fd;
      },
      writeSync: (fd, buffer, offset, length, position) => {
        if (opened.get(fd)?.includes(".gitignore")) throw sysError("ENOSPC", "write");
        return realFs.writeSync(fd, buffer, offset, length, position);
      },
    });
    let result;
    try {
      result = await init(dir);
    } finally {
      restore();
    }
    expect(result.code, result.err).toBe(2);
    const errors = result.err.split("\n").filter((l) => l.startsWith("crisis: "));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\.gitignore.*ENOSPC/);
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe("dist/\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("a FIFO where .gitignore goes is kept, never opened: init finishes instead of waiting on it", async () => {
    const dir = tempDir();
    spawnSync("mkfifo", [path.join(dir, ".gitignore")]);
    const result = await init(dir);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/\.gitignore\s+is not a file/);
  });
});
