// Debian's Chromium for the monorepo's browser tests (apps/demo's page, core's browser thread pool), driven
// through playwright-core: no browser download. One policy for all of them: without Chromium a browser test
// fails under CI=true (it is part of the bar, never a silent skip) and is skipped with a warning elsewhere.
import { existsSync } from "node:fs";
import { describe, it } from "vitest";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveChromium = existsSync(chromiumPath);

const missing = `Chromium is not at ${chromiumPath}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`;

/**
 * Declares what happens to the browser suite `name` where Chromium is missing: in CI a failing test of that
 * name, elsewhere a warning. Returns whether Chromium is there (for `describe.skipIf(!…)`).
 */
export function requireChromium(name) {
  if (haveChromium) return true;
  if (["true", "1"].includes(process.env.CI ?? "")) {
    describe(name, () => {
      it("needs Chromium", () => {
        throw new Error(missing);
      });
    });
  } else {
    console.warn(`Skipping ${name}. ${missing}`);
  }
  return false;
}

/**
 * Chromium, headless, quiet (no sandbox, GPU, network chatter or first-run work), through the caller's
 * playwright-core `chromium` (so that this package needs no playwright of its own).
 */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
