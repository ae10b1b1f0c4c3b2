/**
 * Bytes to text for every file crisis reads (playbooks, templates, config, answers files): UTF-8
 * only, checked, never guessed. A byte-order mark is dropped; UTF-16, NUL bytes (a binary file)
 * and invalid UTF-8 are refused with the line and column of the first bad byte, the same way by
 * `crisis lint` and by the commands that load the file.
 */
import { isUtf8 } from "node:buffer";

export interface TextIssue {
  code: "binary" | "encoding";
  message: string;
  line: number;
  column: number;
}

/** Line and column (both from 1) of a byte offset, counting newlines. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeText(bytes: Uint8Array): { text: string } | { issue: TextIssue } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { issue: { code: "encoding", message: "file is UTF-16; expected UTF-8 text", line: 1, column: 1 } };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    return {
      issue: {
        code: "binary",
        message: "file contains NUL bytes; expected UTF-8 text, not a binary file",
        ...position(bytes, nul),
      },
    };
  // Node's own check (simdutf) is many times faster; the walk below only finds where a bad file fails.
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad !== -1)
    return {
      issue: {
        code: "encoding",
        message: `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} is not valid UTF-8; expected UTF-8 text (save the file as UTF-8)`,
        ...position(bytes, bad),
      },
    };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return { text: text.startsWith("\uFEFF") ? text.slice(1) : text };
}
