import type { EventData, JournalEvent } from "../journal/events.js";
import type { ReadJournal } from "../journal/lines.js";
import { SEVERITIES } from "../playbook/levels.js";
import type { Severity } from "../playbook/schema.js";
import { checkInCharts, phaseGantt, type MilestoneMark } from "./charts.js";
import {
  actionItemChecks,
  approvalOrderChecks,
  blameChecks,
  DEFAULT_MAX_GAP_MS,
  journalChecks,
  timelineGapChecks,
  type Warning,
} from "./checks.js";
import { currentActions, FactsScan, frozenFacts, type Facts } from "./facts.js";
import type { Freeze } from "../time-freeze.js";
import { describeComms, type CommsSection } from "./comms.js";
import { computeMetrics, type Metric } from "./metrics.js";
import { describeIncident, describeResponse, type IncidentSection, type ResponseSection } from "./sections.js";
import { resolveYardsticks, type YardstickSources } from "./targets.js";
import { markerSeqs, TimelineScan, type TimelineEntry } from "./timeline.js";
import { isoTime, parseIsoTime } from "./iso-time.js";

/**
 * The post-mortem as data: everything the markdown shows, computed from the journal alone (plus
 * the targets and baselines passed in). `crisis postmortem --format json` prints exactly this; the
 * markdown is rendered from it, so the two never disagree.
 */

export const POSTMORTEM_STATUSES = ["draft", "in-review", "reviewed", "closed"] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
export type RetroSection = EventData<"retro_item">["section"];

export interface Report {
  kind: "crisis-postmortem";
  version: 1;
  form: "full" | "light";
  status: PostmortemStatus;
  incident: IncidentSection;
  metrics: Metric[];
  targets: { severity: Severity; first_response?: string; update_interval?: string; source: string }[];
  response: ResponseSection;
  /** What a communications director reviews: messaging, media, stakeholders, audience, evidence, business impact. */
  comms: CommsSection;
  timeline: TimelineEntry[];
  decisions: { at: string; actor: string; what: string; why: string; alternatives?: string }[];
  retro: Record<RetroSection, { text: string; actor: string }[]>;
  action_items: { action: string; type: string; owner?: string; due?: string; issue_url?: string }[];
  todos: { at: string; actor: string; text: string }[];
  exit_criteria: { id: string; text: string; met: boolean; at: string }[];
  open_checklist: { step: string; text: string }[];
  charts: { phases?: string; mentions?: string; negative?: string };
  warnings: Warning[];
  journal: { events: number; check_ins: number; skipped_lines: number; first_at?: string; last_at?: string };
}

export interface ReportOptions extends Omit<YardstickSources, "facts"> {
  /** Gaps in the timeline longer than this are warned about (default 4 hours). */
  maxGapMs?: number;
  /** Force a form; by default SEV3 and SEV4 incidents get the light one. */
  form?: "full" | "light";
  /** Lines the journal reader skipped, reported as warnings. */
  read?: Pick<ReadJournal, "invalid" | "torn">;
  /** Writes the absolute time beside each relative one in a text ("25 minutes ago"), from the text's own time. */
  freeze?: Freeze;
}

export function buildReport(events: readonly JournalEvent[], options: ReportOptions = {}): Report {
  const scan = new JournalScan();
  for (const e of events) scan.add(e);
  return scan.report(options);
}

/**
 * What the report is built from, gathered one event at a time in fold order: the facts and the
 * timeline's rows. The post-mortem streams the journal into it, so no list of every event is kept.
 */
export class JournalScan {
  private facts = new FactsScan();
  private readonly timeline = new TimelineScan();
  private position = 0;

  add(e: JournalEvent): void {
    const at = parseIsoTime(e.at);
    this.facts.add(e, this.position, at);
    this.timeline.add(e, this.position, at);
    this.position++;
  }

  /** How many events were added. */
  get count(): number {
    return this.position;
  }

  /** The facts so far (for the retrospective, which asks before the report is built). */
  get current(): Facts {
    return this.facts.facts;
  }

  /** The report; call once, after the last event. The scan lets go of what it gathered: the report keeps what it shows. */
  report(options: ReportOptions = {}): Report {
    const facts = this.facts.finish();
    this.facts = new FactsScan();
    return reportOf(frozenFacts(facts, options.freeze), this.timeline, options);
  }
}

