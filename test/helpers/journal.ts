import type { EventPlace } from "../../src/core/journal/lines.js";

/** Where the seq-th event of a one-replica test journal sits: a fixed id, clock seq + 1. */
export function placeAt(seq: number, replica = "test.aaaa"): EventPlace {
  return { id: `t${replica.replace(/[^0-9a-z]/g, "")}${String(seq).padStart(15, "0")}`, replica, clock: seq + 1, seq };
}
