import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * npm run test:faults: only the slow fault tests (test/faults/, test/hostile/), which npm test
 * leaves out. .ci/run runs both.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/faults/**/*.test.ts", "test/hostile/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
  },
});
