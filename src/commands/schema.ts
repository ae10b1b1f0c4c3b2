import { choice, defineCommand, flag } from "./define.js";

export const schema = defineCommand({
  name: "schema",
  description: "print the playbook JSON Schema (generated from the format's definition) for editors and validators",
  args: {},
  options: {
    for: choice("--for <kind>", "which schema", ["playbook", "spine", "config", "journal"], { default: "playbook" }),
    markdown: flag("--markdown", "print a field-by-field reference table instead (as in docs/playbook-format.md)"),
  },
  examples: ["crisis schema > playbook.schema.json", "crisis schema --for config", "crisis schema --for journal"],
  async run(io, { options }) {
    const [{ jsonSchemaFor }, { fieldTable }] = await Promise.all([
      import("../core/playbook/json-schema.js"),
      import("../core/playbook/field-docs.js"),
    ]);
    const json = jsonSchemaFor(options.for);
    io.stdout.write(options.markdown ? `${fieldTable(json)}\n` : `${JSON.stringify(json, null, 2)}\n`);
  },
});
