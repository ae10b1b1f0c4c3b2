/**
 * One HTTP POST with a deadline, for webhooks. Never throws and never repeats the address in what
 * it returns: a webhook URL is a secret, and errors end up in the journal and on screens.
 */

export interface PostResult {
  ok: boolean;
  status?: number;
  /** Why it failed, in words: "HTTP 500", "no answer within 5s", "connection refused". */
  error?: string;
}

const CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed",
};

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read (and drop) the answer so the connection is released; a receiver's text is not ours to show.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: reason(error, timeoutMs) };
  }
}

function reason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.cause?.name === "TimeoutError" || e.name === "AbortError")
    return `no answer within ${timeoutMs / 1000}s`;
  const code = e.cause?.code ?? e.code;
  if (code) return CODES[code] ?? code;
  return e.name === "TypeError" ? "the address is not a valid URL or the request failed" : "the request failed";
}
