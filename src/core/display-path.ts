import path from "node:path";

/**
 * How a path is shown to people (messages, findings, reports): relative to the working folder
 * when it is inside it, otherwise as given.
 */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/**
 * A path as --json outputs carry it: always relative to the working folder (with ../ when it lies
 * outside), with `/` separators, so a report never leaks where one person's machine keeps things.
 */
export function relativePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file).split(path.sep).join("/");
  return relative === "" ? "." : relative;
}
