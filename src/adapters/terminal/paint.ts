import type { Io } from "./io.js";

/**
 * Colours for one of the Io's streams. Written here rather than taken from chalk, which costs a
 * command four modules to import: crisis uses a dozen of the basic styles, and these give the
 * bytes chalk gives for them (test/ui/paint.test.ts compares the two on random text), nesting and
 * line breaks included. Kept apart from io.ts so that start-up (`crisis --help`) loads none of it.
 */

/**
 * NO_COLOR (any non-empty value) wins over a TTY; FORCE_COLOR forces colour on (or off with 0);
 * otherwise colour only when the stream is a terminal. See https://no-color.org.
 */
function colorLevel(env: Io["env"], isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    return force === "2" ? 2 : force === "3" ? 3 : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (!isTTY || env.TERM === "dumb") return 0;
  return 1;
}

/** SGR codes that turn each style on and off (the same at every colour level: no 256 or true colours are used). */
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  inverse: [7, 27],
  strikethrough: [9, 29],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

type StyleName = keyof typeof CODES;

/** A style: called with text, it returns the text in that style; its properties add another style. */
export type Style = ((...text: unknown[]) => string) & { readonly [K in StyleName]: Style };
/** Every style, for one stream. */
export type Paint = { readonly [K in StyleName]: Style };

interface Styler {
  open: string;
  close: string;
  openAll: string;
  closeAll: string;
  parent: Styler | undefined;
}

/** Puts `replacement` after every `target` in `text` (a nested style's end re-opens this one). */
function afterEach(text: string, target: string, replacement: string): string {
  return text.split(target).join(target + replacement);
}

function apply(styler: Styler, text: string): string {
  let out = text;
  if (out.includes("\u001B"))
    for (let s: Styler | undefined = styler; s !== undefined; s = s.parent) out = afterEach(out, s.close, s.open);
  // Each line is closed and re-opened, so a terminal that is cut between lines shows no bleed.
  if (out.includes("\n")) out = out.replace(/\r?\n/g, (lf) => styler.closeAll + lf + styler.openAll);
  return styler.openAll + out + styler.closeAll;
}

function style(level: number, parent: Styler | undefined, name: StyleName): Style {
  const [on, off] = CODES[name];
  const open = `\u001B[${on}m`;
  const close = `\u001B[${off}m`;
  const styler: Styler = {
    open,
    close,
    openAll: (parent?.openAll ?? "") + open,
    closeAll: close + (parent?.closeAll ?? ""),
    parent,
  };
  const fn = (...text: unknown[]): string => {
    const joined = text.length === 1 ? `${text[0] as string}` : text.join(" ");
    return level <= 0 || !joined ? joined : apply(styler, joined);
  };
  return withStyles(fn, level, styler) as Style;
}

/** Adds every style as a property (made when first used) to `target`, chained after `parent`. */
function withStyles<T extends object>(target: T, level: number, parent: Styler | undefined): T {
  for (const name of Object.keys(CODES) as StyleName[]) {
    Object.defineProperty(target, name, {
      get() {
        const made = style(level, parent, name);
        Object.defineProperty(target, name, { value: made });
        return made;
      },
      configurable: true,
    });
  }
  return target;
}

/** The styles for one of the Io's streams, off when that stream gets no colour. */
export function paint(io: Pick<Io, "env" | "stdout" | "stderr">, stream: "stdout" | "stderr" = "stderr"): Paint {
  return withStyles({}, colorLevel(io.env, io[stream].isTTY), undefined) as Paint;
}
