import { loadJournalSchema } from "../../src/core/journal/lines.js";

// Every command but the incident commands loads the journal schema before it runs (src/cli.ts);
// tests call the layers below directly, so they get it loaded first too. The incident commands'
// path without it is tested in processes of their own (test/cli/startup-modules.test.ts).
await loadJournalSchema();
