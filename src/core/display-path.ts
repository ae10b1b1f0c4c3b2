import path from "node:path";

/**
 * How a path is shown to people (messages, findings, reports): relative to the working folder
 * when it is inside it, otherwise as given.
 */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
