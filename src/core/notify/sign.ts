import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The generic webhook's signature: HMAC-SHA256 with the shared secret over "<timestamp>.<body>",
 * sent as `X-Crisis-Signature: v1=<hex>` beside `X-Crisis-Timestamp: <unix seconds>`. Signing the
 * timestamp with the body lets a receiver refuse a replayed request outside its window.
 */

export const SIGNATURE_HEADER = "x-crisis-signature";
export const TIMESTAMP_HEADER = "x-crisis-timestamp";
/** How far a timestamp may be from the receiver's clock (docs/notifications.md): five minutes. */
const REPLAY_WINDOW_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: the documented check, in constant time, with the replay window. */
export function verifySignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number,
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(headers.signature ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
