/**
 * An internal structure as a --json document: keys in snake_case, as in every --json output of
 * crisis (patchedBy → patched_by), and every `file` value passed through `path` (relative to the
 * working folder). Keys that do not start with a lower-case word (SEV1, ids) are data and kept.
 */
export function jsonData(value: unknown, path: (file: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => jsonData(v, path));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = /^[a-z]+[A-Z]/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
    out[name] = key === "file" && typeof v === "string" ? path(v) : jsonData(v, path);
  }
  return out;
}
