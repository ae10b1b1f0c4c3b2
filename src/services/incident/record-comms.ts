import type { Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { enquiryKey } from "../../core/incident/comms-log.js";
import type { EventData } from "../../core/journal/events.js";
import { humanUtc, parseFuture } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { openActive, parseAt, type RecordOptions } from "./record.js";

/**
 * crisis log media|spokesperson|stakeholder|evidence: the comms record from any terminal. Each
 * writes one journal event (flushed before it returns), the same as Esc → Log in the runner.
 */

type Where = RecordOptions & { at?: string | undefined };

const need = (value: string | undefined, flag: string, what: string): string => {
  const v = value?.trim();
  if (!v) throw new CrisisError(`${flag} is missing`, EXIT.usage, `give ${flag} "…" (${what})`);
  return v;
};
const opt = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export async function recordMediaEnquiry(
  io: Io,
  global: WorkspaceOptions,
  o: Where & {
    outlet?: string | undefined;
    reporter?: string | undefined;
    question?: string | undefined;
    deadline?: string | undefined;
    answered?: boolean | undefined;
    declined?: boolean | undefined;
    response?: string | undefined;
  },
): Promise<void> {
  if (o.answered && o.declined)
    throw new CrisisError("--answered and --declined contradict each other", EXIT.usage, "give one of them");
  const outlet = need(o.outlet, "--outlet", "the publication, programme or influencer");
  const at = parseAt(io, o.at);
  let deadline: string | undefined;
  if (o.deadline !== undefined) {
    const d = parseFuture(o.deadline, at);
    if (!d)
      throw new CrisisError(
        `--deadline ${o.deadline}: expected a time after the enquiry, such as 21:00, +2h or an ISO time`,
        EXIT.usage,
      );
    deadline = d.toISOString();
  }
  const { session } = await openActive(io, global, o);
  // Logged again (answered, declined): the earlier record of the same outlet and reporter gives what is not repeated.
  const key = enquiryKey({ outlet, reporter: opt(o.reporter) });
  const before = session.state.enquiries[key]?.data;
  const question = opt(o.question) ?? before?.question;
  if (!question) throw new CrisisError("--question is missing", EXIT.usage, 'give --question "…" (what they asked)');
  const status = o.answered ? "answered" : o.declined ? "declined" : (before?.status ?? "open");
  const reporter = opt(o.reporter);
  const response = opt(o.response) ?? before?.response;
  deadline ??= before?.deadline;
  session.append(
    "media_enquiry",
    {
      outlet,
      ...(reporter ? { reporter } : {}),
      question,
      ...(deadline ? { deadline } : {}),
      status,
      ...(response ? { response } : {}),
    },
    { at },
  );
  io.stderr.write(
    `Media enquiry ${before ? "updated" : "logged"} in ${session.id}: ${oneLine(outlet)}, ${status}${deadline ? `, deadline ${humanUtc(deadline)}` : ""}\n`,
  );
}

export async function recordAppearance(
  io: Io,
  global: WorkspaceOptions,
  o: Where & {
    who?: string | undefined;
    outlet?: string | undefined;
    format?: string | undefined;
    summary?: string | undefined;
  },
): Promise<void> {
  const outlet = need(o.outlet, "--outlet", "where the spokesperson spoke");
  const at = parseAt(io, o.at);
  const { session } = await openActive(io, global, o);
  const spokesperson = opt(o.who) ?? session.state.roles.spokesperson ?? session.state.roles.lead;
  if (!spokesperson)
    throw new CrisisError("nobody holds the spokesperson role", EXIT.usage, 'give --who "…" (who spoke)');
  const summary = opt(o.summary);
  session.append(
    "spokesperson_appearance",
    {
      spokesperson,
      outlet,
      format: (o.format ?? "other") as EventData<"spokesperson_appearance">["format"],
      ...(summary ? { summary } : {}),
    },
    { at },
  );
  io.stderr.write(`Spokesperson appearance logged in ${session.id}: ${oneLine(spokesperson)} on ${oneLine(outlet)}\n`);
}

export async function recordStakeholder(
  io: Io,
  global: WorkspaceOptions,
  o: Where & { who?: string | undefined; channel?: string | undefined; summary?: string | undefined },
): Promise<void> {
  const stakeholder = need(o.who, "--who", "who was told: staff, regulator, board …");
  const at = parseAt(io, o.at);
  const { session } = await openActive(io, global, o);
  const channel = opt(o.channel);
  const summary = opt(o.summary);
  session.append(
    "stakeholder_notice",
    { stakeholder, ...(channel ? { channel } : {}), ...(summary ? { summary } : {}) },
    { at },
  );
  io.stderr.write(`Stakeholder notice logged in ${session.id}: ${oneLine(stakeholder)}\n`);
}

export async function recordEvidence(
  io: Io,
  global: WorkspaceOptions,
  o: Where & { link?: string | undefined; description?: string | undefined },
): Promise<void> {
  const link = need(o.link, "--link", "a URL or a file in the incident folder");
  const description = need(o.description, "--description", "what it shows");
  const at = parseAt(io, o.at);
  const { session } = await openActive(io, global, o);
  session.append("evidence", { link, description }, { at });
  io.stderr.write(`Evidence logged in ${session.id}: ${oneLine(description)}\n`);
}
