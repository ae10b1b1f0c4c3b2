import { choice, defineCommand, flag, value } from "./define.js";
import { atOption, incidentOption, recorderOption, someText } from "./values.js";

/**
 * crisis log media|spokesperson|stakeholder|evidence: the comms record, from any terminal while
 * crisis start runs in another (the same journal events as Esc → Log in the runner).
 */

const where = { at: atOption, incident: incidentOption, actor: recorderOption };
const text = (what: string) => someText(what);

const media = defineCommand({
  name: "media",
  description: "log a media or influencer enquiry (again with --answered or --declined once it is)",
  args: {},
  options: {
    outlet: value("--outlet <name>", "the publication, programme or influencer's handle", text("an outlet")),
    reporter: value("--reporter <name>", "who asked", text("a name")),
    question: value("--question <text>", "what they asked", text("a question")),
    deadline: value("--deadline <time>", "their deadline: 21:00 (UTC), +2h, or an ISO time", text("a time")),
    answered: flag("--answered", "we answered it"),
    declined: flag("--declined", "we declined to answer"),
    response: value("--response <text>", "what we said, or why we did not answer", text("a response")),
    ...where,
  },
  examples: [
    'crisis log media --outlet "Daily Ledger" --reporter "Sam Ortiz" --question "How many customers?" --deadline 21:00',
    'crisis log media --outlet "Daily Ledger" --reporter "Sam Ortiz" --answered --response "Sent the statement and the FAQ"',
  ],
  async run(io, { options, global }) {
    const { recordMediaEnquiry } = await import("../services/incident/record-comms.js");
    await recordMediaEnquiry(io, global, options);
  },
});

const spokesperson = defineCommand({
  name: "spokesperson",
  description: "log the spokesperson speaking on the record: an interview, a statement, a briefing",
  args: {},
  options: {
    who: value("--who <name>", "who spoke (default: the spokesperson, else the lead)", text("a name")),
    outlet: value("--outlet <name>", "where: outlet, programme or event", text("an outlet")),
    format: choice("--format <format>", "what kind of appearance", [
      "interview",
      "statement",
      "briefing",
      "press-conference",
      "other",
    ]),
    summary: value("--summary <text>", "what was said, in a line", text("a summary")),
    ...where,
  },
  examples: [
    'crisis log spokesperson --outlet "Radio 4 Today" --format interview --summary "Apologised; refunds by Friday"',
  ],
  async run(io, { options, global }) {
    const { recordAppearance } = await import("../services/incident/record-comms.js");
    await recordAppearance(io, global, options);
  },
});

const stakeholder = defineCommand({
  name: "stakeholder",
  description: "log that a stakeholder group was informed: staff, regulator, board, partners, investors …",
  args: {},
  options: {
    who: value("--who <group>", "who was told", text("a stakeholder group")),
    channel: value("--channel <how>", "how: e-mail, call, meeting, portal …", text("a channel")),
    summary: value("--summary <text>", "what they were told, in a line", text("a summary")),
    ...where,
  },
  examples: [
    'crisis log stakeholder --who "Data protection authority" --channel portal --summary "72-hour breach notice filed"',
  ],
  async run(io, { options, global }) {
    const { recordStakeholder } = await import("../services/incident/record-comms.js");
    await recordStakeholder(io, global, options);
  },
});

const evidence = defineCommand({
  name: "evidence",
  description: "log evidence for the post-mortem: a screenshot, an archived post, a listening export (URL or file)",
  args: {},
  options: {
    link: value("--link <url-or-file>", "a URL, or a file in the incident folder", text("a link or file")),
    description: value("--description <text>", "what it shows", text("a description")),
    ...where,
  },
  examples: ['crisis log evidence --link https://archive.example/abc --description "The original post, archived"'],
  async run(io, { options, global }) {
    const { recordEvidence } = await import("../services/incident/record-comms.js");
    await recordEvidence(io, global, options);
  },
});

export const log = defineCommand({
  name: "log",
  description: "log a media enquiry, the spokesperson on the record, a stakeholder informed, or evidence",
  args: {},
  options: {},
  examples: [
    'crisis log media --outlet "Daily Ledger" --question "How many customers?" --deadline 21:00',
    'crisis log stakeholder --who staff --channel e-mail --summary "Staff notice with the holding statement"',
  ],
  subcommands: [media, spokesperson, stakeholder, evidence],
  async run() {
    const { CrisisError, EXIT } = await import("../errors.js");
    throw new CrisisError(
      "crisis log needs what to log",
      EXIT.usage,
      "expected one of: media, spokesperson, stakeholder, evidence (crisis log --help)",
    );
  },
});