function reportOf(scanned: Facts, scan: TimelineScan, options: ReportOptions): Report {
  const facts = scanned;
  const yardsticks = resolveYardsticks({ facts, ...options });
  const result = computeMetrics(facts, yardsticks);
  const roleTitle = roleTitles(options.playbook?.roles ?? facts.opened?.roles);
  const first = result.first;
  const markers = markerSeqs(facts, first?.seq);
  const timeline = scan.finish(facts, markers, roleTitle);
  const highest = result.highest;
  const form = options.form ?? (highest === "SEV3" || highest === "SEV4" ? "light" : "full");

  const warnings = [
    ...journalChecks(options.read ?? { invalid: [], torn: undefined }),
    ...approvalOrderChecks(result.unapproved),
    ...actionItemChecks(facts),
    ...timelineGapChecks(timeline, facts, options.maxGapMs ?? DEFAULT_MAX_GAP_MS),
    ...blameChecks(facts),
  ];

  return {
    kind: "crisis-postmortem",
    version: 1,
    form,
    status: facts.status?.status ?? "draft",
    incident: describeIncident(facts, result, roleTitle),
    metrics: result.metrics,
    targets: SEVERITIES.flatMap((severity) => {
      const t = yardsticks.targets[severity];
      if (!t) return [];
      const pb = options.playbook;
      const used = facts.opened?.playbook.version;
      const name = (s: string) =>
        s === "playbook" && pb
          ? `playbook ${pb.id} ${pb.version}${used && used !== pb.version ? ` (the incident used ${used})` : ""}`
          : s === "spine"
            ? "spine defaults"
            : s;
      const sources = [
        ...new Set([t.first_response?.source, t.update_interval?.source].filter((s) => s !== undefined).map(name)),
      ];
      return [
        {
          severity,
          ...(t.first_response ? { first_response: t.first_response.text } : {}),
          ...(t.update_interval ? { update_interval: t.update_interval.text } : {}),
          source: sources.join(", "),
        },
      ];
    }),
    response: describeResponse(facts, result),
    comms: describeComms(facts, result.statements, options.config ?? {}),
    timeline,
    decisions: [...facts.decisions]
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map((d) => ({
        at: isoTime(d.at),
        actor: d.actor,
        what: d.what,
        why: d.why,
        ...(d.alternatives ? { alternatives: d.alternatives } : {}),
      })),
    retro: retroSections(facts),
    action_items: currentActions(facts).map((a) => ({
      action: a.action,
      type: a.kind,
      ...(a.owner?.trim() ? { owner: a.owner } : {}),
      ...(a.due ? { due: a.due } : {}),
      ...(a.issue_url ? { issue_url: a.issue_url } : {}),
    })),
    todos: [...facts.notes]
      .filter((n) => /^\s*TODO\b:?/i.test(n.text))
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map((n) => ({ at: isoTime(n.at), actor: n.actor, text: n.text.replace(/^\s*TODO\b:?\s*/i, "") })),
    exit_criteria: [...facts.exitCriteria.values()].map((c) => ({
      id: c.id,
      text: c.text,
      met: c.met,
      at: isoTime(c.at),
    })),
    open_checklist: [...facts.checklist.values()].filter((c) => !c.done).map((c) => ({ step: c.step, text: c.text })),
    charts: charts(facts, markers, first, yardsticks.baselines),
    warnings,
    journal: {
      events: facts.count,
      check_ins: facts.snapshots.length,
      skipped_lines: (options.read?.invalid.length ?? 0) + (options.read?.torn ? 1 : 0),
      ...(facts.firstAt !== undefined ? { first_at: isoTime(facts.firstAt) } : {}),
      ...(facts.lastAt !== undefined ? { last_at: isoTime(facts.lastAt) } : {}),
    },
  };
}

/** Role titles from the playbook, else as the journal recorded them; an unknown role shows its id. */
function roleTitles(roles: readonly { id: string; title: string }[] | undefined): (id: string) => string {
  const titles = new Map((roles ?? []).map((r) => [r.id, r.title]));
  return (id) => titles.get(id) ?? id;
}

function retroSections(facts: Facts): Report["retro"] {
  const out: Report["retro"] = {
    went_well: [],
    went_wrong: [],
    lucky: [],
    contributing_factor: [],
    mitigator: [],
    root_cause: [],
    trigger: [],
    resolution: [],
    why: [],
  };
  for (const item of facts.retro) out[item.section].push({ text: item.text, actor: item.actor });
  return out;
}

function charts(
  facts: Facts,
  markers: Map<number, string>,
  first: Facts["published"][number] | undefined,
  baselines: { mentions_per_hour?: number; negative_share?: number },
): Report["charts"] {
  const bySeq = new Map<number, number>();
  const note = (seq: number | undefined, at: number | undefined) =>
    seq !== undefined && at !== undefined && bySeq.set(seq, at);
  const m = facts.milestones;
  for (const fact of [
    m.impact_started?.first,
    m.detected?.first,
    m.content_paused?.first,
    m.mitigated?.first,
    m.impact_ended?.last,
  ])
    note(fact?.seq, fact?.at);
  note(facts.declared?.seq, facts.declared?.at);
  note(facts.resolved?.seq, facts.resolved?.at);
  note(first?.seq, first?.at);
  const marks: MilestoneMark[] = [...markers]
    .flatMap(([seq, label]) => {
      const at = bySeq.get(seq);
      return at === undefined ? [] : [{ label: label.toLowerCase().replace(/^./, (c) => c.toUpperCase()), at }];
    })
    .sort((a, b) => a.at - b.at);
  const phases = phaseGantt(facts.stepRuns, marks);
  const checkIns = checkInCharts(facts, baselines);
  return { ...(phases ? { phases } : {}), ...checkIns };
}
