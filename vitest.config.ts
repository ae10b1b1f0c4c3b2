import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  // The bundler replaces this in dist/cli.js; tests run the sources.
  define: { __CRISIS_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["test/**/*.test.ts"],
    // The fault tests run in npm run test:faults (vitest.faults.config.ts), and in .ci/run.
    exclude: ["test/faults/**", "test/hostile/**", "**/node_modules/**"],
    testTimeout: 20_000,
    // Loads the journal schema as every command but the incident commands does (src/cli.ts).
    setupFiles: ["test/helpers/journal-schema.ts"],
    hookTimeout: 60_000,
    pool: "forks",
    // npm run test:fast leaves these out (--tags-filter='!slow'): real processes and terminals,
    // packing, property runs over thousands of inputs, whole incidents driven through the step
    // engine, and whole-output checks by a second tool (ajv, markdownlint). Tag a file with a
    // "// @module-tag slow" comment at its top, a test with { tags: ["slow"] }. test:fast also
    // shares modules between files (--no-isolate): the tests mock no modules, so nothing leaks,
    // and each file no longer pays to load zod and yaml again. npm test runs everything.
    tags: [
      {
        name: "slow",
        description: "spawns processes or terminals, packs, drives whole incidents, or runs thousands of cases",
        // Whole-incident and process tests take seconds each, several times that on a loaded 2-core
        // machine; a generous limit keeps a busy CI from failing a test that is only slow.
        timeout: 90_000,
      },
      // npm test leaves these out (they are excluded above); npm run test:faults runs them, and so
      // does .ci/run: a whole incident once per write with a fault injected, a real full tmpfs, a
      // writer stopped with SIGSTOP for longer than any timeout, the hostile-input corpus.
      {
        name: "faults",
        description: "injects a fault at every write of a whole incident, fills a real disk, or stalls a writer",
      },
    ],
    // An interactive test must never wait on CI's closed stdin.
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
    // In CI, also write the results as JSON so .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results.json" },
  },
});
