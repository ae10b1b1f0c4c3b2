// Regenerates the committed JSON Schemas in schema/ from the zod definitions (via the built CLI).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

for (const kind of ["playbook", "spine", "config", "journal"]) {
  const json = execFileSync(process.execPath, ["bin/crisis.js", "schema", "--for", kind], { encoding: "utf8" });
  writeFileSync(`schema/${kind}.schema.json`, json);
}
