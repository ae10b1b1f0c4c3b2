import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser of its own). CI
 * installs it (.ci/run); without it the browser tests fail and say how to install it: a test that
 * skipped itself would let a missing browser pass unseen.
 */
const CHROMIUM = process.env.CRISIS_CHROMIUM ?? "/usr/bin/chromium";

/** Headless, as root, and quiet on a closed network: no background calls home, no first-run work. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the HTML post-mortem's browser test needs it. Install it with "apt-get install -y chromium" (.ci/run does this in CI), or set CRISIS_CHROMIUM to another Chromium.`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
}
