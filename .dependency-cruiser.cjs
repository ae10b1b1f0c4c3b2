// The layering rule of src/ (docs/architecture.md), checked in `npm test` by `npm run lint:layers`:
//
//   cli.ts → commands/ → services/ → core/ → adapters/
//
// Imports point down (skipping a layer is fine), never up, and never in a circle, type-only
// imports included. src/errors.ts and src/version.ts are a small shared kernel every layer may use;
// the kernel itself imports nothing from the layers.
const LAYERS = ["cli", "commands", "services", "core", "adapters"];
const path = {
  cli: "^src/cli\\.ts$",
  commands: "^src/commands/",
  services: "^src/services/",
  core: "^src/core/",
  adapters: "^src/adapters/",
  kernel: "^src/(errors|version)\\.ts$",
};

/** Where every module of src/ must sit: a layer, the kernel, or a type declaration for a library. */
const INSIDE = [...LAYERS.map((l) => path[l]), path.kernel, "^src/types/.+\\.d\\.ts$"];

/** Each layer may not import any layer above it. */
const upward = LAYERS.slice(1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} may import only the layers below it (${LAYERS.slice(i + 2).join(", ") || "none"}) and the kernel`,
  severity: "error",
  from: { path: path[layer] },
  to: { path: LAYERS.slice(0, i + 1).map((l) => path[l]) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycles, counting type-only imports",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...upward,
    {
      name: "kernel-imports-no-layer",
      comment: "errors.ts and version.ts are imported by every layer, so they import none",
      severity: "error",
      from: { path: path.kernel },
      to: { path: LAYERS.map((l) => path[l]) },
    },
    {
      name: "every-module-in-a-layer",
      comment: "a module outside the layers has no place in the rule: put it in one",
      severity: "error",
      from: { path: "^src/", pathNot: INSIDE },
      to: {},
    },
    {
      name: "import-only-from-a-layer",
      comment: "a module outside the layers has no place in the rule: put it in one",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/", pathNot: INSIDE },
    },
    {
      name: "core-does-no-io",
      comment: "core is pure: files, processes and the network are reached through services and adapters",
      severity: "error",
      from: { path: path.core },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|fs/promises|os|child_process|net|http|https|readline|worker_threads|cluster|dgram|tty)$",
      },
    },
    {
      name: "core-uses-no-io-adapters",
      comment: "core may use the terminal's pure helpers (sanitising, the Prompter interface), not the file system",
      severity: "error",
      from: { path: path.core },
      to: {
        path: [
          "^src/adapters/fs/",
          "^src/adapters/process\\.ts$",
          "^src/adapters/terminal/(process-io|inquirer-prompter|interrupt)\\.ts$",
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
