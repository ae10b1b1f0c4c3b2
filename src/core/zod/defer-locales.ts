import { readFileSync } from "node:fs";
import path from "node:path";

type Require = NodeJS.Require;

/**
 * zod's index re-exports its sixty-odd locales (`z.locales.de()` …), and loading them is about half
 * of what `require("zod")` costs (about 30 ms); crisis never reads them (zod's English messages
 * come from its own en.cjs, loaded directly). So before zod is loaded, the locale index is put in
 * the module cache as an object with the same names whose getters load the real index on first
 * read: `z.locales` behaves as before, only later. zod takes the index as it is (it marks itself
 * `__esModule`, so zod's import helper neither copies nor reads it). Should zod's files change
 * shape (no such file, no names found), nothing is put in the cache and zod loads as it always
 * did; test/zod/zod-lib.test.ts compares the names with the real index.
 */
export function deferZodLocales(require: Require): void {
  let file: string;
  let source: string;
  try {
    file = path.join(path.dirname(require.resolve("zod")), "v4", "locales", "index.cjs");
    source = readFileSync(file, "utf8");
  } catch {
    return;
  }
  if (require.cache[file]) return;
  const names = [...source.matchAll(/Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get:/g)].map(
    (m) => m[1] ?? "",
  );
  if (names.length === 0) return;
  let real: Record<string, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete require.cache[file];
      real = require(file) as Record<string, unknown>;
    }
    return real;
  };
  const exports: Record<string, unknown> = {};
  Object.defineProperty(exports, "__esModule", { value: true });
  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
  require.cache[file] = { id: file, filename: file, loaded: true, exports } as NodeJS.Module;
}
