import Mustache from "mustache";
import { splitVariant } from "../../src/core/templates/variants.js";
import { describe, expect, test } from "vitest";
import { countFor } from "../../src/core/channels/count.js";
import { BUILTIN_CHANNELS } from "../../src/core/channels/registry.js";
import { CONFIG_VARIABLES } from "../../src/core/templates/variables.js";
import { bundledPlaybooksDir, bundledTemplatesDir } from "../../src/adapters/fs/package-root.js";
import { loadCatalog } from "../../src/services/workspace/workspace.js";
import type { Playbook, Step } from "../../src/core/playbook/model.js";
import { SEVERITIES } from "../../src/core/playbook/schema.js";
import { loadTemplates } from "../../src/services/workspace/workspace.js";
import type { MessageTemplate } from "../../src/core/templates/parse.js";
import { renderTemplate } from "../../src/core/templates/render.js";
import { EXAMPLE_VALUES } from "../../src/core/templates/variables.js";

/**
 * The bundled playbooks, loaded the way crisis loads them, checked against crisis-communication
 * practice as a responder or a reviewer would notice it: the holding statement comes first and
 * staff hear it at the same time, every promise names the next update, the last word goes back to
 * every place the crisis lived, and so on. The linter checks the format; this checks the content.
 */

const catalog = loadCatalog([{ dir: bundledPlaybooksDir(), source: "bundled" }]);
const { templates } = loadTemplates([{ dir: bundledTemplatesDir(), source: "bundled" }]);
const playbooks = [...catalog.playbooks.values()].filter((p) => p.source === "bundled");
const ids = playbooks.map((p) => p.id);
const byId = (id: string): Playbook => catalog.playbooks.get(id)!;

const template = (id: string): MessageTemplate => {
  const found = templates.get(id);
  if (!found) throw new Error(`template ${id} is missing`);
  return found;
};
const isPublic = (id: string) => template(id).meta.audience === "public";
const isInternal = (id: string) => template(id).meta.audience === "internal";
const messagesOf = (step: Step | undefined) => step?.messages ?? [];
const step = (p: Playbook, id: string) => p.steps.find((s) => s.id === id);

/** Every tag of a template with the sections around it, from the same Mustache parser crisis uses. */
type Tag = { name: string; type: string; within: { name: string; inverted: boolean }[] };
function tags(body: string): Tag[] {
  const out: Tag[] = [];
  const walk = (tokens: unknown[], within: Tag["within"]) => {
    for (const token of tokens as [string, string, number, number, unknown[]?][]) {
      const [type, name] = token;
      if (type === "text" || type === "!") continue;
      out.push({ name, type, within });
      if (type === "#" || type === "^") walk(token[4] ?? [], [...within, { name, inverted: type === "^" }]);
    }
  };
  walk(Mustache.parse(body, ["{{", "}}"]), []);
  return out;
}

/** Facts the runner fills in without asking anyone: what a pre-approved holding statement may use. */
const RUNNER_FACTS = ["next_update_time", "now", "declared_at", "lead", "spokesperson", "incident_id", "drill"];
const HOLDING_VARIABLES = new Set<string>([...CONFIG_VARIABLES, ...RUNNER_FACTS, "what_happened"]);

const PROMISING_KINDS = ["holding", "update", "apology", "reply"];

