import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

/** A well-formed event file no granted command could have written: a coder moving planning → queued. */
function forgeQueuedByCoder(repository: string, ticketId: string): void {
  writeFileSync(
    join(repository, ".podkit", "tickets", ticketId, "events", "000002.md"),
    [
      "---",
      "seq: 2",
      'kind: "state_changed"',
      'actor: {"role":"coder","agentId":"coder-7"}',
      'at: "2026-01-02T03:04:05.000Z"',
      'from: "planning"',
      'to: "queued"',
      "---",
      "",
    ].join("\n"),
  );
}

describe("a forged but well-formed history", { timeout: CLI_TIMEOUT_MS }, () => {
  it("is named by doctor, marked damaged by list and show, and never accepted", async () => {
    const repository = await makeInitializedRepository();
    expect((await runPodkit(["ticket", "create", "Forged"], { cwd: repository })).code).toBe(0);
    expect((await runPodkit(["ticket", "create", "Healthy"], { cwd: repository })).code).toBe(0);
    forgeQueuedByCoder(repository, "T-1");

    const doctor = await runPodkit(["ticket", "doctor"], { cwd: repository });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^T-1 +T-1 event 2 +a state change from 'planning' to 'queued': the workflow has no command for that move$/m,
    );

    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^T-1 +queued!DAMAGED +normal .* Forged$/m);
    expect(list.stdout).toMatch(/^T-2 +planning +normal .* Healthy$/m);
    const listed = singleJson(await runPodkit(["ticket", "list", "--json"], { cwd: repository }));
    expect(listed.output).toMatchObject({
      tickets: [
        { id: "T-1", state: "queued", damaged: true },
        { id: "T-2", state: "planning" },
      ],
    });
    expect((listed.output as { tickets: object[] }).tickets[1]).not.toHaveProperty("damaged");

    const show = await runPodkit(["ticket", "show", "T-1"], { cwd: repository });
    expect(show.stdout).toMatch(/^ {2}state +queued!DAMAGED$/m);
    expect(show.stdout).toContain("event 2: a state change from 'planning' to 'queued'");

    const accept = await runPodkit(
      [
        "call",
        "--role",
        "orchestrator",
        "--tool",
        "ticket_accept",
        "--input",
        '{"ticketId":"T-1","requestId":"r-1"}',
      ],
      { cwd: repository },
    );
    expect(accept.code).toBe(1);
    expect(singleJson(accept).error).toMatchObject({
      code: "precondition_failed",
      message: expect.stringContaining("Ticket 'T-1' is damaged and cannot be accepted"),
    });
    const after = singleJson(await runPodkit(["ticket", "list", "--json"], { cwd: repository }));
    expect((after.output as { tickets: object[] }).tickets[0]).toMatchObject({
      id: "T-1",
      state: "queued",
      lease: null,
    });
  });

  it("judges a move by the roles the configuration grants, not only the built-in ones", async () => {
    const repository = await makeInitializedRepository();
    writeFileSync(
      join(repository, "roles.yaml"),
      "roles:\n  lead:\n    features:\n      ticket-lifecycle:\n        capabilities: [read, gate]\n",
    );
    writeFileSync(join(repository, "podkit.config.yaml"), "roles:\n  files: [roles.yaml]\n");
    expect((await runPodkit(["ticket", "create", "Ready"], { cwd: repository })).code).toBe(0);
    const ready = await runPodkit(
      [
        "call",
        "--role",
        "intake",
        "--tool",
        "ticket_mark_ready",
        "--input",
        '{"ticketId":"T-1","summary":"Scoped."}',
      ],
      { cwd: repository },
    );
    const queue = await runPodkit(
      ["call", "--role", "lead", "--tool", "ticket_queue", "--input", '{"ticketId":"T-1"}'],
      { cwd: repository },
    );
    expect(queue.code, `${ready.stderr}${queue.stdout}`).toBe(0);
    const doctor = await runPodkit(["ticket", "doctor"], { cwd: repository });
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it("reaches the terminal without bidirectional overrides or control characters", async () => {
    const repository = await makeInitializedRepository();
    const title = "Fix \u202Egub nigol\u202C \u001b[31mred\u001b[0m";
    expect(
      (await runPodkit(["ticket", "create", title, "--body", "a\u2066b\u2069c"], { cwd: repository })).code,
    ).toBe(0);
    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    const show = await runPodkit(["ticket", "show", "T-1"], { cwd: repository });
    for (const output of [list.stdout, show.stdout]) {
      expect(output).toContain("Fix <U+202E>gub nigol<U+202C> \uFFFD[31mred\uFFFD[0m");
      expect(
        [...output].filter(
          (character) => /[\u202a-\u202e\u2066-\u2069]/.test(character) || character === "\u001b",
        ),
      ).toEqual([]);
    }
    expect(show.stdout).toContain("a<U+2066>b<U+2069>c");
  });
});
