import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import type { AnyCommand, OptionSpec } from "../../src/commands/define.js";
import { COMMANDS, PROGRAM } from "../../src/commands/index.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/** A bad value for every option that takes one, by "<command path> <flag>" ("" for the program's own). */
const BAD: Record<string, string> = {
  " --config": "",
  "start --answers": "",
  "start --actor": "",
  "resume --answers": "",
  "resume --actor": "",
  "note --at": "soon",
  "note --incident": "",
  "note --actor": " ",
  "decision --why": "",
  "decision --alternatives": "",
  "decision --at": "25:00",
  "decision --incident": "",
  "decision --actor": "",
  "severity --reason": "",
  "severity --incident": "",
  "severity --actor": "",
  "checkin --mentions": "abc",
  "checkin --negative": "140",
  "checkin --media": "1.5",
  "checkin --tickets": "-1",
  "checkin --at": "yesterday-ish",
  "checkin --from": "",
  "checkin --layout": "sprinklr",
  "checkin --columns": "date",
  "checkin --timezone": "Mars/Olympus",
  "checkin --date-format": " ",
  "checkin --incident": "",
  "checkin --actor": "",
  "postmortem --format": "pdf",
  "postmortem --answers": "",
  "postmortem --output": "",
  "postmortem --max-gap": "soon",
  "postmortem --actions": "xlsx",
  "postmortem --repo": "",
  "log media --outlet": "",
  "log media --reporter": "",
  "log media --question": "",
  "log media --deadline": "",
  "log media --response": "",
  "log media --at": "soon",
  "log media --incident": "",
  "log media --actor": "",
  "log spokesperson --who": "",
  "log spokesperson --outlet": "",
  "log spokesperson --format": "podcast",
  "log spokesperson --summary": "",
  "log spokesperson --at": "soon",
  "log spokesperson --incident": "",
  "log spokesperson --actor": "",
  "log stakeholder --who": "",
  "log stakeholder --channel": "",
  "log stakeholder --summary": "",
  "log stakeholder --at": "soon",
  "log stakeholder --incident": "",
  "log stakeholder --actor": "",
  "log evidence --link": "",
  "log evidence --description": "",
  "log evidence --at": "soon",
  "log evidence --incident": "",
  "log evidence --actor": "",
  "lint --format": "xml",
  "lint --output": "",
  "lint --max-warnings": "lots",
  "lint --fail-on": "fatal",
  "lint --severity": "fatal",
  "lint --cache-location": "",
  "preapprove --by": " ",
  "preapprove --role": "",
  "init --brand": "",
  "init --handles": "acme",
  "init --support-contact": "",
  "init --media-contact": "",
  "init --hub-url": "acme.example",
  "init --status-page-url": "status",
  "init --mentions-per-hour": "lots",
  "init --negative-share": "140",
  "init --targets": "SEV9=1h",
  "init --incidents-dir": "",
  "init --playbooks": " , ",
  "schema --for": "yaml",
  "approve --role": "",
  "approve --hash": " ",
  "approve --reject": "",
  "approve --actor": "",
  "approve --incident": "",
  "export --dir": "",
};

/** Arguments a command needs before its options can be checked. */
const ARGS: Record<string, string[]> = {
  note: ["x"],
  decision: ["x"],
  severity: ["SEV1"],
  "playbooks show": ["x"],
  completion: ["bash"],
  preapprove: ["data-breach/holding-short"],
  __complete: ["playbooks"],
};

const longFlag = (spec: OptionSpec) => /--[a-z0-9-]+/.exec(spec.flags)?.[0] ?? spec.flags;
const takesValue = (spec: OptionSpec) => /[<[]/.test(spec.flags);

function valueOptions(commands: readonly AnyCommand[], prefix = ""): [path: string, flag: string][] {
  return commands.flatMap((c) => {
    const path = `${prefix}${c.name}`;
    const own = Object.values(c.options as Record<string, OptionSpec>)
      .filter(takesValue)
      .map((o): [string, string] => [path, longFlag(o)]);
    return [...own, ...valueOptions(c.subcommands ?? [], `${path} `)];
  });
}

const cases = [
  ...Object.values(PROGRAM.options as Record<string, OptionSpec>)
    .filter(takesValue)
    .map((o): [string, string] => ["", longFlag(o)]),
  ...valueOptions(COMMANDS),
];

describe("a bad option value", () => {
  test("every option that takes a value has a bad value here (so a new option gets one too)", () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.map(([path, flag]) => `${path} ${flag}`).sort()).toEqual(Object.keys(BAD).sort());
  });

  test.each(cases)("crisis %s %s: one line naming the flag and the value, exit 2", async (path, flag) => {
    const bad = BAD[`${path} ${flag}`] ?? "";
    const command = path === "" ? ["list"] : [...path.split(" "), ...(ARGS[path] ?? [])];
    const argv = path === "" ? [flag, bad, ...command] : [...command, flag, bad];
    const io = fakeIo({ cwd: tempDir() });
    const code = await main(["node", "crisis", ...argv], io);
    expect(code, io.err()).toBe(2);
    const lines = io.err().split("\n").filter(Boolean);
    const naming = lines.filter((l) => l.includes(flag));
    expect(naming, io.err()).toHaveLength(1);
    const shown = bad === "" || /\s/.test(bad) ? JSON.stringify(bad) : bad;
    expect(naming[0]).toContain(shown);
    expect(naming[0]).toMatch(/expected|Allowed choices/);
    expect(io.err()).not.toMatch(/internal error|\n\s+at /);
    expect(io.out()).toBe("");
  });
});
