/**
 * What an incident folder (incidents/<id>/) holds. Names only, so a module that needs one (shell
 * completion on every Tab) does not load the journal's schema to learn it.
 */

/** The append-only journal: one JSON event per line (docs/journal.md). */
export const JOURNAL_FILE = "journal.jsonl";
/** The incident log, re-rendered from the journal after every event. */
export const LOG_FILE = "incident-log.md";
/** The post-mortem, written by crisis postmortem. */
export const POSTMORTEM_FILE = "postmortem.md";
/** The post-mortem as one self-contained page, written by crisis postmortem --format html. */
export const POSTMORTEM_HTML_FILE = "postmortem.html";
/** Marks the incident as being run by one crisis start/resume process. */
export const RUNNER_FILE = ".runner.pid";
/** The short lock around "read the last seq, append one line". */
export const JOURNAL_LOCK = ".journal.lock";
