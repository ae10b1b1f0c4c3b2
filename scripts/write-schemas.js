// Regenerates the committed JSON Schemas in schema/ and the field reference in
// docs/playbook-format.md and docs/configuration.md from the zod definitions (via the built CLI).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const cli = (...args) => execFileSync(process.execPath, ["bin/crisis.js", ...args], { encoding: "utf8" });

for (const kind of ["playbook", "spine", "config", "journal"]) {
  writeFileSync(`schema/${kind}.schema.json`, cli("schema", "--for", kind));
}

for (const [doc, kinds] of [
  ["docs/playbook-format.md", ["playbook", "spine"]],
  ["docs/configuration.md", ["config"]],
]) {
  let text = readFileSync(doc, "utf8");
  for (const kind of kinds) {
    const start = `<!-- fields:${kind}:start -->`;
    const end = `<!-- fields:${kind}:end -->`;
    const table = cli("schema", "--for", kind, "--markdown").trim();
    text = text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`);
  }
  writeFileSync(doc, text);
}
