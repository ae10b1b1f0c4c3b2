import { loadJournalSchema } from "../../src/core/journal/lines.js";
import { loadPlaybookSchemas } from "../../src/core/playbook/schema-on-demand.js";

// Every command but the incident commands loads the journal schema before it runs (src/cli.ts);
// tests call the layers below directly, so they get it loaded first too. The incident commands'
// path without it is tested in processes of their own (test/cli/startup-modules.test.ts).
await loadJournalSchema();
// Likewise the playbook schemas, which every command but lint loads with its modules; lint's path
// without them (the quick check, zod loaded on demand) is tested in processes of their own
// (test/lint/one-file-modules.test.ts), its quick check in test/playbook/quick-check.test.ts.
await loadPlaybookSchemas();
