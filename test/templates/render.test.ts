import { describe, expect, test } from "vitest";
import { mdBlock, mdFence, mdInline } from "../../src/core/templates/markdown.js";
import { renderTemplate, TemplateError, templateVariables } from "../../src/core/templates/render.js";

describe("message templates", () => {
  test("renders named variables and leaves markdown in values as the literal text", () => {
    const text = renderTemplate("Hi {{name}}, see {{hub_url}}.", "t/hello", { name: "**Ana** [x](javascript:alert(1)) <b>", hub_url: "https://a.example" });
    expect(text).toBe("Hi **Ana** [x](javascript:alert(1)) <b>, see https://a.example.");
  });

  test("a missing variable is an error naming the variable and the template", () => {
    expect(() => renderTemplate("We will update by {{next_update_time}}.", "data-breach/holding", {})).toThrow(
      "template data-breach/holding: missing variable {{next_update_time}}",
    );
    try {
      renderTemplate("{{who}}", "a/b", {});
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).variable).toBe("who");
      expect((error as TemplateError).template).toBe("a/b");
    }
  });

  test.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "prototype"])(
    "{{%s}} cannot reach object internals, even when a value is given",
    (name) => {
      expect(() => renderTemplate(`x {{${name}}} y`, "a/b", { [name]: "z" })).toThrow(/not allowed|not a valid variable/);
      expect(() => renderTemplate(`{{#${name}}}x{{/${name}}}`, "a/b", {})).toThrow(TemplateError);
    },
  );

  test("dotted paths, partials and delimiter changes are refused", () => {
    expect(() => templateVariables("{{brand.constructor.name}}", "a/b")).toThrow(/not a valid variable name/);
    expect(() => templateVariables("{{> other}}", "a/b")).toThrow(/partials are not allowed/);
    expect(() => templateVariables("{{=<% %>=}}", "a/b")).toThrow(/delimiter changes are not allowed/);
  });

  test("sections show optional text only when the answer is given", () => {
    const body = "Sorry.{{#workaround}} Meanwhile: {{workaround}}{{/workaround}}";
    expect(renderTemplate(body, "a/b", { workaround: "" })).toBe("Sorry.");
    expect(renderTemplate(body, "a/b", { workaround: "use the app" })).toBe("Sorry. Meanwhile: use the app");
  });

  test("terminal escape sequences in values are neutralised", () => {
    expect(renderTemplate("{{x}}", "a/b", { x: "\u001b[31mred\u001b[0m" })).toBe("␛[31mred␛[0m");
  });

  test("lists render comma-separated", () => {
    expect(renderTemplate("On {{channels}}.", "a/b", { channels: ["x", "bluesky"] })).toBe("On x, bluesky.");
  });
});

describe("markdown escaping keeps answers from breaking the document", () => {
  test("inline text cannot open links, emphasis, HTML or table cells", () => {
    expect(mdInline("a | b **c** [d](e) <script>")).toBe("a \\| b \\*\\*c\\*\\* \\[d\\]\\(e\\) &lt;script&gt;");
    expect(mdInline("# not a heading\nsecond line")).toBe("\\# not a heading second line");
    expect(mdInline("- not a list")).toBe("\\- not a list");
  });

  test("blocks keep paragraphs but escape each line", () => {
    expect(mdBlock("line one\n\n## two\n```js")).toBe("line one\n\n\\#\\# two\n\\`\\`\\`js");
  });

  test("fences are longer than any backtick run inside", () => {
    expect(mdFence("a ``` b")).toBe("````text\na ``` b\n````");
  });
});
