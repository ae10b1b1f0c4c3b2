import { argumentArms, caseArms, header, sq, valueOptions } from "./shared.js";
import type { CompletionSpec } from "./spec.js";

/**
 * A bash completion script. It needs nothing but bash (not the bash-completion package): it walks
 * COMP_WORDS to find the command path, skipping options and their values, then offers
 * subcommands, options, option values or positional arguments. Playbook and incident ids come from
 * `crisis __complete`, run with the same --config as the line being completed.
 *
 * It completes `npx crisis …` too, for teams that install crisis as a devDependency (not on PATH):
 * the ids then come from `npx --no crisis __complete`, which runs the repository's own crisis and
 * never downloads anything. It registers for npx only when nothing else completes npx already.
 */
export function bashScript(spec: CompletionSpec, version: string): string {
  const p = spec.program;
  const f = `_${p.replace(/\W/g, "_")}`;
  const values = valueOptions(spec);
  return [
    ...header("bash", spec, version, [
      `Load it from ~/.bashrc (with ${p} on PATH):`,
      `  source <(${p} completion bash)`,
      "With crisis as a devDependency (npx crisis), write it once from the repository and load the file:",
      `  npx ${p} completion bash > ~/.${p}-completion.bash`,
      `  echo 'source ~/.${p}-completion.bash' >> ~/.bashrc`,
    ]),
    "",
    `${f}_subcommands() {`,
    '  case "$1" in',
    ...caseArms(spec.commands, (c) =>
      c.subcommands.length === 0 ? undefined : `printf '%s\\n' ${c.subcommands.map((s) => sq(s.name)).join(" ")}`,
    ),
    "  esac",
    "}",
    "",
    `${f}_options() {`,
    '  case "$1" in',
    ...caseArms(spec.commands, (c) =>
      c.options.length === 0
        ? undefined
        : `printf '%s\\n' ${c.options
            .filter((o) => !o.hidden)
            .flatMap((o) => o.names)
            .map(sq)
            .join(" ")}`,
    ),
    "  esac",
    "}",
    "",
    "# The kind of value an option takes: playbook, incident, file, dir, any or choices:<words>; nothing for a flag.",
    `${f}_option_value() {`,
    '  case "$1|$2" in',
    ...values.map((v) => `    ${sq(v.key)}) printf '%s\\n' ${sq(v.kind)} ;;`),
    "  esac",
    "}",
    "",
    "# The kind of the n-th positional argument (from 0) of a command.",
    `${f}_argument() {`,
    "  local -a kinds=()",
    "  local variadic=0 n=$2",
    '  case "$1" in',
    ...argumentArms(spec.commands),
    "  esac",
    '  if [ "$n" -ge "${#kinds[@]}" ]; then',
    '    [ "$variadic" = 1 ] && [ "${#kinds[@]}" -gt 0 ] || return 0',
    "    n=$((${#kinds[@]} - 1))",
    "  fi",
    "  printf '%s\\n' \"${kinds[n]}\"",
    "}",
    "",
    `${f}_complete_value() {`,
    '  local kind="$1" cur="$2" cmdpath="$3" parent',
    '  case "$kind" in',
    "    playbook | incident)",
    `      COMPREPLY=($(compgen -W "$("\${${f}_cli[@]}" __complete "\${kind}s" 2>/dev/null)" -- "$cur")) ;;`,
    "    file)",
    "      compopt -o filenames 2>/dev/null",
    '      COMPREPLY=($(compgen -f -- "$cur")) ;;',
    "    dir)",
    "      compopt -o filenames 2>/dev/null",
    '      COMPREPLY=($(compgen -d -- "$cur")) ;;',
    "    command)",
    '      parent="${cmdpath%help}"',
    `      COMPREPLY=($(compgen -W "$(${f}_subcommands "\${parent% }")" -- "$cur")) ;;`,
    "    choices:*)",
    '      COMPREPLY=($(compgen -W "${kind#choices:}" -- "$cur")) ;;',
    "  esac",
    "}",
    "",
    `${f}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmdpath="" word kind="" option="" sub found',
    "  local -i i=1 npos=0",
    `  local -a ${f}_cli=("\${COMP_WORDS[0]}")`,
    `  [ -n "\${${f}_via_npx:-}" ] && ${f}_cli=(npx --no ${p})`,
    "  COMPREPLY=()",
    '  while [ "$i" -lt "$COMP_CWORD" ]; do',
    '    word="${COMP_WORDS[i]}"',
    '    if [ -n "$kind" ]; then',
    "      # bash splits --option=value at the =; the value is the word after it.",
    '      if [ "$word" != "=" ]; then',
    `        case "$option" in -c | --config) ${f}_cli+=(--config "$word") ;; esac`,
    '        kind=""',
    "      fi",
    '    elif [[ "$word" == -* ]]; then',
    `      kind="$(${f}_option_value "$cmdpath" "$word")"`,
    '      option="$word"',
    "    else",
    '      found=""',
    '      if [ "$npos" -eq 0 ]; then',
    `        for sub in $(${f}_subcommands "$cmdpath"); do`,
    '          if [ "$sub" = "$word" ]; then found=1; break; fi',
    "        done",
    "      fi",
    '      if [ -n "$found" ]; then cmdpath="${cmdpath:+$cmdpath }$word"; else npos+=1; fi',
    "    fi",
    "    i+=1",
    "  done",
    '  [ "$cur" = "=" ] && cur=""',
    '  if [ -n "$kind" ]; then',
    `    ${f}_complete_value "$kind" "$cur" "$cmdpath"`,
    '  elif [[ "$cur" == -* ]]; then',
    `    COMPREPLY=($(compgen -W "$(${f}_options "$cmdpath")" -- "$cur"))`,
    `  elif [ "$npos" -eq 0 ] && [ -n "$(${f}_subcommands "$cmdpath")" ]; then`,
    `    COMPREPLY=($(compgen -W "$(${f}_subcommands "$cmdpath")" -- "$cur"))`,
    "  else",
    `    kind="$(${f}_argument "$cmdpath" "$npos")"`,
    `    [ -n "$kind" ] && ${f}_complete_value "$kind" "$cur" "$cmdpath"`,
    "  fi",
    "  return 0",
    "}",
    "",
    `complete -F ${f} ${p}`,
    "",
    `# npx ${p} …: the same, one word further on. Other npx lines complete file names.`,
    `${f}_npx() {`,
    `  if [ "$COMP_CWORD" -ge 2 ] && [ "\${COMP_WORDS[1]}" = ${sq(p)} ]; then`,
    `    local -a COMP_WORDS=(${sq(p)} "\${COMP_WORDS[@]:2}")`,
    "    local COMP_CWORD=$((COMP_CWORD - 1))",
    `    local ${f}_via_npx=1`,
    `    ${f}`,
    "  fi",
    "  return 0",
    "}",
    `complete -p npx >/dev/null 2>&1 || complete -o default -F ${f}_npx npx`,
    "",
  ].join("\n");
}
