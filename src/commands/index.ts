import { checkin } from "./checkin.js";
import { complete } from "./complete.js";
import { completion } from "./completion.js";
import { decision } from "./decision.js";
import { exportCommand } from "./export.js";
import { flag, value, type AnyCommand } from "./define.js";
import { init } from "./init.js";
import { lint } from "./lint.js";
import { list } from "./list.js";
import { log } from "./log.js";
import { note } from "./note.js";
import { notify } from "./notify.js";
import { playbooks } from "./playbooks.js";
import { postmortem } from "./postmortem.js";
import { preapprove } from "./preapprove.js";
import { resume } from "./resume.js";
import { schema } from "./schema.js";
import { severity } from "./severity.js";
import { start } from "./start.js";
import { status } from "./status.js";
import { join, sync } from "./sync.js";
import { approve } from "./approve.js";
import { someText } from "./values.js";

/** Every command, in the order the help lists them: the order a responder meets them. */
export const COMMANDS: readonly AnyCommand[] = [
  start,
  resume,
  note,
  decision,
  severity,
  checkin,
  log,
  status,
  list,
  sync,
  join,
  approve,
  notify,
  exportCommand,
  postmortem,
  playbooks,
  lint,
  preapprove,
  init,
  schema,
  completion,
  complete,
];

/** The program itself: its description, the options every command takes, and the help around the list. */
export const PROGRAM = {
  name: "crisis",
  description: "Run social-media crisis playbooks: guided response, crash-safe journal, incident log and post-mortem.",
  options: {
    config: value(
      "-c, --config <file>",
      "configuration file (default: the nearest crisis.config.yaml, or $CRISIS_CONFIG)",
      someText("a configuration file"),
    ),
    debug: flag("--debug", "print stack traces for unexpected errors"),
  },
  examples: ["crisis playbooks", "crisis start data-breach", "crisis lint playbooks/"],
  helpAfter: `
Exit codes:
  0    success
  1    lint findings at or above the failure threshold
  2    usage, configuration, playbook or answers-file error
  3    internal error (a bug: please report it, with --debug output)
  4    nothing to work on (no playbook files matched, no incident found)
  130  interrupted (Ctrl+C); the journal is intact`,
} as const;
