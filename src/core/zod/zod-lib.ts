import { createRequire } from "node:module";
import type * as Zod from "zod";
import { deferZodLocales } from "./defer-locales.js";

/**
 * zod, loaded as CommonJS. `import "zod"` loads its ES build: about 95 modules, each resolved,
 * read and compiled on its own, which costs `crisis lint <one playbook>` and the incident commands
 * that validate something about 30 ms more than `require("zod")`, whose CommonJS build is few
 * files (issue 15). Every module of crisis takes zod's values from here and nowhere else: the two
 * builds are separate copies, so a schema or an error of one is not an instance of the other's
 * classes. Types may still come from "zod" itself (`import type`), which loads nothing.
 */
const require = createRequire(import.meta.url);
deferZodLocales(require);
const lib = require("zod") as typeof Zod;

export const z: typeof Zod.z = lib.z;

/** The types crisis names through `z.` (the value above holds none): zod's own. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace z {
  export type infer<T> = Zod.infer<T>;
  export type ZodType<Output = unknown, Input = unknown> = Zod.ZodType<Output, Input>;
  export type ZodRawShape = Zod.ZodRawShape;
}