describe.each(ids)("bundled playbook %s", (id) => {
  const p = byId(id);
  const holding = step(p, "holding");
  const close = step(p, "close");

  test("declares quickly: the first step asks only a few questions and has no checklist", () => {
    expect(p.steps[0]?.id).toBe("declare");
    const declare = p.steps[0]!;
    expect(declare.checklist ?? []).toEqual([]);
    expect(declare.messages ?? []).toEqual([]);
    const spinePrompts = ["what_happened", "spreading_on", "unusable_channels"];
    const own = (declare.prompts ?? []).filter((q) => !spinePrompts.includes(q.id));
    expect(own.length, `declare asks ${own.map((q) => q.id).join(", ")}`).toBeLessThanOrEqual(2);
  });

  test("the first public message is the holding statement in step 2, and staff are told in the same step", () => {
    expect(p.steps[1]?.id).toBe("holding");
    const firstPublic = p.steps.findIndex((s) => messagesOf(s).some((m) => isPublic(m.template)));
    expect(firstPublic).toBe(1);
    const public_ = messagesOf(holding).filter((m) => isPublic(m.template));
    expect(public_.length).toBeGreaterThan(0);
    for (const m of public_) expect(template(m.template).meta.kind, m.template).toBe("holding");
    expect(messagesOf(holding).some((m) => isInternal(m.template)), "a staff notice in the holding step").toBe(true);
    expect(holding?.prompts ?? [], "the holding step asks nothing of its own").toEqual([]);
    expect((holding?.checklist ?? []).length).toBeLessThanOrEqual(3);
    expect(holding?.when).toBeUndefined();
  });

  test("after the holding step, staff are briefed before the public posts of any step that has both", () => {
    for (const s of p.steps.slice(2)) {
      const kinds = messagesOf(s).map((m) => (isInternal(m.template) ? "staff" : isPublic(m.template) ? "public" : "private"));
      const firstStaff = kinds.indexOf("staff");
      const firstPublic = kinds.indexOf("public");
      if (firstStaff === -1 || firstPublic === -1) continue;
      expect(firstStaff, `step ${s.id}: ${messagesOf(s).map((m) => m.template).join(", ")}`).toBeLessThan(firstPublic);
    }
  });

  test("holding statements use only brand facts, runner facts and the one-sentence description", () => {
    for (const m of messagesOf(holding).filter((x) => isPublic(x.template))) {
      const used = tags(template(m.template).body).map((t) => t.name);
      const other = used.filter((name) => !HOLDING_VARIABLES.has(name) && !/^handle_[a-z0-9_]+$/.test(name));
      expect(other, m.template).toEqual([]);
    }
    // A holding statement anywhere else would be drafted from later answers and promise afresh.
    for (const s of p.steps.filter((x) => x.id !== "holding")) {
      for (const m of messagesOf(s)) if (isPublic(m.template)) expect(template(m.template).meta.kind, `${s.id}: ${m.template}`).not.toBe("holding");
    }
  });

  test("short holding statements fit their channels with a long brand name and a realistic sentence", () => {
    const sentence = p.steps[0]?.prompts?.find((q) => q.id === "what_happened")?.example ?? "A realistic sentence of about one hundred and twenty characters that says what happened, as we would say it in public.";
    const vars = {
      ...EXAMPLE_VALUES,
      brand: "Northwind Outdoor Equipment Company Ltd.",
      what_happened: sentence,
    };
    for (const m of messagesOf(holding).filter((x) => isPublic(x.template))) {
      const text = renderTemplate(template(m.template).body, m.template, vars);
      for (const channel of m.channels) {
        const c = BUILTIN_CHANNELS[channel]!;
        const n = countFor(c, text);
        expect(n.over, `${m.template} on ${channel}: ${n.length}/${n.limit}`).toBe(0);
      }
    }
  });

  test("no step has more than six checklist items", () => {
    for (const s of p.steps) expect((s.checklist ?? []).length, `step ${s.id}`).toBeLessThanOrEqual(6);
  });

  test("the close step gives staff the final talking points, then the final statement goes to every channel the crisis can live on", () => {
    expect(close, "a close step").toBeDefined();
    const messages = messagesOf(close);
    expect(messages[0]?.template).toBe("common/internal-wrap-up");
    const finals = messages.filter((m) => isPublic(m.template));
    for (const m of finals) expect(template(m.template).meta.kind, m.template).toBe("final");
    const covered = new Set(finals.flatMap((m) => m.channels));
    const places = p.steps[0]?.prompts?.find((q) => q.id === "spreading_on")?.choices ?? [];
    const channels = places.map((ch) => (typeof ch === "string" ? ch : ch.value)).filter((ch) => Object.hasOwn(BUILTIN_CHANNELS, ch));
    expect(channels.length).toBeGreaterThan(5);
    expect(channels.filter((ch) => !covered.has(ch))).toEqual([]);
    expect(close?.when).toBeUndefined();
    // The last step before the post-mortem hand-over closes the response.
    const learn = p.steps.findIndex((s) => s.id === "learn");
    expect(p.steps.findIndex((s) => s.id === "close")).toBeLessThan(learn);
  });

  test("private messages go to private channels, never to a public feed", () => {
    for (const s of p.steps) {
      for (const m of messagesOf(s)) {
        if (template(m.template).meta.audience !== "private") continue;
        const open = m.channels.filter((ch) => BUILTIN_CHANNELS[ch]?.public !== false);
        expect(open, `${s.id}: ${m.template}`).toEqual([]);
      }
    }
  });

  test("a message that offers compensation needs legal's approval at every severity", () => {
    const COMPENSATION = /\b(?:refund|credit|compensat|reimburs|replacement|remedy|voucher)/i;
    const OFFER_VARIABLES = new Set(["offer", "credit_offer", "remedy", "resolution_offer", "resolution_summary"]);
    const levels = SEVERITIES.slice(0, SEVERITIES.indexOf(p.severity.floor) + 1);
    for (const s of p.steps) {
      for (const m of messagesOf(s)) {
        const t = template(m.template);
        if (t.meta.audience === "internal") continue;
        const fixedText = tags(t.body).length === 0 ? t.body : Mustache.render(t.body, {}, {}, { escape: String });
        const offers = COMPENSATION.test(fixedText) || tags(t.body).some((x) => OFFER_VARIABLES.has(x.name));
        if (!offers) continue;
        for (const level of levels) {
          const approvers = [...(m.approval ?? []), ...(t.meta.audience === "public" ? (p.approval[level] ?? []) : [])];
          expect(approvers, `${s.id}: ${m.template} at ${level}`).toContain("legal");
        }
      }
    }
  });

  test("when it began and when we noticed are each asked once", () => {
    const marks = p.steps.flatMap((s) => (s.prompts ?? []).flatMap((q) => (q.marks ? [`${s.id}/${q.id}:${q.marks}`] : [])));
    expect(marks.filter((m) => m.endsWith(":impact_started"))).toEqual(["triage/impact_started_at:impact_started"]);
    expect(marks.filter((m) => m.endsWith(":detected"))).toEqual(["triage/detected_at:detected"]);
  });

  test("every step has something to do, and conditional steps have more than guidance", () => {
    for (const s of p.steps) {
      const work = (s.prompts?.length ?? 0) + (s.messages?.length ?? 0) + (s.checklist?.length ?? 0);
      expect(work, `step ${s.id}`).toBeGreaterThan(0);
    }
  });
});

