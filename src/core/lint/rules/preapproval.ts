import { stampsOf, templateHash } from "../../templates/preapproval.js";
import type { TemplateRule } from "../rule.js";

const DAY = 24 * 60 * 60 * 1000;

const reapprove = (id: string, role: string) => `crisis preapprove ${id} --by "NAME" --role ${role}`;

const preapprovalHash: TemplateRule = {
  id: "hygiene/preapproval-hash",
  severity: "error",
  scope: "template",
  description:
    "A pre-approval stamp (preapproved:) whose sha256 is not the template's text: the text was edited after it was approved in advance.",
  fix: "Have the text approved again and stamp it with crisis preapprove <template> --by NAME --role ROLE (or remove the stamp).",
  check(s, report) {
    const hash = templateHash(s.template.body);
    for (const stamp of stampsOf(s.template.meta)) {
      if (stamp.sha256 === hash) continue;
      report(
        preapprovalHash,
        s.atMeta("preapproved"),
        `edited after pre-approval by ${stamp.by} (${stamp.role}, ${stamp.at}): the text's sha256 is ${hash.slice(0, 12)}…, the stamp's ${stamp.sha256.slice(0, 12)}…; re-approve with ${reapprove(s.template.id, stamp.role)}`,
      );
    }
  },
};

const preapprovalAge: TemplateRule = {
  id: "hygiene/preapproval-age",
  severity: "warning",
  scope: "template",
  description: "A pre-approval stamp older than lint.max_review_age (default 180d), or dated in the future.",
  fix: "Review the text with the approver and stamp it again with crisis preapprove.",
  check(s, report) {
    for (const stamp of stampsOf(s.template.meta)) {
      const date = Date.parse(`${stamp.at}T00:00:00Z`);
      if (Number.isNaN(date)) continue;
      const age = Math.floor((s.session.now.getTime() - date) / DAY);
      if (age < -1) {
        report(
          preapprovalAge,
          s.atMeta("preapproved"),
          `pre-approved ${stamp.at}, which is in the future; expected the date of the approval`,
        );
      } else if (age > s.session.maxReviewAgeDays) {
        report(
          preapprovalAge,
          s.atMeta("preapproved"),
          `pre-approved by ${stamp.by} (${stamp.role}) ${age} days ago (${stamp.at}); expected an approval within ${s.session.maxReviewAgeDays} days (lint.max_review_age): review it and run ${reapprove(s.template.id, stamp.role)}`,
        );
      }
    }
  },
};

export const PREAPPROVAL_RULES = [preapprovalHash, preapprovalAge];
