/**
 * `JSON.stringify(value, null, 2)` written in pieces: the post-mortem's JSON form of a long
 * incident is hundreds of megabytes (a million events: about 260 MB), and made as one string it
 * was held twice over (the string, then its UTF-8 copy) on top of the report. Here the objects and
 * arrays of the first `depth` levels are walked with JSON.stringify's own rules, and each value
 * below them (a timeline row, a statement) is stringified by JSON.stringify itself, its lines
 * indented to where it sits. A string in JSON never holds a raw line break, so indenting after each
 * "\n" of a stringified value is exactly the indentation JSON.stringify would have given it.
 * (A toJSON method is called once, with its key, as JSON.stringify does; one that returns another
 * object with a toJSON below the walked levels would see it called again: the report has none.)
 */

const INDENT = "  ";

type Write = (piece: string) => void;

/** The pieces of JSON.stringify(value, null, 2); nothing for a value it returns undefined for. */
export function writeJson(value: unknown, write: Write, depth = 2): void {
  const top = toJson("", value);
  if (isOmitted(top)) return;
  const whole = walk(top, "", depth, write);
  if (whole !== "") write(whole);
}

/**
 * Writes `value` (its toJSON applied) at indentation `pad` and returns "", or returns it as one
 * string when it is below the walked levels or not an object to walk.
 */
function walk(value: unknown, pad: string, depth: number, write: Write): string {
  if (depth <= 0 || typeof value !== "object" || value === null || isBoxed(value)) return stringified(value, pad);
  const inner = pad + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    for (let k = 0; k < value.length; k++) {
      write(k === 0 ? `[\n${inner}` : `,\n${inner}`);
      const item = toJson(String(k), value[k]);
      // An item JSON.stringify cannot write (undefined, a function, a symbol) is null in an array.
      write(isOmitted(item) ? "null" : walk(item, inner, depth - 1, write));
    }
    write(`\n${pad}]`);
    return "";
  }
  let first = true;
  for (const name of Object.keys(value)) {
    const field = toJson(name, (value as Record<string, unknown>)[name]);
    if (isOmitted(field)) continue;
    write(`${first ? "{" : ","}\n${inner}${JSON.stringify(name)}: `);
    first = false;
    write(walk(field, inner, depth - 1, write));
  }
  if (first) return "{}";
  write(`\n${pad}}`);
  return "";
}

/** What JSON.stringify does first with a value: its toJSON, if it has one. */
function toJson(key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function")
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  return value;
}

/** A Number, String, Boolean or BigInt object: JSON.stringify writes its primitive value. */
const isBoxed = (value: object): boolean =>
  value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt;

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
const isOmitted = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";

/** JSON.stringify(value, null, 2), every line after the first indented by `pad`. */
function stringified(value: unknown, pad: string): string {
  const text = JSON.stringify(value, null, 2);
  if (pad === "" || !text.includes("\n")) return text;
  return text.replace(/\n/g, `\n${pad}`);
}
