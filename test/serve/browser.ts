import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's chromium: playwright cannot download browser builds here (scripts/install-browser.sh installs it). */
export const CHROMIUM = "/usr/bin/chromium";

/** A headless chromium with a fresh profile; `close()` ends it and removes the profile. */
export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches chromium headless, without sandbox, GPU, QUIC or any background networking. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: run scripts/install-browser.sh (it installs Debian's chromium).`,
    );
  const profile = mkdtempSync(join(tmpdir(), "podkit-chromium-"));
  // A persistent context is how playwright takes a user-data-dir: a new, empty one per run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
