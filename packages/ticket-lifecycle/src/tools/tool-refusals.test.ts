import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPodkit } from "@podkit/core";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import { createTicketTestbed, type TicketTestbed } from "../testing/ticket-testbed.js";
import { createTicketFeature } from "../ticket-feature.js";

let bed: TicketTestbed;

beforeEach(async () => {
  bed = await createTicketTestbed();
});

/** Calls a tool expecting a refusal with `code`, and checks the refused call wrote nothing. */
async function refused(role: string, tool: string, input: unknown, code: string, agentId?: string) {
  const before = await bed.histories();
  const result = await bed.call(role, tool, input, agentId === undefined ? {} : { agentId });
  expect(result).toMatchObject({ ok: false, error: { code } });
  expect(await bed.histories()).toEqual(before);
  return result.ok ? "" : result.error.message;
}

describe("wrong-state transitions", () => {
  it("answers a move the workflow lacks with conflict, naming what is allowed", async () => {
    const { id } = await bed.ticketIn("ready");
    expect(await refused("orchestrator", "ticket_accept", { ticketId: id, requestId: "r" }, "conflict")).toBe(
      `Cannot move ticket '${id}' from 'ready' to 'inprogress'. Allowed from 'ready': queued, planning, closed.`,
    );
    await refused("intake", "ticket_mark_ready", { ticketId: id, summary: "Again." }, "conflict");
  });

  it("refuses to queue an in-progress ticket, even for the human gate", async () => {
    const { id } = await bed.ticketIn("inprogress");
    await refused("human", "ticket_queue", { ticketId: id, reason: "Restart." }, "conflict");
  });

  it("refuses a review of a ticket that is not in progress", async () => {
    const { id } = await bed.ticketIn("done");
    await refused("human", "ticket_review", { ticketId: id, verdict: "approve", body: "Late." }, "conflict");
  });

  it("lets an orchestrator close only a done ticket", async () => {
    const open = await bed.ticketIn("queued");
    await refused(
      "orchestrator",
      "ticket_close",
      { ticketId: open.id, resolution: "Mine now." },
      "precondition_failed",
    );
    const done = await bed.ticketIn("done");
    const closed = await bed.ok("orchestrator", "ticket_close", {
      ticketId: done.id,
      resolution: "Shipped.",
    });
    expect(closed.ticket.state).toBe("closed");
  });
});

describe("stale lease tokens", () => {
  it("refuses a token that is not the live one", async () => {
    const { id, token } = await bed.ticketIn("inprogress");
    for (const stale of [token - 1, token + 1, 999]) {
      await refused(
        "orchestrator",
        "ticket_report",
        { ticketId: id, token: stale, kind: "progress", body: "x" },
        "lease_lost",
      );
    }
  });

  it("refuses the old token after the ticket left inprogress", async () => {
    const { id, token } = await bed.ticketIn("inprogress");
    await bed.ok("orchestrator", "ticket_block", { ticketId: id, token, reason: "Needs a key." });
    await refused("orchestrator", "ticket_complete", { ticketId: id, token }, "lease_lost");
    await refused("orchestrator", "ticket_renew_lease", { ticketId: id, token }, "lease_lost");
  });

  it("refuses the old token once the lease has expired, before and after a sweep", async () => {
    const { id, token } = await bed.ticketIn("inprogress");
    bed.clock.advance(60_001);
    await refused("orchestrator", "ticket_renew_lease", { ticketId: id, token }, "lease_lost");
    await bed.ok("orchestrator", "ticket_sweep_leases", {});
    await refused("orchestrator", "ticket_defer", { ticketId: id, token, reason: "Later." }, "lease_lost");
  });
});

