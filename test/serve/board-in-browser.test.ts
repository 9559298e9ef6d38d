import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { killProcess, type RunningProcess, waitUntil } from "@podkit/harness";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/index.js";
import { runPodkit, singleJson } from "../cli/run-podkit.js";
import { startOrchestrator } from "../orchestrator/orchestrator-processes.js";
import {
  createOrchestratorRepository,
  type OrchestratorRepository,
} from "../orchestrator/orchestrator-repository.js";
import { type LaunchedBrowser, launchChromium } from "./browser.js";
import { type ServeProcess, startServe } from "./serve-process.js";

/** Screenshots land here (gitignored): the CI keeps them as test artifacts. */
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const XSS_TITLE = "<img src=x onerror=alert(1)>";
const XSS_BODY = "<script>alert(2)</script>\n<img src=x onerror=alert(3)>";
const TIMEOUT_MS = 300_000;

/**
 * Runs in the page (as text: this project compiles without the DOM's types). A marker on window
 * survives only if the page does not reload; the observer stamps when the card reaches In progress.
 */
const WATCH_FOR_IN_PROGRESS = `(() => {
  window.podkitNoReload = true;
  const column = document.querySelector('[data-column="inprogress"] .cards');
  new MutationObserver(() => {
    if (window.cardInProgressAt === undefined && column.querySelector("#card-T-1") !== null)
      window.cardInProgressAt = Date.now();
  }).observe(column, { childList: true, subtree: true });
})()`;

describe("the board in a real browser", { timeout: TIMEOUT_MS }, () => {
  let repository: OrchestratorRepository;
  let served: ServeProcess | undefined;
  let orchestrator: RunningProcess | undefined;
  let launched: LaunchedBrowser | undefined;
  let page: Page;
  const dialogs: string[] = [];
  let humanToken: string;

  // Under `auth: required` a CLI call is whoever its PODKIT_TOKEN says: one token per role, made once.
  const tokens = new Map<string, string>();
  const tokenFor = async (role: string, agent: string) => {
    const known = tokens.get(role);
    if (known !== undefined) return known;
    const created = await runPodkit(
      ["token", "create", "--config", repository.configFile, "--role", role, "--agent", agent],
      { cwd: repository.directory },
    );
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    tokens.set(role, token);
    return token;
  };

  const call = async (role: string, tool: string, input: unknown) => {
    const run = await runPodkit(
      ["call", "--config", repository.configFile, "--tool", tool, "--input", JSON.stringify(input)],
      {
        cwd: repository.directory,
        env: { PODKIT_TOKEN: await tokenFor(role, `${role}-1`) },
      },
    );
    const result = singleJson(run);
    if (!result.ok) throw new Error(`${tool} failed: ${JSON.stringify(result.error)}`);
    return result.output as { ticket: { id: string } };
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The coder Pod sleeps, so the accepted ticket stays in progress while the test looks at it.
    repository = createOrchestratorRepository({ coderSleepSeconds: 120, concurrency: 1 });
    const config = JSON.parse(readFileSync(repository.configFile, "utf8")) as Record<string, unknown>;
    writeFileSync(repository.configFile, `${JSON.stringify({ auth: "required", ...config }, null, 2)}\n`);
    for (const [title, body] of [
      ["Add a greeting", "Say hello in the README."],
      [XSS_TITLE, XSS_BODY],
    ] as const) {
      const { ticket } = await call("intake", "ticket_create", { title, body });
      await call("intake", "ticket_mark_ready", { ticketId: ticket.id, summary: "Ready to go." });
    }
    humanToken = await tokenFor("human", "alice");
    served = await startServe({ cwd: repository.directory, args: ["--config", repository.configFile] });
    launched = await launchChromium();
    page = await launched.context.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, TIMEOUT_MS);

  afterAll(async () => {
    killProcess(orchestrator);
    await launched?.close();
    await served?.stop();
    repository?.remove();
  });

  it("signs in with a human token, queues a ready ticket, and follows it to In progress without a reload", async () => {
    const url = (served as ServeProcess).url;
    await page.goto(`${url}/`);
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.getByLabel("Token").fill(humanToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${url}/`);
    const ready = page.locator('[data-column="ready"]');
    await expect.poll(() => ready.locator("#card-T-1").count()).toBe(1);
    await expect.poll(() => ready.locator("#card-T-1").textContent()).toContain("Add a greeting");

    await page.getByRole("button", { name: "Queue T-1" }).click();
    await page.waitForURL(`${url}/`);
    await expect.poll(() => page.locator('[data-column="queued"] #card-T-1').count()).toBe(1);
    expect(await page.locator('[data-count="queued"]').textContent()).toBe("1");

    await page.evaluate(WATCH_FOR_IN_PROGRESS);
    await page.waitForFunction('document.getElementById("live-status")?.textContent === "live"');
    orchestrator = startOrchestrator({
      configFile: repository.configFile,
      agent: "orchestrator-browser",
      concurrency: 1,
    });
    await page.waitForSelector('[data-column="inprogress"] #card-T-1', { timeout: 180_000 });
    const seen = (await page.evaluate(
      "({ noReload: window.podkitNoReload, at: window.cardInProgressAt })",
    )) as {
      noReload?: boolean;
      at?: number;
    };
    expect(seen.noReload).toBe(true);
    const store = createFileTicketBackend({ root: join(repository.directory, ".podkit/tickets") });
    const acceptedAt = await waitUntil("the acceptance in T-1's history", async () => {
      const record = await store.read("T-1");
      return record?.events.find((event) => event.kind === "acceptance")?.at;
    });
    const latencyMs = (seen.at as number) - Date.parse(acceptedAt);
    expect(
      latencyMs,
      `the card moved ${latencyMs} ms after the acceptance was committed`,
    ).toBeLessThanOrEqual(2_000);
    expect(await page.locator("#card-T-1").textContent()).toContain("orchestrator-browser");
    expect(await page.locator('[data-count="inprogress"]').textContent()).toBe("1");
    await page.screenshot({ path: join(ARTIFACTS, "board.png"), fullPage: true });
  });

  it("shows the acceptance in the ticket page's timeline", async () => {
    const url = (served as ServeProcess).url;
    await page.goto(`${url}/tickets/T-1`);
    await expect.poll(() => page.locator('#timeline [data-kind="acceptance"]').count()).toBe(1);
    expect(await page.locator('#timeline [data-kind="acceptance"]').textContent()).toContain(
      "orchestrator/orchestrator-browser",
    );
    expect(await page.locator('[data-field="state"]').textContent()).toBe("inprogress");
    await page.screenshot({ path: join(ARTIFACTS, "ticket.png"), fullPage: true });
  });

  it("renders a title and body full of markup as text: no dialog opens, no script runs", async () => {
    const url = (served as ServeProcess).url;
    await page.goto(`${url}/`);
    const card = page.locator("#card-T-2");
    await expect.poll(() => card.locator(".card-title").textContent()).toBe(XSS_TITLE);
    expect(await card.locator("img").count()).toBe(0);
    await page.goto(`${url}/tickets/T-2`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(XSS_TITLE);
    expect(await page.locator("pre.body").first().textContent()).toBe(XSS_BODY);
    expect(await page.locator("main img, main script").count()).toBe(0);
    // Whatever ran would have opened a dialog by the time the page settled.
    await page.waitForLoadState("load");
    expect(dialogs).toEqual([]);
  });
});
