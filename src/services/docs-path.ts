import { existsSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../adapters/fs/package-root.js";
import { displayPath } from "../core/display-path.js";

/**
 * Messages and help name a page of the documentation as docs/<page>.md. A team's repository has
 * no docs/ of crisis's own: the pages ship in the installed package. So each such name is rewritten
 * to where the page is from the working folder (node_modules/crisis-cli/docs/start.md in a team's
 * repository, docs/start.md in crisis's own), when the page is there.
 */
export function pointToDocs(text: string, cwd: string): string {
  if (!text.includes("docs/")) return text;
  let root: string;
  try {
    root = packageRoot();
  } catch {
    return text;
  }
  return text.replace(/(?<![\w./-])docs\/([a-z0-9-]+\.md)\b/g, (whole, page: string) => {
    const file = path.join(root, "docs", page);
    return existsSync(file) ? displayPath(file, cwd).split(path.sep).join("/") : whole;
  });
}
