/**
 * Whether the responder chose an editor for long answers. $VISUAL, then $EDITOR, as every Unix tool
 * reads them, with one exception: npm exec (npx) exports $EDITOR to the programs it runs, set to
 * npm's own `editor` setting, which falls back to `vi` (`notepad.exe` on Windows) when the user set
 * nothing. Under npx an $EDITOR equal to that fallback is npm's default, not the responder's choice,
 * so long answers are typed inline instead of dropping a first-time responder into vi. Someone who
 * wants vi under npx sets VISUAL=vi. docs/start.md documents the rule.
 */
export function chosenEditor(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const visual = env.VISUAL?.trim();
  if (visual) return visual;
  const editor = env.EDITOR?.trim();
  if (!editor) return undefined;
  const underNpm = env.npm_execpath !== undefined || env.npm_command !== undefined;
  const npmDefault = platform === "win32" ? "notepad.exe" : "vi";
  return underNpm && editor === npmDefault ? undefined : editor;
}
