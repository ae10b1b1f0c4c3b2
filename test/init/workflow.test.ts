import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { renderLintWorkflow, SARIF_FILE } from "../../src/core/init/workflow.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { "runs-on": string; permissions: Record<string, string>; steps: Step[] }>;
}

describe("the generated GitHub Actions workflow", () => {
  const workflow = parse(renderLintWorkflow({ install: { kind: "npm-ci" } })) as Workflow;
  const job = workflow.jobs.lint;
  const steps = job?.steps ?? [];

  test("is a workflow with triggers and one lint job on a hosted runner", () => {
    expect(Object.keys(workflow.on)).toEqual(["push", "pull_request", "workflow_dispatch"]);
    expect(Object.keys(workflow.jobs)).toEqual(["lint"]);
    expect(job?.["runs-on"]).toBe("ubuntu-latest");
    for (const step of steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
  });

  test("checks out, sets up Node, installs, then lints with annotations", () => {
    const uses = steps.map((s) => s.uses ?? s.run);
    expect(uses[0]).toMatch(/^actions\/checkout@v\d+$/);
    expect(uses[1]).toMatch(/^actions\/setup-node@v\d+$/);
    expect(steps[1]?.with?.["node-version"]).toBeDefined();
    expect(uses[2]).toBe("npm ci");
    expect(uses[3]).toBe("npx crisis lint --format github");
  });

  test("writes SARIF and uploads it, even after the annotation step failed, with the permission that needs", () => {
    const sarif = steps.find((s) => s.run?.includes("--format sarif"));
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif?.run).toContain(`npx crisis lint --format sarif --output ${SARIF_FILE}`);
    expect(upload?.with?.sarif_file).toBe(SARIF_FILE);
    expect(steps.indexOf(sarif as Step)).toBeLessThan(steps.indexOf(upload as Step));
    expect(sarif?.if).toBe("${{ !cancelled() }}");
    expect(upload?.if).toBe("${{ !cancelled() }}");
    expect(job?.permissions["security-events"]).toBe("write");
    expect(job?.permissions.contents).toBe("read");
  });

  test("without a package.json it installs the running version", () => {
    const other = parse(renderLintWorkflow({ install: { kind: "package", spec: "crisis-cli@^1.2.3" } })) as Workflow;
    expect(other.jobs.lint?.steps.map((s) => s.run)).toContain(
      "npm install --no-save --no-audit --no-fund crisis-cli@^1.2.3",
    );
  });
});
