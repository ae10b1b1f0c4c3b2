// @module-tag slow (a property run over thousands of byte strings)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/core/text/decode.js";

// Bytes that sit around UTF-8's edges: lead bytes of every length, continuation bytes, overlongs,
// surrogates, code points past U+10FFFF, and plain ASCII and newlines between them.
const piece = fc.oneof(
  fc.constantFrom(0x0a, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff),
  fc.integer({ min: 1, max: 0xff }),
);
const bytes = fc.oneof(
  fc.array(piece, { maxLength: 24 }).map((b) => Uint8Array.from(b)),
  fc.string({ unit: "binary", maxLength: 12 }).map((s) => new Uint8Array(Buffer.from(s.replace(/\0/g, ""), "utf8"))),
);
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

describe("decodeText", () => {
  it("refuses exactly the bytes that are not well-formed UTF-8, and decodes the rest as UTF-8", () => {
    fc.assert(
      fc.property(bytes, (b) => {
        fc.pre(b.indexOf(0) === -1 && !(b[0] === 0xff && b[1] === 0xfe) && !(b[0] === 0xfe && b[1] === 0xff));
        let expected: string | undefined;
        try {
          expected = strict.decode(b).replace(/^\uFEFF/, "");
        } catch {
          expected = undefined;
        }
        const got = decodeText(b);
        if (expected === undefined) expect(got).toMatchObject({ issue: { code: "encoding" } });
        else expect(got).toEqual({ text: expected });
      }),
      { numRuns: 5000 },
    );
  });

  it("says where the first bad byte is", () => {
    const got = decodeText(Uint8Array.from([0x61, 0x0a, 0x62, 0x63, 0xed, 0xa0, 0x80]));
    expect(got).toEqual({
      issue: {
        code: "encoding",
        message: "byte 0xed is not valid UTF-8; expected UTF-8 text (save the file as UTF-8)",
        line: 2,
        column: 3,
      },
    });
  });
});
