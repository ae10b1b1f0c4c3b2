import { header, valueOptions } from "./shared.js";
import type { CompletionSpec, ValueKind } from "./spec.js";

/** A fish single-quoted string: only \ and ' need escaping. */
const fq = (text: string): string => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function valueFlags(kind: ValueKind, program: string): string {
  switch (kind.kind) {
    case "playbook":
    case "incident":
      return `-x -a ${fq(`(__${program}_ids ${kind.kind}s)`)}`;
    case "file":
      return "-r -F";
    case "dir":
      return `-x -a ${fq("(__fish_complete_directories)")}`;
    case "choices":
      return `-x -a ${fq(kind.choices.join(" "))}`;
    case "command":
    case "any":
      return "-x";
  }
}

/**
 * A fish completion script. fish decides per candidate with a condition (-n), so the script
 * defines one helper that replays the same walk as the bash and zsh scripts and prints
 * "<positional count>|<command path>", and each completion asks it where the cursor is.
 */
export function fishScript(spec: CompletionSpec, version: string): string {
  const p = spec.program.replace(/\W/g, "_");
  const c = spec.program;
  const subcommandKeys = spec.commands.flatMap((cmd) => cmd.subcommands.map((s) => `${cmd.path}|${s.name}`));
  const lines = [
    ...header("fish", spec, version, [
      "Install it for your user:",
      `  ${c} completion fish > ~/.config/fish/completions/${c}.fish`,
    ]),
    "",
    `set -g __${p}_subcommands ${subcommandKeys.map(fq).join(" ")}`,
    `set -g __${p}_value_options ${valueOptions(spec)
      .map((v) => fq(v.key))
      .join(" ")}`,
    "",
    `function __${p}_state`,
    "    set -l tokens (commandline -opc)",
    "    set -e tokens[1]",
    "    set -l cmdpath ''",
    "    set -l npos 0",
    "    set -l expect 0",
    "    for word in $tokens",
    "        if test $expect -eq 1",
    "            set expect 0",
    "        else if string match -q -- '-*' $word",
    `            if contains -- "$cmdpath|$word" $__${p}_value_options`,
    "                set expect 1",
    "            end",
    `        else if test $npos -eq 0; and contains -- "$cmdpath|$word" $__${p}_subcommands`,
    '            set cmdpath (string trim -- "$cmdpath $word")',
    "        else",
    "            set npos (math $npos + 1)",
    "        end",
    "    end",
    '    echo "$npos|$cmdpath"',
    "end",
    "",
    "# True when the cursor is inside this command path (options may come anywhere after it).",
    `function __${p}_at -a want`,
    `    set -l state (__${p}_state)`,
    "    set -l got (string replace -r '^[0-9]+\\|' '' -- $state)",
    '    test "$got" = "$want"',
    "end",
    "",
    "# True when the cursor is on positional argument number index (from 0) of this command path.",
    `function __${p}_arg -a want index variadic`,
    `    set -l state (__${p}_state)`,
    "    set -l got (string replace -r '^[0-9]+\\|' '' -- $state)",
    "    set -l n (string replace -r '\\|.*$' '' -- $state)",
    '    test "$got" = "$want"; or return 1',
    '    if test "$variadic" = 1',
    '        test "$n" -ge "$index"',
    "    else",
    '        test "$n" -eq "$index"',
    "    end",
    "end",
    "",
    "# Playbook or incident ids from the CLI itself, with the same --config as the line.",
    `function __${p}_ids -a kind`,
    "    set -l tokens (commandline -opc)",
    "    set -l cli $tokens[1]",
    "    set -l i (contains -i -- --config $tokens); or set i (contains -i -- -c $tokens)",
    '    if test -n "$i"; and test (count $tokens) -gt $i',
    "        set -a cli --config $tokens[(math $i + 1)]",
    "    end",
    "    $cli __complete $kind 2>/dev/null",
    "end",
    "",
    `complete -c ${c} -e`,
    `complete -c ${c} -f`,
  ];
  for (const cmd of spec.commands) {
    for (const sub of cmd.subcommands) {
      lines.push(
        `complete -c ${c} -n ${fq(`__${p}_arg '${cmd.path}' 0 0`)} -a ${fq(sub.name)} -d ${fq(sub.description)}`,
      );
    }
    for (const o of cmd.options.filter((x) => !x.hidden)) {
      const names = o.names.map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(" ");
      const value = o.value ? ` ${valueFlags(o.value, p)}` : "";
      lines.push(`complete -c ${c} -n ${fq(`__${p}_at '${cmd.path}'`)} ${names}${value} -d ${fq(o.description)}`);
    }
    cmd.args.forEach((kind, index) => {
      const variadic = cmd.variadic && index === cmd.args.length - 1 ? 1 : 0;
      const condition = fq(`__${p}_arg '${cmd.path}' ${index} ${variadic}`);
      if (kind.kind === "file") lines.push(`complete -c ${c} -n ${condition} -F`);
      else if (kind.kind === "command") {
        const parent = spec.commands.find((x) => x.path === cmd.path.replace(/ ?help$/, ""));
        lines.push(
          `complete -c ${c} -n ${condition} -a ${fq((parent?.subcommands ?? []).map((s) => s.name).join(" "))}`,
        );
      } else if (kind.kind !== "any")
        lines.push(`complete -c ${c} -n ${condition} ${valueFlags(kind, p).replace(/^-[xr] /, "")}`);
    });
  }
  lines.push("");
  return lines.join("\n");
}
