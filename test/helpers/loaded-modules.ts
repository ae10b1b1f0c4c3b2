import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN } from "./pty.js";
import { tempDir } from "./tmp.js";

export interface RecordedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The packages under node_modules the process loaded a module of. */
  libraries: Set<string>;
  /** The files of crisis's dist/ the process loaded (each costs a resolve, a read, a compile and a link). */
  distFiles: Set<string>;
  /** Every module loaded: URLs of ES modules, paths of CommonJS ones. */
  modules: string[];
}

/**
 * The built crisis, run in `cwd` with a module-load hook that lists every module it loads: what a
 * command costs at start-up is what it loads (issue 15).
 */
export function crisisRecordingModules(cwd: string, env: NodeJS.ProcessEnv): (args: string[]) => RecordedRun {
  const loaded = path.join(tempDir(), "loaded.txt");
  const hooks = tempDir({
    "hooks.mjs": `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(loaded)}, url + "\\n"); return next(url, context); }\n`,
    "register.mjs": `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    // yaml is loaded with require where a Document is first needed (core/yaml/yaml-lib.ts), which
    // the ESM load hook does not see: the CommonJS cache is listed at exit too.
    "on-exit.cjs": `process.on("exit", () => require("node:fs").appendFileSync(${JSON.stringify(loaded)}, Object.keys(require("node:module")._cache).join("\\n") + "\\n"));\n`,
  });
  return (args) => {
    writeFileSync(loaded, "");
    const r = spawnSync(
      process.execPath,
      ["--require", path.join(hooks, "on-exit.cjs"), `--import=${path.join(hooks, "register.mjs")}`, BIN, ...args],
      { cwd, env, encoding: "utf8" },
    );
    const modules = readFileSync(loaded, "utf8").split("\n");
    const libraries = new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []));
    const distFiles = new Set(modules.filter((m) => m.startsWith("file:") && /\/dist\/.+\.js$/.test(m)));
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, libraries, distFiles, modules };
  };
}
