import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildProgram, main } from "../../src/cli.js";
import { bashScript } from "../../src/core/completion/bash.js";
import { classify, describeProgram } from "../../src/core/completion/spec.js";
import { JOURNAL_FILE } from "../../src/core/incident/folder.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLE = readFileSync(path.join(ROOT, "test/fixtures/playbooks/valid/sample.yaml"), "utf8");

async function script(shell: string): Promise<string> {
  const io = fakeIo();
  expect(await main(["node", "crisis", "completion", shell], io)).toBe(0);
  return io.out();
}

/** A team repo with a local playbook and two incidents, and a `crisis` on PATH that runs this checkout. */
function fixture() {
  const repo = tempDir({
    "crisis.config.yaml": "playbook_dirs: [playbooks]\nincidents_dir: records\n",
    "playbooks/sample.yaml": SAMPLE,
    "playbooks/spine/ours.yaml": "spine: ours\ntitle: Ours\n",
    [`records/2026-11-20-printer-fire/${JOURNAL_FILE}`]: "",
    [`records/2026-11-21-data-breach/${JOURNAL_FILE}`]: "",
    "records/not-an-incident/notes.txt": "",
  });
  const bin = path.join(repo, ".bin");
  mkdirSync(bin);
  // Runs the sources' build output, the way an installed crisis would be found on PATH.
  writeFileSync(
    path.join(bin, "crisis"),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "bin/crisis.js")}" "$@"\n`,
  );
  chmodSync(path.join(bin, "crisis"), 0o755);
  return { repo, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, NO_COLOR: "1" } };
}

