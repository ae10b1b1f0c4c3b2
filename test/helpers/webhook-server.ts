import http from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";
import { verifySignature } from "../../src/core/notify/sign.js";

/**
 * A real HTTP server on 127.0.0.1 that receives webhooks the way Slack, Teams and a signed
 * receiver would: it checks each payload's shape (and the generic one's HMAC signature, with the
 * replay window) and answers 400/401 when it is wrong. `behave` makes it fail (a status) or hang
 * (a delay) for chosen requests, so tests see failures, timeouts and recovery.
 */

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  answered: number;
}

type Behaviour = (req: { path: string; n: number; event: string }) => { status?: number; delayMs?: number } | undefined;

export const HOOK_SECRET = "test-secret-0123456789";

function check(
  path: string,
  headers: http.IncomingHttpHeaders,
  body: string,
  json: Record<string, unknown>,
  nowSeconds: number,
): number {
  if (path.startsWith("/slack")) {
    const blocks = json.blocks as { type: string }[] | undefined;
    return typeof json.text === "string" && Array.isArray(blocks) && blocks[0]?.type === "header" ? 200 : 400;
  }
  if (path.startsWith("/teams")) {
    const a = (
      json.attachments as { contentType: string; content: { type: string; version: string; body: unknown[] } }[]
    )?.[0];
    return json.type === "message" &&
      a?.contentType === "application/vnd.microsoft.card.adaptive" &&
      a.content.type === "AdaptiveCard" &&
      Array.isArray(a.content.body)
      ? 200
      : 400;
  }
  const ok = verifySignature(
    HOOK_SECRET,
    { signature: headers["x-crisis-signature"] as string, timestamp: headers["x-crisis-timestamp"] as string },
    body,
    nowSeconds,
  );
  return ok ? 200 : 401;
}

/** `now` is the receiver's clock for the replay window (the senders in tests run on a fixed clock). */
export async function webhookServer(behave: Behaviour = () => undefined, now: () => Date = () => new Date()) {
  const received: Received[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const how = behave({ path, n: n++, event: String(req.headers["x-crisis-event"]) }) ?? {};
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // answered 400 below
      }
      const status = how.status ?? check(path, req.headers, body, json, Math.floor(now().getTime() / 1000));
      const answer = () => {
        received.push({ path, headers: req.headers, body, json, answered: status });
        if (!res.destroyed) {
          res.writeHead(status);
          res.end(status === 200 ? "ok" : "no");
        }
      };
      if (how.delayMs) setTimeout(answer, how.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  onTestFinished(close);
  return { url: (path: string) => `http://127.0.0.1:${port}${path}`, received, close };
}
