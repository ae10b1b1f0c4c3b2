import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // An interactive test must never wait on CI's closed stdin.
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
  },
});
