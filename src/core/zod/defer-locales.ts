import path from "node:path";

/**
 * zod's index re-exports its sixty-odd locales (`z.locales.de()` …), and loading them is about half
 * of what `require("zod")` costs (about 30 ms); crisis never reads them (zod's English messages
 * come from its own en.cjs, loaded directly). So before zod is loaded, the locale index is put in
 * the module cache as a stand-in that loads the real index the first time anything but its
 * `__esModule` mark is read, then answers from a copy of it: `z.locales` behaves as before, only
 * later. zod's import helper reads only that mark (the index declares itself an ES module), so
 * loading zod reads nothing else. Should the index move, the stand-in is simply never asked for.
 * test/zod/zod-lib.test.ts compares it with the real index.
 */
export function deferZodLocales(require: NodeJS.Require): void {
  let file: string;
  try {
    file = path.join(path.dirname(require.resolve("zod")), "v4", "locales", "index.cjs");
  } catch {
    return;
  }
  if (require.cache[file]) return;
  // What the stand-in answers from: the real index's own properties, copied as they are.
  const target: object = {};
  Object.defineProperty(target, "__esModule", { value: true });
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    delete require.cache[file];
    const real = require(file) as object;
    for (const key of Reflect.ownKeys(real)) {
      if (key !== "__esModule") Object.defineProperty(target, key, Reflect.getOwnPropertyDescriptor(real, key)!);
    }
  };
  const exports = new Proxy(target, {
    get: (t, key, receiver) => {
      if (key !== "__esModule") fill();
      return Reflect.get(t, key, receiver) as unknown;
    },
    has: (t, key) => (fill(), Reflect.has(t, key)),
    ownKeys: (t) => (fill(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, key) => (fill(), Reflect.getOwnPropertyDescriptor(t, key)),
    defineProperty: (t, key, desc) => (fill(), Reflect.defineProperty(t, key, desc)),
    deleteProperty: (t, key) => (fill(), Reflect.deleteProperty(t, key)),
    set: (t, key, value, receiver) => (fill(), Reflect.set(t, key, value, receiver)),
  });
  require.cache[file] = { id: file, filename: file, loaded: true, exports } as NodeJS.Module;
}
