import { beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

interface Summary {
  id: string;
  state: string;
  title: string;
}

describe("podkit ticket", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  const podkit = (args: string[], env?: Record<string, string>, input?: string) =>
    runPodkit(args, {
      cwd: repository,
      env: { PODKIT_AGENT_ID: "alice", ...env },
      ...(input === undefined ? {} : { input }),
    });

  beforeAll(async () => {
    repository = await makeInitializedRepository();
    for (const [title, extra] of [
      ["Add retries", ["--body", "Retry failed fetches.\n\nWith backoff."]],
      ["Speed up list", ["--priority", "high"]],
      ["Drop legacy flag", []],
    ] as const) {
      const created = await podkit(["ticket", "create", title, ...extra]);
      expect(created.code, created.stderr).toBe(0);
    }
  }, CLI_TIMEOUT_MS);

  it("creates tickets and prints what it made", async () => {
    const created = await podkit(
      ["ticket", "create", "Body from stdin", "--body-file", "-"],
      {},
      "piped body",
    );
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toBe("Created T-4 (planning, normal): Body from stdin\n");
    const json = singleJson(await podkit(["ticket", "create", "As JSON", "--json"]));
    expect(json).toMatchObject({ ok: true, output: { ticket: { id: "T-5", state: "planning" } } });
  });

  it("walks a ticket through the human gate to closed, with a readable timeline", async () => {
    const ready = await podkit([
      "call",
      "--role",
      "intake",
      "--tool",
      "ticket_mark_ready",
      "--input",
      JSON.stringify({ ticketId: "T-1", summary: "Retry with exponential backoff." }),
    ]);
    expect(ready.code, ready.stdout).toBe(0);

    const queued = await podkit(["ticket", "queue", "T-1"]);
    expect(queued).toMatchObject({ code: 0, stdout: "Queued T-1: Add retries (now queued).\n", stderr: "" });

    const shown = await podkit(["ticket", "show", "T-1"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^T-1 {2}Add retries\n/);
    expect(shown.stdout).toMatch(/state {7}queued/);
    expect(shown.stdout).toContain("queued      by alice at");
    expect(shown.stdout).toContain("  Retry failed fetches.\n\n  With backoff.");
    expect(shown.stdout).toContain("History (3 events):");
    expect(shown.stdout).toMatch(/#1 {2}human\/alice +create +→ planning/);
    expect(shown.stdout).toMatch(/#2 {2}intake\/alice +intake_summary +planning → ready/);
    expect(shown.stdout).toMatch(/#3 {2}human\/alice +state_changed +ready → queued/);

    const closed = await podkit(["ticket", "close", "T-1", "--resolution", "Not needed after all."]);
    expect(closed).toMatchObject({ code: 0, stdout: "Closed T-1: Add retries.\n" });
    const json = singleJson(await podkit(["ticket", "show", "T-1", "--json", "--history", "1"]));
    expect(json).toMatchObject({
      ok: true,
      output: {
        ticket: { state: "closed", resolution: "Not needed after all." },
        history: { count: 4, returned: 1, truncated: true },
      },
    });
  });

  it("lists tickets as a table, by state, with a limit, and as JSON", async () => {
    const all = await podkit(["ticket", "list"]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +STATE +PRIORITY +UPDATED +LEASE +TITLE$/);
    expect(lines.find((line) => line.startsWith("T-2 "))).toMatch(
      /^T-2 +planning +high +\S+ \S+ +- +Speed up list$/,
    );

    const byState = await podkit(["ticket", "list", "--state", "closed,queued", "--state", "ready"]);
    expect(byState.stdout).toMatch(/^T-1 +closed/m);
    expect(byState.stdout).not.toMatch(/^T-2 /m);
    expect(byState.stdout).toContain("1 ticket in state closed, queued, ready.");

    const limited = await podkit(["ticket", "list", "--limit", "2"]);
    expect(limited.stdout).toMatch(/Showing 2 of \d+ tickets; raise --limit to see more\.\n$/);

    const json = singleJson(await podkit(["ticket", "list", "--state", "planning", "--json"]));
    const output = json.output as { tickets: Summary[]; count: number; unreadable: number };
    expect(json.ok).toBe(true);
    expect(output.tickets.map((ticket) => ticket.state)).not.toContain("closed");
    expect(output.count).toBe(output.tickets.length);
    expect(output.unreadable).toBe(0);

    const none = await podkit(["ticket", "list", "--state", "blocked"]);
    expect(none.stdout).toBe("No tickets in state blocked.\n");
  });

  it("rejects a state that does not exist with the allowed ones, exit status 2", async () => {
    const run = await podkit(["ticket", "list", "--state", "open"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'open' is not a ticket state. Allowed: planning, ready, queued");
    expect(run.stdout).toBe("");
    const json = await podkit(["ticket", "list", "--limit", "0", "--json"]);
    expect(json.code).toBe(2);
    expect(singleJson(json)).toMatchObject({ ok: false, error: { code: "usage" } });
  });

  it("refuses the gate to a shell that PODKIT_ROLE marks as an agent's", async () => {
    const run = await podkit(["ticket", "queue", "T-2"], { PODKIT_ROLE: "orchestrator" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "ticket_queue refused (unknown_tool) for role 'orchestrator' (from PODKIT_ROLE)",
    );
    const json = await podkit(["ticket", "queue", "T-2", "--json"], { PODKIT_ROLE: "coder" });
    expect(json.code).toBe(1);
    expect(singleJson(json)).toMatchObject({ ok: false, error: { code: "unknown_tool" } });
  });

  it("reports a refused transition with the tool's reason, exit status 1", async () => {
    const run = await podkit(["ticket", "queue", "T-3"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ticket_queue refused \(\w+\) for role 'human': .*T-3/);
    const missing = await podkit(["ticket", "show", "T-99"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No ticket 'T-99'");
  });

  it("reports a clean store from doctor", async () => {
    const run = await podkit(["ticket", "doctor"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^Checked \d+ tickets: no problems\.\n$/);
    expect(singleJson(await podkit(["ticket", "doctor", "--json"]))).toMatchObject({
      ok: true,
      output: { ok: true, count: 0 },
    });
  });
});
