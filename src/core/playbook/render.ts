import type { Paint } from "../../adapters/terminal/paint.js";
import { mdBlock, mdInline } from "../templates/markdown.js";
import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";
import type { Playbook, Step } from "./model.js";
import { SEVERITIES } from "./schema.js";

const PHASE_TITLES: Record<string, string> = {
  declare: "Declare and assemble",
  triage: "Triage: score severity",
  contain: "Contain: pause scheduled content",
  identify: "Identify the cause",
  map: "Map the channels and the magnitude",
  decide: "Decide the response posture",
  acknowledge: "Acknowledge publicly",
  fix: "Fix",
  update: "Update loop",
  monitor: "Monitor and exit",
  learn: "Report and learn",
};

export const phaseTitle = (phase: string): string => PHASE_TITLES[phase] ?? phase;

const itemText = (item: NonNullable<Step["checklist"]>[number]) => (typeof item === "string" ? item : item.text);
const itemRole = (item: NonNullable<Step["checklist"]>[number]) => (typeof item === "string" ? undefined : item.role);

function targetText(step: Step): string | undefined {
  if (!step.target) return undefined;
  if (step.target === "first-response") return "within the first-response target";
  if (step.target === "update-interval") return "within the update interval";
  return `within ${step.target} of the declaration`;
}

/** The levels this playbook can be at: its floor and everything more severe. */
function applicableLevels(pb: Playbook): (typeof SEVERITIES)[number][] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(pb.severity.floor) + 1);
}

/** The playbook as a checklist for the terminal. Text from the file is neutralised. */
export function renderChecklist(pb: Playbook, c: Paint): string {
  const out: string[] = [];
  const t = oneLine;
  out.push(c.bold(t(pb.title)), t(pb.summary), "");
  out.push(
    `${c.dim("id")} ${t(pb.id)}  ${c.dim("type")} ${pb.crisis_type}  ${c.dim("version")} ${t(pb.version)}  ${c.dim("owner")} ${t(pb.owner)}  ${c.dim("reviewed")} ${pb.last_reviewed}`,
  );
  out.push(`${c.dim("posture")} ${pb.posture.default} (${pb.posture.cluster}): ${t(pb.posture.why)}`, "");
  out.push(c.bold("Roles"));
  for (const r of pb.roles)
    out.push(`  ${t(r.title)} (${r.id})${r.required_from ? `, from ${r.required_from}` : ""}: ${t(r.duty)}`);
  out.push("", c.bold("Targets"));
  for (const sev of applicableLevels(pb)) {
    const tg = pb.targets[sev];
    const approvers = pb.approval[sev];
    out.push(`  ${c.bold(sev)}${pb.severity.levels[sev] ? ` ${t(pb.severity.levels[sev])}` : ""}`);
    if (tg || approvers) {
      out.push(
        `       ${tg ? `first response ${tg.first_response}, updates every ${tg.update_interval}` : ""}${approvers ? `; approval: ${approvers.join(" + ")}` : ""}`,
      );
    }
  }
  let phase = "";
  pb.steps.forEach((step, i) => {
    if (step.phase !== phase) {
      phase = step.phase;
      out.push("", c.bold.underline(phaseTitle(phase)));
    }
    const meta = [
      step.role ? `owner: ${step.role}` : "",
      targetText(step) ?? "",
      step.when ? `only if ${t(step.when)}` : "",
      step.repeat ? "repeats" : "",
    ]
      .filter(Boolean)
      .join("; ");
    out.push(`  ${c.bold(`${i + 1}. ${t(step.title)}`)}${meta ? c.dim(`  (${meta})`) : ""}`);
    if (step.guidance) for (const line of neutralise(step.guidance).trim().split("\n")) out.push(`     ${c.dim(line)}`);
    for (const item of step.checklist ?? [])
      out.push(`     [ ] ${t(itemText(item))}${itemRole(item) ? c.dim(` (${itemRole(item)})`) : ""}`);
    for (const p of step.prompts ?? []) out.push(`     ? ${t(p.question)}${p.required ? c.dim(" (required)") : ""}`);
    for (const m of step.messages ?? []) out.push(`     ✉ ${m.template} → ${m.channels.join(", ")}`);
  });
  out.push("", c.bold("Exit criteria"));
  for (const e of pb.exit_criteria) out.push(`  [ ] ${t(e.text)}`);
  return `${out.join("\n")}\n`;
}

/** The playbook as a markdown document: every piece of text from the file is escaped. */
export function renderPlaybookMarkdown(pb: Playbook): string {
  const m = mdInline;
  const out: string[] = [];
  out.push(`# ${m(pb.title)}`, "", mdBlock(pb.summary), "");
  out.push("| Field | Value |", "| --- | --- |");
  out.push(
    `| Id | \`${pb.id}\` |`,
    `| Crisis type | ${pb.crisis_type} |`,
    `| Version | ${m(pb.version)} |`,
    `| Owner | ${m(pb.owner)} |`,
  );
  out.push(
    `| Last reviewed | ${pb.last_reviewed} |`,
    `| Response posture | ${pb.posture.default} (${pb.posture.cluster}) |`,
    "",
  );
  out.push(`**Why this posture:** ${m(pb.posture.why)}`, "", "## Roles", "");
  for (const r of pb.roles)
    out.push(
      `- **${m(r.title)}** (\`${r.id}\`)${r.required_from ? `, required from ${r.required_from}` : ""}: ${m(r.duty)}`,
    );
  out.push(
    "",
    "## Severity and targets",
    "",
    "| Severity | Meaning | First response | Updates every | Approval |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const sev of applicableLevels(pb)) {
    const tg = pb.targets[sev];
    out.push(
      `| ${sev} | ${m(pb.severity.levels[sev] ?? "")} | ${tg?.first_response ?? "—"} | ${tg?.update_interval ?? "—"} | ${(pb.approval[sev] ?? []).join(", ") || "—"} |`,
    );
  }
  let phase = "";
  pb.steps.forEach((step, i) => {
    if (step.phase !== phase) {
      phase = step.phase;
      out.push("", `## ${phaseTitle(phase)}`);
    }
    out.push("", `### ${i + 1}. ${m(step.title)}`, "");
    const meta = [
      step.role ? `Owner: ${step.role}` : "",
      targetText(step) ? `Target: ${targetText(step)}` : "",
      step.when ? `Only if: \`${step.when.replace(/`/g, "'")}\`` : "",
    ].filter(Boolean);
    if (meta.length > 0) out.push(`*${meta.join(" · ")}*`, "");
    if (step.guidance) out.push(mdBlock(step.guidance), "");
    for (const item of step.checklist ?? [])
      out.push(`- [ ] ${m(itemText(item))}${itemRole(item) ? ` (${itemRole(item)})` : ""}`);
    if ((step.prompts ?? []).length > 0) {
      out.push("", "Questions:", "");
      for (const p of step.prompts ?? []) out.push(`- ${m(p.question)}${p.required ? " (required)" : ""}`);
    }
    if ((step.messages ?? []).length > 0) {
      out.push("", "Messages:", "");
      for (const msg of step.messages ?? []) out.push(`- \`${msg.template}\` on ${msg.channels.join(", ")}`);
    }
  });
  out.push("", "## Exit criteria", "");
  for (const e of pb.exit_criteria) out.push(`- [ ] ${m(e.text)}`);
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}
