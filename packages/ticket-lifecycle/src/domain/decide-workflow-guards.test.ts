import { describe, expect, it } from "vitest";
import { appended, decide, refusalOf, ticketIn } from "../testing/ticket-fixtures.js";
import type { TicketCommand } from "./ticket-command.js";
import type { TicketState } from "./ticket-state.js";

const dependent = (state: TicketState, ...targets: string[]) =>
  ticketIn(state, { relations: { depends_on: targets, blocks: [], related: [], split_from: [] } });
const accept: TicketCommand = { type: "accept", holder: "orchestrator-1", requestId: "r", leaseMs: 60_000 };

describe("dependencies", () => {
  it("refuses to queue while a dependency is open or missing, listing each", () => {
    const refusal = refusalOf(() =>
      decide(
        dependent("ready", "T-2", "T-3", "T-4"),
        { type: "queue" },
        {
          gate: true,
          related: [
            ["T-2", "inprogress"],
            ["T-3", "done"],
            ["T-4", undefined],
          ],
        },
      ),
    );
    expect(refusal.code).toBe("precondition_failed");
    expect(refusal.message).toBe(
      "Cannot queue ticket 'T-1': it depends on 'T-2' (inprogress), 'T-4' (missing), which must be done or closed first.",
    );
  });

  it("counts a dependency the context does not know as missing", () => {
    expect(refusalOf(() => decide(dependent("ready", "T-9"), { type: "queue" })).message).toContain(
      "'T-9' (missing)",
    );
  });

  it("queues once every dependency is done or closed", () => {
    const decision = decide(
      dependent("ready", "T-2", "T-3"),
      { type: "queue" },
      {
        related: [
          ["T-2", "done"],
          ["T-3", "closed"],
        ],
      },
    );
    expect(appended(decision).to).toBe("queued");
  });

  it("checks dependencies again when re-queuing a blocked ticket and when accepting", () => {
    const related: [string, TicketState][] = [["T-2", "blocked"]];
    const requeue = { type: "queue", reason: "Unblocked." } as const;
    expect(refusalOf(() => decide(dependent("blocked", "T-2"), requeue, { related })).code).toBe(
      "precondition_failed",
    );
    const refusal = refusalOf(() => decide(dependent("queued", "T-2"), accept, { related }));
    expect(refusal.message).toContain("Cannot accept ticket 'T-1'");
  });
});

describe("closing", () => {
  it("lets a caller without the gate close only from done", () => {
    for (const state of ["planning", "ready", "queued", "inprogress", "blocked"] as const) {
      const refusal = refusalOf(() => decide(ticketIn(state), { type: "close", resolution: "No." }));
      expect(refusal.code).toBe("precondition_failed");
      expect(refusal.message).toBe(
        `Cannot close ticket 'T-1' from '${state}': without the human gate, a ticket can only be closed once it is 'done'.`,
      );
    }
    expect(appended(decide(ticketIn("done"), { type: "close", resolution: "Yes." })).to).toBe("closed");
  });

  it("lets the gate close any open ticket", () => {
    for (const state of ["planning", "ready", "queued", "inprogress", "blocked", "done"] as const) {
      const event = appended(
        decide(ticketIn(state), { type: "close", resolution: "Won't do." }, { gate: true }),
      );
      expect(event).toMatchObject({ from: state, to: "closed" });
    }
  });
});

describe("relations", () => {
  it("refuses a relation to the ticket itself, adding or removing", () => {
    for (const remove of [false, true]) {
      const refusal = refusalOf(() =>
        decide(
          ticketIn("planning"),
          { type: "relate", relation: "depends_on", target: "T-1", remove },
          {
            related: [["T-1", "planning"]],
          },
        ),
      );
      expect(refusal).toMatchObject({
        code: "invalid_input",
        message: "Ticket 'T-1' cannot relate to itself.",
      });
    }
  });

  it("refuses a relation to a missing ticket", () => {
    const refusal = refusalOf(() =>
      decide(ticketIn("planning"), { type: "relate", relation: "split_from", target: "T-404" }),
    );
    expect(refusal).toMatchObject({
      code: "not_found",
      message: "Cannot relate ticket 'T-1' to 'T-404': no such ticket.",
    });
  });

  it("refuses edits and relations on a closed ticket", () => {
    const commands: TicketCommand[] = [
      { type: "edit", priority: "high" },
      { type: "relate", relation: "related", target: "T-2" },
    ];
    for (const command of commands) {
      const refusal = refusalOf(() => decide(ticketIn("closed"), command, { related: [["T-2", "ready"]] }));
      expect(refusal.code).toBe("conflict");
      expect(refusal.message).toBe(
        `Cannot ${command.type} ticket 'T-1': it is 'closed'. Closed tickets are final; create a new one.`,
      );
    }
  });
});

describe("reviews", () => {
  it("are recorded only while inprogress, under the token of the attempt they are bound to", () => {
    const review = { type: "review", verdict: "approve", body: "Good." } as const;
    expect(refusalOf(() => decide(ticketIn("done"), review)).message).toBe(
      "Cannot review ticket 'T-1': it is 'done'; reviews are recorded while it is 'inprogress'.",
    );
    // Unbound (the human gate, say): no token, so no attempt counts it as its verdict.
    expect(appended(decide(ticketIn("inprogress"), review))).toEqual({
      kind: "review",
      body: "Good.",
      data: { verdict: "approve" },
    });
    const bound = { ...review, attempt: { token: 4, podId: "T-1-t4-reviewer-1" } };
    expect(appended(decide(ticketIn("inprogress"), bound))).toEqual({
      kind: "review",
      body: "Good.",
      data: { verdict: "approve", podId: "T-1-t4-reviewer-1" },
      token: 4,
    });
  });
});
