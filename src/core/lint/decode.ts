import { DEFAULT_YAML_LIMITS, type YamlCode } from "../yaml/parse.js";
import { decodeText } from "../text/decode.js";

/** A problem found before any parsing: the file is too large, binary, or not UTF-8. */
interface DecodeIssue {
  code: Extract<YamlCode, "file-too-large" | "binary"> | "encoding";
  message: string;
  line: number;
  column: number;
}

export type Decoded = { text: string } | { issue: DecodeIssue };

const MAX_BYTES = DEFAULT_YAML_LIMITS.maxBytes;

function positionInText(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

const tooLarge = (size: number): DecodeIssue => ({
  code: "file-too-large",
  message: `file is ${(size / 1024 / 1024).toFixed(1)} MiB, larger than the 1 MiB limit; expected a playbook, template or config-sized file`,
  line: 1,
  column: 1,
});

/**
 * Text from raw bytes, refusing what is not a crisis file before parsing it: over 1 MiB, binary
 * (NUL bytes), UTF-16, or not valid UTF-8. A byte-order mark is dropped.
 */
export function decode(input: string | Uint8Array): Decoded {
  if (typeof input === "string") {
    if (input.length > MAX_BYTES || Buffer.byteLength(input, "utf8") > MAX_BYTES)
      return { issue: tooLarge(Buffer.byteLength(input, "utf8")) };
    const nul = input.indexOf("\0");
    if (nul !== -1)
      return {
        issue: {
          code: "binary",
          message: "file contains NUL bytes; expected UTF-8 text, not a binary file",
          ...positionInText(input, nul),
        },
      };
    return { text: input.startsWith("\uFEFF") ? input.slice(1) : input };
  }
  if (input.length > MAX_BYTES) return { issue: tooLarge(input.length) };
  return decodeText(input);
}

export { kindFromPath, templateIdFromPath } from "./definitions.js";

/** A cheap test that avoids parsing every workspace playbook just to find the spines. */
export function mightBeSpine(text: string): boolean {
  return /^spine\s*:/m.test(text);
}
