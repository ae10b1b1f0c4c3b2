import fc from "fast-check";
import { expect, it } from "vitest";
import { flat } from "../../src/core/postmortem/flat.js";

/** flat changes how V8 lays a string out in memory, never the string: any text, built in pieces or not. */
it("returns the text it is given", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 8 }), (parts) => {
      let built = "";
      for (const p of parts) built = `${built}${p} `;
      expect(flat(built)).toBe(parts.map((p) => `${p} `).join(""));
      expect(flat(parts.join(""))).toBe(parts.join(""));
    }),
  );
  expect(flat("12")).toBe("12");
  expect(flat("")).toBe("");
});