describe("the bundled message templates", () => {
  const used = new Set(playbooks.flatMap((p) => p.steps.flatMap((s) => messagesOf(s).map((m) => m.template))));

  test("every public holding, update, apology and reply template states the next update time", () => {
    const checked = [...templates.values()].filter((t) => t.meta.audience === "public" && PROMISING_KINDS.includes(t.meta.kind));
    expect(checked.length).toBeGreaterThan(20);
    for (const t of checked) {
      const stated = tags(t.body).some((x) => x.name === "next_update_time" && x.type === "name" && x.within.every((w) => !w.inverted));
      expect(stated, t.id).toBe(true);
    }
  });

  test("a final statement never promises another update", () => {
    for (const t of [...templates.values()].filter((x) => x.meta.kind === "final")) {
      expect(tags(t.body).map((x) => x.name), t.id).not.toContain("next_update_time");
    }
  });

  test("status page links only appear when the status page is up", () => {
    const linking = [...templates.values()].filter((t) => tags(t.body).some((x) => x.name === "status_page_url"));
    expect(linking.map((t) => t.id)).toEqual(expect.arrayContaining(["service-outage/social-investigating", "service-outage/reply", "service-outage/social-update"]));
    for (const t of linking) {
      for (const x of tags(t.body).filter((y) => y.name === "status_page_url" && y.type === "name")) {
        expect(x.within.some((w) => w.name === "status_page_url" && !w.inverted), t.id).toBe(true);
      }
    }
  });

  test("every bundled playbook uses the common wrap-up, and every template is used by some playbook or is a common one", () => {
    for (const p of playbooks) expect(messagesOf(step(p, "close")).map((m) => m.template), p.id).toContain("common/internal-wrap-up");
    // A language variant (holding-reply.da) is used wherever its base template is.
    const unused = [...templates.keys()].filter((id) => !used.has(splitVariant(id).base) && !id.startsWith("common/"));
    expect(unused).toEqual([]);
  });
});
