import { argumentArms, caseArms, header, sq, valueOptions } from "./shared.js";
import type { CompletionSpec } from "./spec.js";

/**
 * A bash completion script. It needs nothing but bash (not the bash-completion package): it walks
 * COMP_WORDS to find the command path, skipping options and their values, then offers
 * subcommands, options, option values or positional arguments. Playbook and incident ids come from
 * `crisis __complete`, run with the same --config as the line being completed.
 */
export function bashScript(spec: CompletionSpec, version: string): string {
  const p = spec.program;
  const f = `_${p.replace(/\W/g, "_")}`;
  const values = valueOptions(spec);
  return [
    ...header("bash", spec, version, [
      "Install it for your user (with the bash-completion package):",
      `  ${p} completion bash > "\${BASH_COMPLETION_USER_DIR:-\${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion}/completions/${p}"`,
      "or load it from ~/.bashrc:",
      `  source <(${p} completion bash)`,
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
  ].join("\n");
}