/** Sources the script in a real bash, fills COMP_WORDS/COMP_CWORD as bash would, and returns COMPREPLY. */
function complete(file: string, cwd: string, env: NodeJS.ProcessEnv, words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ");
  const out = execFileSync(
    "bash",
    [
      "--norc",
      "--noprofile",
      "-c",
      `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _crisis; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      cwd,
      env,
      encoding: "utf8",
    },
  );
  return out.split("\n").filter(Boolean);
}

describe("shell completion", () => {
  test("the hidden command lists playbook ids (bundled and local, no spines) and incident ids", async () => {
    const { repo } = fixture();
    const io = fakeIo({ cwd: repo });
    await main(["node", "crisis", "__complete", "playbooks"], io);
    const ids = io.out().split("\n").filter(Boolean);
    expect(ids).toContain("sample");
    expect(ids).not.toContain("ours");
    expect(ids).not.toContain("common");
    const incidents = fakeIo({ cwd: repo });
    await main(["node", "crisis", "__complete", "incidents"], incidents);
    expect(incidents.out()).toBe("2026-11-20-printer-fire\n2026-11-21-data-breach\n");
    expect(incidents.err()).toBe("");
  });

  test("a broken config means fewer suggestions, never an error on the terminal", async () => {
    const io = fakeIo({ cwd: tempDir({ "crisis.config.yaml": "brand: [oops\n" }) });
    expect(await main(["node", "crisis", "__complete", "incidents"], io)).toBe(0);
    expect(io.err()).toBe("");
  });

  test("the scripts are built from the program: every visible command and option appears in each", async () => {
    const spec = describeProgram(buildProgram(fakeIo(), () => undefined));
    const scripts = await Promise.all(["bash", "zsh", "fish"].map(script));
    const top = spec.commands.find((c) => c.path === "");
    expect(top?.subcommands.map((s) => s.name)).toEqual(
      expect.arrayContaining(["init", "completion", "playbooks", "help"]),
    );
    expect(top?.subcommands.map((s) => s.name)).not.toContain("__complete");
    for (const command of spec.commands) {
      for (const option of command.options.filter((o) => !o.hidden))
        for (const text of scripts) expect(text).toContain(option.name.replace(/^--?/, ""));
      for (const sub of command.subcommands) for (const text of scripts) expect(text).toContain(sub.name);
    }
  });

  test("argument names decide what is completed", () => {
    expect(classify("id", ["playbooks", "show"])).toEqual({ kind: "playbook" });
    expect(classify("id", ["resume"])).toEqual({ kind: "incident" });
    expect(classify("playbook", ["start"])).toEqual({ kind: "playbook" });
    expect(classify("paths...", ["lint"])).toEqual({ kind: "file" });
    expect(classify("dir", ["init"])).toEqual({ kind: "dir" });
    expect(classify("format", ["lint"], ["json", "sarif"])).toEqual({ kind: "choices", choices: ["json", "sarif"] });
    expect(classify("level", ["severity"])).toEqual({ kind: "choices", choices: ["SEV1", "SEV2", "SEV3", "SEV4"] });
    expect(classify("id", ["note"])).toEqual({ kind: "incident" });
  });

  test("the bash script passes bash -n", { tags: ["slow"] }, async () => {
    const file = path.join(tempDir(), "crisis.bash");
    writeFileSync(file, await script("bash"));
    const result = spawnSync("bash", ["-n", file], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test(
    "bash completes commands, subcommands, options, option values, and playbook and incident ids",
    { tags: ["slow"] },
    async () => {
      expect(existsSync(path.join(ROOT, "dist/cli.js"))).toBe(true); // npm test builds first
      const { repo, env } = fixture();
      const file = path.join(repo, "crisis.bash");
      writeFileSync(file, await script("bash"));
      const words = (...w: string[]) => complete(file, repo, env, ["crisis", ...w]);

      expect(words("")).toEqual(expect.arrayContaining(["init", "playbooks", "completion", "schema", "help"]));
      expect(words("")).not.toContain("__complete");
      expect(words("pl")).toEqual(["playbooks"]);
      expect(words("playbooks", "")).toEqual(["show"]);
      expect(words("playbooks", "show", "")).toEqual(expect.arrayContaining(["sample"]));
      expect(words("playbooks", "show", "sa")).toEqual(["sample"]);
      expect(words("completion", "")).toEqual(["bash", "zsh", "fish"]);
      expect(words("schema", "--for", "")).toEqual(["playbook", "spine", "config", "journal"]);
      expect(words("init", "--dry")).toEqual(["--dry-run"]);
      expect(words("init", "--playbooks", "sam")).toEqual(["sample"]);
      expect(words("--config", "crisis.config.yaml", "playbooks", "show", "sam")).toEqual(["sample"]);
      expect(words("help", "comp")).toEqual(["completion"]);
      expect(words("resume", "")).toEqual(["2026-11-20-printer-fire", "2026-11-21-data-breach"]);
      expect(words("note", "--incident", "2026-11-2")).toEqual(["2026-11-20-printer-fire", "2026-11-21-data-breach"]);
      expect(words("severity", "")).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
      expect(words("lint", "--format", "s")).toEqual(["stylish", "sarif"]);
    },
  );

  test(
    "bash completes npx crisis … for a devDependency install, with ids from the repository's own crisis",
    { tags: ["slow"] },
    async () => {
      const { repo } = fixture();
      // crisis as a devDependency: in node_modules/.bin, not on PATH.
      mkdirSync(path.join(repo, "node_modules/.bin"), { recursive: true });
      writeFileSync(path.join(repo, "package.json"), '{ "name": "team", "version": "1.0.0", "private": true }\n');
      writeFileSync(
        path.join(repo, "node_modules/.bin/crisis"),
        `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "bin/crisis.js")}" "$@"\n`,
      );
      chmodSync(path.join(repo, "node_modules/.bin/crisis"), 0o755);
      const env = { ...process.env, NO_COLOR: "1" };
      const file = path.join(repo, "crisis.bash");
      writeFileSync(file, await script("bash"));
      const npx = (...w: string[]) => {
        const quoted = ["npx", "crisis", ...w].map((x) => `'${x}'`).join(" ");
        return execFileSync(
          "bash",
          [
            "--norc",
            "--noprofile",
            "-c",
            `source '${file}'; complete -p npx; COMP_WORDS=(${quoted}); COMP_CWORD=${w.length + 1}; _crisis_npx; printf '%s\\n' "\${COMPREPLY[@]}"`,
          ],
          { cwd: repo, env, encoding: "utf8" },
        )
          .split("\n")
          .filter(Boolean);
      };
      expect(npx("pl")).toEqual(["complete -o default -F _crisis_npx npx", "playbooks"]);
      expect(npx("playbooks", "show", "sa")).toContain("sample");
      expect(npx("resume", "2026-11-21")).toContain("2026-11-21-data-breach");
    },
  );

  test(
    "bash completes incident ids for an argument that takes one, from the configured folder",
    { tags: ["slow"] },
    () => {
      const { repo, env } = fixture();
      // A made-up command shaped like crisis resume [id], so the walk is tested apart from the real commands.
      const spec = describeProgram(buildProgram(fakeIo(), () => undefined));
      spec.commands.find((c) => c.path === "")?.subcommands.push({ name: "reopen", description: "reopen an incident" });
      spec.commands.push({
        path: "reopen",
        subcommands: [],
        options: [
          { name: "--force", names: ["--force"], description: "", value: undefined, hidden: false },
          { name: "--actor", names: ["--actor"], description: "", value: { kind: "any" }, hidden: true },
        ],
        args: [{ kind: "incident" }],
        variadic: false,
      });
      const file = path.join(repo, "crisis.bash");
      writeFileSync(file, bashScript(spec, "0.0.0"));
      expect(complete(file, repo, env, ["crisis", "reopen", ""])).toEqual([
        "2026-11-20-printer-fire",
        "2026-11-21-data-breach",
      ]);
      expect(complete(file, repo, env, ["crisis", "reopen", "2026-11-21"])).toEqual(["2026-11-21-data-breach"]);
      expect(complete(file, repo, env, ["crisis", "reopen", "2026-11-21-data-breach", ""])).toEqual([]);
      // A hidden option is not offered, but its value is still skipped when counting arguments.
      expect(complete(file, repo, env, ["crisis", "reopen", "--"])).toEqual(["--force"]);
      expect(complete(file, repo, env, ["crisis", "reopen", "--actor", "sam", "2026-11-20"])).toEqual([
        "2026-11-20-printer-fire",
      ]);
    },
  );

  test("zsh and fish scripts register themselves and call back for ids", { tags: ["slow"] }, async () => {
    const zsh = await script("zsh");
    expect(zsh.split("\n")[0]).toBe("#compdef crisis");
    expect(zsh).toContain("compdef _crisis crisis");
    expect(zsh).toContain('__complete "${kind}s"');
    const fish = await script("fish");
    expect(fish).toContain("complete -c crisis -e");
    expect(fish).toMatch(
      /complete -c crisis -n '__crisis_arg \\'playbooks show\\' 0 0' -a '\(__crisis_ids playbooks\)'/,
    );
  });
});
