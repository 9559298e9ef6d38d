import { beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

describe("podkit call", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  let first: string;
  let second: string;
  const call = (args: string[], env?: Record<string, string>, input?: string) =>
    runPodkit(["call", ...args], {
      cwd: repository,
      ...(env === undefined ? {} : { env }),
      ...(input === undefined ? {} : { input }),
    });
  const json = (value: unknown) => JSON.stringify(value);

  beforeAll(async () => {
    repository = await makeInitializedRepository();
    const create = async (title: string) => {
      const run = await call(["--role", "intake", "--tool", "ticket_create", "--input", json({ title })]);
      return (singleJson(run).output as { ticket: { id: string } }).ticket.id;
    };
    first = await create("First");
    second = await create("Second");
  }, CLI_TIMEOUT_MS);

  it("prints one JSON object with the output and exits 0 when the tool succeeds", async () => {
    const run = await call([
      "--role",
      "human",
      "--tool",
      "ticket_show",
      "--input",
      json({ ticketId: first }),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(singleJson(run)).toMatchObject({ ok: true, output: { ticket: { id: first, title: "First" } } });
  });

  it("exits 1 with the tool's error when it refuses, and answers an ungranted tool like an unknown one", async () => {
    const refused = await call([
      "--role",
      "human",
      "--tool",
      "ticket_show",
      "--input",
      json({ ticketId: "T-404" }),
    ]);
    expect(refused.code).toBe(1);
    expect(singleJson(refused)).toMatchObject({ ok: false, error: { code: "not_found" } });

    const ungranted = await call([
      "--role",
      "coder",
      "--tool",
      "ticket_queue",
      "--input",
      json({ ticketId: first }),
    ]);
    const unknown = await call(["--role", "coder", "--tool", "ticket_teleport", "--input", "{}"]);
    expect([ungranted.code, unknown.code]).toEqual([1, 1]);
    const ungrantedError = singleJson(ungranted).error;
    const unknownError = singleJson(unknown).error;
    expect(ungrantedError?.code).toBe("unknown_tool");
    expect(ungrantedError?.message.replace("ticket_queue", "X")).toBe(
      unknownError?.message.replace("ticket_teleport", "X"),
    );

    const invalid = await call([
      "--role",
      "human",
      "--tool",
      "ticket_show",
      "--input",
      json({ ticketId: 5 }),
    ]);
    expect(invalid.code).toBe(1);
    expect(singleJson(invalid)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("exits 2 with a usage error as one JSON object and a message on stderr", async () => {
    const cases = [
      ["--role", "human", "--input", "{}"],
      ["--role", "human", "--tool", "ticket_list"],
      ["--role", "human", "--tool", "ticket_list", "--input", "{not json"],
      ["--tool", "ticket_list", "--input", "{}"],
      ["--role", "janitor", "--tool", "ticket_list", "--input", "{}"],
      ["--role", "human", "--tool", "ticket_list", "--input", "{}", "--bogus"],
    ];
    for (const args of cases) {
      const run = await call(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(singleJson(run), args.join(" ")).toMatchObject({ ok: false, error: { code: "usage" } });
      expect(run.stderr.length, args.join(" ")).toBeGreaterThan(0);
    }
  });

  it("reads the input from stdin with --input -", async () => {
    const run = await call(
      ["--role", "human", "--tool", "ticket_list", "--input", "-"],
      {},
      json({ limit: 1 }),
    );
    expect(run.code).toBe(0);
    expect(singleJson(run)).toMatchObject({ ok: true, output: { returned: 1, truncated: true } });
  });

  it("takes role, agent and ticket from PODKIT_* variables, the ticket becoming the scope binding", async () => {
    const env = { PODKIT_ROLE: "coder", PODKIT_AGENT_ID: "coder-9", PODKIT_TICKET_ID: first };
    const own = await call(
      ["--tool", "ticket_comment", "--input", json({ ticketId: first, body: "on it" })],
      env,
    );
    expect(own.code, own.stdout).toBe(0);
    const other = await call(
      ["--tool", "ticket_comment", "--input", json({ ticketId: second, body: "x" })],
      env,
    );
    expect(other.code).toBe(1);
    expect(singleJson(other)).toMatchObject({ ok: false, error: { code: "out_of_scope" } });

    const shown = await call([
      "--role",
      "human",
      "--tool",
      "ticket_show",
      "--input",
      json({ ticketId: first }),
    ]);
    const history = (singleJson(shown).output as { history: { events: { kind: string; actor: string }[] } })
      .history;
    expect(history.events.at(-1)).toMatchObject({ kind: "comment", actor: "coder/coder-9" });
  });

  it("lets flags win over the environment", async () => {
    const env = { PODKIT_ROLE: "coder", PODKIT_TICKET_ID: first, PODKIT_AGENT_ID: "env-agent" };
    const run = await call(
      ["--role", "coder", "--ticket", second, "--agent", "flag-agent", "--tool", "ticket_comment"].concat([
        "--input",
        json({ ticketId: second, body: "flag scope" }),
      ]),
      env,
    );
    expect(run.code, run.stdout).toBe(0);
    const human = await call(
      ["--role", "human", "--tool", "ticket_queue", "--input", json({ ticketId: first })],
      {
        PODKIT_ROLE: "coder",
      },
    );
    expect(singleJson(human).error?.code).not.toBe("unknown_tool");
  });

  it("fills a missing lease token from PODKIT_LEASE_TOKEN for tools that take one", async () => {
    const orchestrator = { PODKIT_ROLE: "orchestrator", PODKIT_AGENT_ID: "orch-1" };
    const ready = await call([
      "--role",
      "intake",
      "--tool",
      "ticket_mark_ready",
      "--input",
      json({ ticketId: second, summary: "Do it." }),
    ]);
    expect(ready.code, ready.stdout).toBe(0);
    const queued = await call([
      "--role",
      "human",
      "--tool",
      "ticket_queue",
      "--input",
      json({ ticketId: second }),
    ]);
    expect(queued.code, queued.stdout).toBe(0);
    const accepted = await call(
      ["--tool", "ticket_accept", "--input", json({ ticketId: second, requestId: "r-1" })],
      orchestrator,
    );
    const token = (singleJson(accepted).output as { lease: { token: number } }).lease.token;

    const report = { ticketId: second, kind: "progress", body: "halfway" };
    const withoutToken = await call(["--tool", "ticket_report", "--input", json(report)], orchestrator);
    expect(singleJson(withoutToken)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const filled = await call(["--tool", "ticket_report", "--input", json(report)], {
      ...orchestrator,
      PODKIT_LEASE_TOKEN: String(token),
    });
    expect(filled.code, filled.stdout).toBe(0);
    const stale = await call(["--tool", "ticket_report", "--input", json({ ...report, token: token - 1 })], {
      ...orchestrator,
      PODKIT_LEASE_TOKEN: String(token),
    });
    expect(singleJson(stale)).toMatchObject({ ok: false, error: { code: "lease_lost" } });
    const badToken = await call(["--tool", "ticket_report", "--input", json(report)], {
      ...orchestrator,
      PODKIT_LEASE_TOKEN: "later",
    });
    expect(badToken.code).toBe(2);
    expect(singleJson(badToken).error?.message).toContain("PODKIT_LEASE_TOKEN must be a positive integer");
  });
});
