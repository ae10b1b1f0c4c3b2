import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brandwatchCsv, crisisCurve, mentionsOf } from "../test/helpers/mentions.js";
import { cliHas, crisis, peakOf, type BenchContext } from "./context.js";
import { runOnce, stats, timeInterleaved, type Command, type Stats } from "./measure.js";
import { ms, ratio, STAT_HEAD, statCells, table, type SectionResult } from "./report.js";

/**
 * Monitoring import and the HTML post-mortem (issue 17): `crisis checkin --from` on mention
 * exports of 10,000 and 100,000 rows, against csv-parse alone counting the same rows (the floor:
 * reading the CSV); and `crisis postmortem --format html` against the markdown of the same
 * incident. Peak memory shows the import streams: ten times the rows, about the same memory.
 */

const ID = "2026-03-04-bench-import";

function incident(workspace: string): void {
  const dir = path.join(workspace, "incidents", ID);
  mkdirSync(dir, { recursive: true });
  const line = (seq: number, type: string, data: object) =>
    JSON.stringify({
      v: 1,
      seq,
      at: "2026-03-04T10:00:00Z",
      logged_at: "2026-03-04T10:00:00Z",
      actor: "Bench",
      type,
      data,
    });
  writeFileSync(
    path.join(dir, "journal.jsonl"),
    `${[
      line(0, "incident_opened", {
        incident_id: ID,
        title: "Import bench",
        playbook: { id: "data-breach", version: "1.0.0", title: "Data breach", crisis_type: "data-breach" },
        drill: true,
      }),
      line(1, "declared", { severity: "SEV2" }),
    ].join("\n")}\n`,
  );
}

export function checkinImport(ctx: BenchContext): SectionResult {
  const workspace = path.join(ctx.tmp, "checkin-import");
  mkdirSync(workspace, { recursive: true });
  incident(workspace);
  const sizes = ctx.quick ? [10_000, 30_000] : [10_000, 100_000];
  for (const n of sizes)
    writeFileSync(
      path.join(workspace, `m${n}.csv`),
      brandwatchCsv(mentionsOf(crisisCurve("2026-03-04T04:00:00Z", 36, n))),
    );
  if (!cliHas(ctx, "checkin"))
    return { title: "Monitoring import", markdown: "not in this checkout", budgets: [], memory: [] };
  const reference = (n: number): Command => ({
    label: `csv-parse alone, ${n.toLocaleString("en")} rows`,
    file: process.execPath,
    args: [
      "--input-type=module",
      "-e",
      `import { parse } from "csv-parse"; import { createReadStream } from "node:fs"; let n = 0; for await (const r of createReadStream(${JSON.stringify(path.join(workspace, `m${n}.csv`))}).pipe(parse({ relax_column_count: true }))) n++; console.log(n);`,
    ],
    cwd: ctx.root,
    kind: "node",
  });
  const imports = sizes.map((n) =>
    crisis(
      ctx,
      `checkin --from, ${n.toLocaleString("en")} rows (dry run)`,
      ["checkin", "--from", `m${n}.csv`, "--incident", ID, "--dry-run"],
      [0],
      workspace,
    ),
  );
  const refs = sizes.map(reference);
  const runs = ctx.quick ? 3 : 7;
  ctx.log(`checkin import: ${imports.length + refs.length} commands × ${runs} runs`);
  const samples = timeInterleaved([...imports, ...refs], { runs, warmup: 1, maxSeconds: ctx.quick ? 30 : 120 });
  const s = (c: Command) => stats(samples.get(c.label) ?? []);

  // The real import of 10,000 mentions (36 hourly check-ins written), once: a second run records nothing.
  const first = imports[0] as Command;
  const write = runOnce({ ...first, label: "import", args: first.args.filter((a) => a !== "--dry-run") });
  const again = runOnce({ ...first, label: "again", args: first.args.filter((a) => a !== "--dry-run") });
  const html = crisis(
    ctx,
    "postmortem --format html",
    ["postmortem", ID, "--no-retro", "--format", "html", "-o", "pm.html"],
    [0],
    workspace,
  );
  const md = crisis(ctx, "postmortem (markdown)", ["postmortem", ID, "--no-retro", "-o", "pm.md"], [0], workspace);
  const pm = timeInterleaved([html, md], { runs, warmup: 1, maxSeconds: ctx.quick ? 20 : 60 });
  const hs = stats(pm.get(html.label) ?? []);
  const ms2 = stats(pm.get(md.label) ?? []);

  const rows = [...imports, ...refs, html, md].map((c) => {
    const st: Stats = c === html ? hs : c === md ? ms2 : s(c);
    return [`\`${c.label}\``, ...statCells(st)];
  });
  const memory = [...imports, refs[0] as Command].map((c) => peakOf(ctx, c.label, c));
  const small = s(imports[0] as Command).median;
  const large = s(imports[1] as Command).median;
  const markdown = [
    table(["command", ...STAT_HEAD], rows, [0]),
    "",
    `- Import over reading the CSV alone: ${ratio(small / s(refs[0] as Command).median)} at ${sizes[0]?.toLocaleString("en")} rows, ${ratio(large / s(refs[1] as Command).median)} at ${sizes[1]?.toLocaleString("en")} rows (start-up, the workspace and Luxon's date parsing make the difference).`,
    `- ${((sizes[1] ?? 1) / (sizes[0] ?? 1)).toFixed(0)}× the rows: ${ratio(large / small)} the time.`,
    `- Writing the 36 hourly check-ins of 10,000 mentions: ${ms(write.ms)} (exit ${write.code}); importing the same file again: ${ms(again.ms)}, nothing recorded.`,
    `- \`postmortem --format html\` over the markdown of the same incident: ${ratio(hs.median / ms2.median)}.`,
  ].join("\n");
  return { title: "Monitoring import and the HTML post-mortem", markdown, budgets: [], memory };
}
