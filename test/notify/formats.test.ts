import { describe, expect, it } from "vitest";
import { escapeSlack, escapeTeams, genericPayload, slackPayload, teamsPayload } from "../../src/core/notify/formats.js";
import type { NotifyMessage } from "../../src/core/notify/message.js";
import { sign, verifySignature } from "../../src/core/notify/sign.js";
import { loadConfig } from "../../src/services/workspace/config.js";
import { InputError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

const HOSTILE = "*Refunds* _today_ <!channel> <https://evil.example|click> & [link](https://evil.example) # `code`";

const message: NotifyMessage = {
  key: "k1/team",
  kind: "approval_waiting",
  title: `Approval waiting: Holding statement · ${HOSTILE}`,
  incident: { id: "2026-11-21-data-breach", title: HOSTILE, severity: "SEV2", drill: false, playbook: "data-breach" },
  at: "2026-11-21T19:31:00.000Z",
  facts: [{ label: "Reason", value: HOSTILE }],
  approval: {
    hash: "ab".repeat(32),
    template: "common/holding",
    channels: ["x"],
    roles: ["legal"],
    text: `We know.\n${HOSTILE}`,
    command: "crisis approve 2026-11-21-data-breach --hash abababababab",
  },
};

describe("notification payloads", () => {
  it("Slack: Block Kit with a text fallback; answers' text cannot mention, link or format", () => {
    const p = slackPayload(message) as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[] }[];
    };
    expect(p.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: message.title, emoji: false } });
    const mrkdwn = [
      p.text,
      ...p.blocks.flatMap((b) => [
        ...(b.fields ?? []).map((f) => f.text),
        b.text?.type === "mrkdwn" ? b.text.text : "",
      ]),
    ].join("\n");
    expect(mrkdwn).not.toMatch(/<!channel>|<https:/);
    expect(mrkdwn).toContain("&lt;!channel&gt;");
    expect(mrkdwn).toContain("&amp;");
    expect(mrkdwn).not.toMatch(/(^|\s)\*Refunds\*/);
    // The exact text to approve is plain text: shown as written, never interpreted.
    expect(p.blocks).toContainEqual({
      type: "section",
      text: { type: "plain_text", text: message.approval!.text, emoji: false },
    });
    expect(JSON.stringify(p.blocks)).toContain("crisis approve 2026-11-21-data-breach --hash abababababab");
    expect(escapeSlack("a*b")).toBe("a\u200b*\u200bb");
  });

  it("Teams: an Adaptive Card message whose markdown characters are escaped", () => {
    const p = teamsPayload(message) as {
      type: string;
      attachments: {
        contentType: string;
        content: {
          type: string;
          version: string;
          body: { type: string; text?: string; facts?: { value: string }[] }[];
        };
      }[];
    };
    expect(p.type).toBe("message");
    expect(p.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const card = p.attachments[0]!.content;
    expect([card.type, card.version]).toEqual(["AdaptiveCard", "1.4"]);
    const facts = card.body.find((b) => b.type === "FactSet")!.facts!;
    expect(facts[0]!.value).toBe(escapeTeams(HOSTILE));
    expect(escapeTeams("[link](https://x.example) *b*")).toBe("\\[link\\]\\(https://x\\.example\\) \\*b\\*");
    expect(JSON.stringify(card.body)).toContain("crisis approve 2026\\\\-11\\\\-21\\\\-data\\\\-breach");
  });

  it("generic: plain JSON data, no markup", () => {
    const p = genericPayload(message, new Date("2026-11-21T19:31:05.000Z")) as Record<string, unknown>;
    expect(p).toMatchObject({
      type: "crisis.notification",
      version: 1,
      key: "k1/team",
      event: "approval_waiting",
      sent_at: "2026-11-21T19:31:05.000Z",
      facts: { reason: HOSTILE },
      approval: { text: message.approval!.text },
    });
  });

  it("signs timestamp.body with HMAC-SHA256; a receiver refuses another body, secret or a stale timestamp", () => {
    const body = '{"a":1}';
    const ts = 1_795_000_000;
    const signature = sign("s3cret", ts, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const ok = (b: string, secret: string, now: number) =>
      verifySignature(secret, { signature, timestamp: String(ts) }, b, now);
    expect(ok(body, "s3cret", ts + 10)).toBe(true);
    expect(ok('{"a":2}', "s3cret", ts)).toBe(false);
    expect(ok(body, "other", ts)).toBe(false);
    expect(ok(body, "s3cret", ts + 301)).toBe(false);
    expect(ok(body, "s3cret", ts - 301)).toBe(false);
  });
});

describe("notify: in crisis.config.yaml", () => {
  const problems = (yaml: string) => {
    try {
      loadConfig(tempDir({ "crisis.config.yaml": yaml }), {});
      return [];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    }
  };

  it("accepts routes that name environment variables", () => {
    expect(
      problems(`notify:
  routes:
    team-slack: { type: slack, url_env: CRISIS_SLACK_WEBHOOK, min_severity: SEV2 }
    ops: { type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, events: [declared, resolved] }
`),
    ).toEqual([]);
  });

  it("refuses a webhook URL or a secret written in the file, at its line and column", () => {
    expect(
      problems(`notify:
  routes:
    team-slack:
      type: slack
      url_env: https://hooks.slack.com/services/T0/B0/XYZ
    ops:
      type: webhook
      url_env: HOOK_URL
      secret_env: "my secret value"
`),
    ).toEqual([
      "5:16: notify.routes.team-slack.url_env: expected the name of the environment variable that holds the webhook URL (such as CRISIS_SLACK_WEBHOOK): the webhook URL itself is a secret and never goes in this file",
      "9:19: notify.routes.ops.secret_env: expected the name of the environment variable that holds the signing secret (such as CRISIS_HOOK_SECRET): the signing secret itself is a secret and never goes in this file",
    ]);
    expect(problems(`notify:\n  routes:\n    a: { type: teams, url: "https://x.example", url_env: A }\n`)).toEqual([
      '3:23: unknown key "url"; expected one of: type, url_env, events, min_severity, drills',
    ]);
    expect(problems(`notify:\n  routes:\n    a: { type: webhook, url_env: A }\n`)[0]).toMatch(
      /^3:5: .*missing required key "secret_env"/,
    );
  });
});
