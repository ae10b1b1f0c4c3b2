import type { TemplateEntry } from "./rule.js";

/**
 * The run's message templates by id, each parsed (front matter, schema, tags) only when a check
 * first asks for it. `crisis lint <one playbook>` meets a handful of the bundled templates; parsing
 * all of them up front was half of its time. Ids come from file names, so `has`, `keys` and `size`
 * parse nothing; iterating over values parses every template. As with a Map built with set(), an id
 * keeps the place of its first file and the entry of its last (a later folder's template wins).
 */
export class LazyTemplates<E> implements ReadonlyMap<string, TemplateEntry> {
  readonly #files = new Map<string, E>();
  readonly #parsed = new Map<string, TemplateEntry>();
  readonly #parse: (file: E) => TemplateEntry;

  constructor(files: Iterable<readonly [id: string, file: E]>, parse: (file: E) => TemplateEntry) {
    for (const [id, file] of files) this.#files.set(id, file);
    this.#parse = parse;
  }

  get size(): number {
    return this.#files.size;
  }

  has(id: string): boolean {
    return this.#files.has(id);
  }

  get(id: string): TemplateEntry | undefined {
    const known = this.#parsed.get(id);
    if (known) return known;
    const file = this.#files.get(id);
    if (file === undefined) return undefined;
    const entry = this.#parse(file);
    this.#parsed.set(id, entry);
    return entry;
  }

  keys(): MapIterator<string> {
    return this.#files.keys();
  }

  *entries(): MapIterator<[string, TemplateEntry]> {
    for (const id of this.#files.keys()) yield [id, this.get(id) as TemplateEntry];
  }

  *values(): MapIterator<TemplateEntry> {
    for (const id of this.#files.keys()) yield this.get(id) as TemplateEntry;
  }

  [Symbol.iterator](): MapIterator<[string, TemplateEntry]> {
    return this.entries();
  }

  forEach(fn: (value: TemplateEntry, key: string, map: ReadonlyMap<string, TemplateEntry>) => void): void {
    for (const [id, entry] of this.entries()) fn(entry, id, this);
  }
}
