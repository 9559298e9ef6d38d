import { beforeEach, describe, expect, it } from "vitest";
import { createTicketTestbed, type TicketTestbed } from "../testing/ticket-testbed.js";
import { ATTEMPT_BINDING, podBindings } from "./attempt-binding.js";

let bed: TicketTestbed;
let ticketId: string;
let token: number;

beforeEach(async () => {
  bed = await createTicketTestbed();
  ({ id: ticketId, token } = await bed.ticketIn("inprogress"));
});

/** Calls a tool as the reviewer Pod the orchestrator would launch for `attempt`. */
function asPod(attempt: number, tool: string, input: unknown, podId = `${ticketId}-t${attempt}-reviewer-1`) {
  return bed.podkit
    .toolset({ role: "reviewer", agentId: podId, podId, bindings: podBindings({ ticketId, token: attempt }) })
    .call(tool, input);
}

describe("ticket_review binds a verdict to the attempt from the toolset, not from the model", () => {
  it("records the review under the Pod's attempt and Pod id", async () => {
    const result = await asPod(token, "ticket_review", { ticketId, verdict: "approve", body: "Fine." });
    expect(result).toMatchObject({ ok: true });
    const events = (await bed.histories())[ticketId] ?? [];
    expect(events.at(-1)).toMatchObject({
      kind: "review",
      token,
      data: { verdict: "approve", podId: `${ticketId}-t${token}-reviewer-1` },
    });
  });

  it("refuses a verdict from a Pod bound to another attempt, writing nothing", async () => {
    const before = await bed.histories();
    const result = await asPod(token - 1, "ticket_review", { ticketId, verdict: "approve", body: "Stale." });
    expect(result).toMatchObject({ ok: false, error: { code: "lease_lost" } });
    expect(await bed.histories()).toEqual(before);
  });

  it("offers no input field through which a model could name the attempt", async () => {
    const result = await asPod(token - 1, "ticket_review", {
      ticketId,
      verdict: "approve",
      body: "Stale.",
      attempt: token,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("refuses a toolset bound to an attempt that is not a token, or without a Pod id", async () => {
    const review = { ticketId, verdict: "approve", body: "?" };
    const malformed = await bed.podkit
      .toolset({
        role: "reviewer",
        agentId: "p",
        podId: "p",
        bindings: { ticket: ticketId, [ATTEMPT_BINDING]: "4x" },
      })
      .call("ticket_review", review);
    expect(malformed).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
    const podless = await bed.call("reviewer", "ticket_review", review, {
      bindings: podBindings({ ticketId, token }),
    });
    expect(podless).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
    expect(podless.ok ? "" : podless.error.message).toContain("names no Pod");
  });

  it("records a review from a toolset bound to no attempt without a token", async () => {
    await bed.ok("human", "ticket_review", { ticketId, verdict: "request_changes", body: "From a person." });
    const events = (await bed.histories())[ticketId] ?? [];
    expect(events.at(-1)).toMatchObject({ kind: "review", data: { verdict: "request_changes" } });
    expect(events.at(-1)).not.toHaveProperty("token");
  });

  it("shows the lease token to a Pod of the live attempt, and not to one of another attempt", async () => {
    const live = await asPod(token, "ticket_show", { ticketId });
    expect(live).toMatchObject({ ok: true, output: { ticket: { lease: { token } } } });
    const stale = await asPod(token - 1, "ticket_show", { ticketId });
    expect(stale.ok && stale.output).toMatchObject({ ticket: { lease: { holder: "orchestrator-1" } } });
    expect(JSON.stringify(stale)).not.toContain(`"token":${token}`);
  });
});
