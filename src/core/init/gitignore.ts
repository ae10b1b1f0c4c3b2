/**
 * .gitignore lines as init writes and reads them. A line names a folder however it is written
 * (`node_modules`, `/node_modules`, `node_modules/`, `/node_modules/`), so init neither adds a
 * second line for a folder the team already ignores nor misses the one it must remove.
 */
const bare = (line: string): string => line.trim().replace(/^\/+|\/+$/g, "");

/** Whether the file already has a line ignoring this folder (or file). */
export function ignoresFolder(gitignore: string, folder: string): boolean {
  const target = bare(folder);
  return gitignore.split(/\r?\n/).some((l) => !l.trim().startsWith("#") && bare(l) === target);
}

/** The lines of `wanted` the file does not cover yet. */
export function missingLines(gitignore: string, wanted: readonly string[]): string[] {
  return wanted.filter((l) => !ignoresFolder(gitignore, l));
}

/** The file without the lines that ignore `folder`; everything else exactly as it was. */
export function withoutFolder(gitignore: string, folder: string): string {
  const target = bare(folder);
  return gitignore
    .split(/(?<=\n)/)
    .filter((l) => l.trim().startsWith("#") || bare(l) !== target)
    .join("");
}
