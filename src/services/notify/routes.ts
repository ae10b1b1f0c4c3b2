import { postJson, type PostResult } from "../../adapters/http.js";
import type { NotifyRoute } from "../../core/notify/config.js";
import { genericPayload, slackPayload, teamsPayload } from "../../core/notify/formats.js";
import type { NotifyMessage } from "../../core/notify/message.js";
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../core/notify/sign.js";
import { VERSION } from "../../version.js";

/** One route's secrets from the environment, and one message posted to it in its format. */

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_TIMEOUT_SECONDS = 5;

/** The environment variables a route needs that are not set (empty counts as not set). */
export function missingEnv(route: NotifyRoute, env: Env): string[] {
  const names = [route.url_env, ...(route.type === "webhook" ? [route.secret_env] : [])];
  return names.filter((name) => !env[name]?.trim());
}

export async function deliver(
  route: NotifyRoute,
  message: NotifyMessage,
  env: Env,
  now: Date,
  timeoutMs: number,
): Promise<PostResult> {
  const missing = missingEnv(route, env);
  if (missing.length > 0) return { ok: false, error: `$${missing.join(" and $")} not set` };
  const url = env[route.url_env]!.trim();
  const headers: Record<string, string> = {
    "user-agent": `crisis-cli/${VERSION}`,
    "x-crisis-delivery": message.key,
    "x-crisis-event": message.kind,
  };
  let body: string;
  if (route.type === "slack") body = JSON.stringify(slackPayload(message));
  else if (route.type === "teams") body = JSON.stringify(teamsPayload(message));
  else {
    body = JSON.stringify(genericPayload(message, now));
    const timestamp = Math.floor(now.getTime() / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = sign(env[route.secret_env]!, timestamp, body);
  }
  return postJson(url, body, headers, timeoutMs);
}

/** A failure worth trying again: no answer, a 5xx, 408 or 429. A 4xx says the request itself is wrong. */
export function retriable(result: PostResult): boolean {
  if (result.ok) return false;
  if (result.status === undefined) return true;
  return result.status >= 500 || result.status === 408 || result.status === 429;
}
