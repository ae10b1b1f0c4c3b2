import { systemUserName } from "../../adapters/process.js";
import type { Io } from "../../adapters/terminal/io.js";

/** Who is acting: --actor, then $CRISIS_ACTOR, then the operating-system user name. */
export function resolveActor(io: Io, explicit: string | undefined): string {
  const name = explicit?.trim() || io.env.CRISIS_ACTOR?.trim();
  if (name) return name;
  const user = systemUserName();
  if (user !== undefined) return user || "unknown";
  return io.env.USER ?? io.env.USERNAME ?? "unknown";
}
