import { createRequire } from "node:module";
import type * as Yaml from "yaml";

/**
 * The yaml library, loaded the first time a Document is needed. Most files the linter checks are
 * clean and take the fast path (fast-parse.ts, js-yaml), so `crisis lint <one playbook>` need not
 * load yaml's forty modules at all; a file with a finding, the slow path and the positioned
 * reference load it then. Synchronous on purpose: the parse functions that use it are. It is the
 * module an `import "yaml"` would give (the package's "node" export), loaded with require.
 */
let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}

export const isAlias: typeof Yaml.isAlias = (node) => yamlLib().isAlias(node);
export const isMap = <K = unknown, V = unknown>(node: unknown): node is Yaml.YAMLMap<K, V> =>
  yamlLib().isMap<K, V>(node);
export const isPair = <K = unknown, V = unknown>(node: unknown): node is Yaml.Pair<K, V> =>
  yamlLib().isPair<K, V>(node);
export const isScalar = <T = unknown>(node: unknown): node is Yaml.Scalar<T> => yamlLib().isScalar<T>(node);
export const isSeq = <T = unknown>(node: unknown): node is Yaml.YAMLSeq<T> => yamlLib().isSeq<T>(node);
export const parseDocument: typeof Yaml.parseDocument = (source, options) => yamlLib().parseDocument(source, options);
export const newLineCounter = (): Yaml.LineCounter => new (yamlLib().LineCounter)();