describe("replayed request ids", () => {
  it("answers a replay by the same agent with the same lease and writes nothing new", async () => {
    const { id } = await bed.ticketIn("queued");
    const first = await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1" });
    const before = await bed.histories();
    const again = await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1" });
    expect(again).toMatchObject({ repeated: true, lease: first.lease });
    expect(first.repeated).toBe(false);
    expect(await bed.histories()).toEqual(before);
  });

  it("answers a replay after a renewal with the lease as renewed", async () => {
    const { id } = await bed.ticketIn("queued");
    const first = await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1" });
    bed.clock.advance(50_000);
    const renewed = await bed.ok("orchestrator", "ticket_renew_lease", {
      ticketId: id,
      token: first.lease.token,
    });
    bed.clock.advance(20_000);
    const again = await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1" });
    expect(again).toMatchObject({ repeated: true, lease: renewed.lease });
    expect(Date.parse(again.lease.expiresAt)).toBeGreaterThan(Date.parse(first.lease.expiresAt));
  });

  it("refuses another agent that replays the same request id", async () => {
    const { id } = await bed.ticketIn("queued");
    await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "accept-1" });
    await refused(
      "orchestrator",
      "ticket_accept",
      { ticketId: id, requestId: "accept-1" },
      "conflict",
      "orchestrator-2",
    );
  });

  it("answers a replay after the lease was swept with lease_lost", async () => {
    const { id } = await bed.ticketIn("queued");
    await bed.ok("orchestrator", "ticket_accept", { ticketId: id, requestId: "r-1", leaseMs: 5_000 });
    bed.clock.advance(5_000);
    await bed.ok("orchestrator", "ticket_sweep_leases", {});
    await refused(
      "orchestrator",
      "ticket_accept",
      { ticketId: id, requestId: "r-1", leaseMs: 5_000 },
      "lease_lost",
    );
  });
});

describe("a companion authors only in planning", () => {
  it("creates, edits and relates tickets in planning", async () => {
    const created = await bed.ok("companion", "ticket_create", { title: "Idea" });
    const other = await bed.ok("companion", "ticket_create", { title: "Other idea" });
    await bed.ok("companion", "ticket_edit", { ticketId: created.ticket.id, body: "Shaped." });
    const related = await bed.ok("companion", "ticket_relate", {
      ticketId: created.ticket.id,
      relation: "related",
      target: other.ticket.id,
    });
    expect(related.ticket.state).toBe("planning");
  });

  it.each(["ready", "queued", "inprogress", "done"] as const)(
    "gets precondition_failed editing or relating a %s ticket",
    async (state) => {
      const { id } = await bed.ticketIn(state);
      const other = await bed.ticketIn("planning");
      const message = await refused(
        "companion",
        "ticket_edit",
        { ticketId: id, title: "Changed" },
        "precondition_failed",
      );
      expect(message).toBe(`Ticket '${id}' is '${state}'; this role may only edit tickets in 'planning'.`);
      await refused(
        "companion",
        "ticket_relate",
        { ticketId: id, relation: "related", target: other.id },
        "precondition_failed",
      );
    },
  );

  it("holds a configured role that extends companion under another name to planning too", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "podkit-helper-role-"));
    try {
      const roles = path.join(directory, "roles.yaml");
      writeFileSync(
        roles,
        "roles:\n  helper:\n    extends: companion\n  deep:\n    extends: helper\n    description: Two steps from companion.\n",
      );
      const backend = new MemoryTicketBackend();
      const podkit = await createPodkit({ features: [createTicketFeature({ backend })], roleFiles: [roles] });
      try {
        const as = (role: string) => podkit.toolset({ role, agentId: `${role}-1` });
        const created = await as("intake").call("ticket_create", { title: "Shaped" });
        const ticketId = created.ok ? (created.output as { ticket: { id: string } }).ticket.id : "";
        expect(await as("helper").call("ticket_edit", { ticketId, body: "Planning: fine." })).toMatchObject({
          ok: true,
        });
        await as("intake").call("ticket_mark_ready", { ticketId, summary: "Ready." });
        const before = (await backend.read(ticketId))?.events;
        for (const role of ["helper", "deep"]) {
          expect(
            await as(role).call("ticket_edit", { ticketId, title: "Changed after planning" }),
          ).toMatchObject({
            ok: false,
            error: {
              code: "precondition_failed",
              message: `Ticket '${ticketId}' is 'ready'; this role may only edit tickets in 'planning'.`,
            },
          });
        }
        expect((await backend.read(ticketId))?.events).toEqual(before);
        expect(await as("intake").call("ticket_edit", { ticketId, priority: "high" })).toMatchObject({
          ok: true,
        });
      } finally {
        await podkit.dispose();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("still comments on tickets in any state; intake edits outside planning", async () => {
    const { id } = await bed.ticketIn("ready");
    await bed.ok("companion", "ticket_comment", { ticketId: id, body: "A thought." });
    const edited = await bed.ok("intake", "ticket_edit", { ticketId: id, priority: "high" });
    expect(edited.ticket.priority).toBe("high");
  });
});
