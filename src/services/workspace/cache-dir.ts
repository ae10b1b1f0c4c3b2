import path from "node:path";

/**
 * Where crisis keeps caches that any command may rebuild (the workspace snapshot): $CRISIS_CACHE_DIR,
 * else $XDG_CACHE_HOME/crisis, else ~/.cache/crisis; none when no home is known (then every command
 * parses what it needs, as before). Nothing in it is ever the only copy of anything.
 */
export function cacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const explicit = env.CRISIS_CACHE_DIR;
  if (explicit !== undefined) return explicit === "" || explicit === "off" ? undefined : path.resolve(explicit);
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), "crisis");
  if (env.HOME) return path.join(path.resolve(env.HOME), ".cache", "crisis");
  return undefined;
}
