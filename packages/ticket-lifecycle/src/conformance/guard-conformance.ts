import { describe, expect, it } from "vitest";
import type { TicketEvent } from "../domain/ticket-event.js";
import { LIMITS } from "../domain/ticket-state.js";
import { ACTORS, type ConformanceContext, LIVE_LEASE_MS } from "./conformance-context.js";
import { importedHistory } from "./import-conformance.js";

/** Every workflow guard refuses through the backend under test, and a refusal writes nothing. */
export function describeGuardConformance(context: () => ConformanceContext): void {
  describe("guards", () => {
    it("refuses an empty or oversized intake summary", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      for (const summary of ["", "  \n ", "x".repeat(LIMITS.summaryChars + 1)]) {
        await test.refuses(ticketId, "invalid_input", () =>
          test.execute(ACTORS.intake, ticketId, { type: "mark_ready", summary }),
        );
      }
    });

    it("refuses to queue or accept while a dependency is unresolved", async () => {
      const test = context();
      const dependency = await test.driveTo("planning");
      const { ticketId } = await test.driveTo("ready");
      await test.execute(ACTORS.intake, ticketId, {
        type: "relate",
        relation: "depends_on",
        target: dependency.ticketId,
      });
      const refusal = await test.refuses(ticketId, "precondition_failed", () =>
        test.execute(ACTORS.human, ticketId, { type: "queue" }, { gate: true }),
      );
      expect(refusal.message).toContain(`'${dependency.ticketId}' (planning)`);
      await test.execute(
        ACTORS.human,
        dependency.ticketId,
        { type: "close", resolution: "Dropped." },
        { gate: true },
      );
      await test.execute(ACTORS.human, ticketId, { type: "queue" }, { gate: true });

      const late = await test.driveTo("ready");
      await test.execute(ACTORS.intake, ticketId, {
        type: "relate",
        relation: "depends_on",
        target: late.ticketId,
      });
      await test.refuses(ticketId, "precondition_failed", () =>
        test.execute(ACTORS.orchestrator, ticketId, {
          type: "accept",
          holder: "orchestrator-1",
          requestId: "r",
          leaseMs: LIVE_LEASE_MS,
        }),
      );
    });

    it("counts a missing dependency as unresolved", async () => {
      const test = context();
      const history = importedHistory().filter((event) => event.kind !== "comment");
      const relation: TicketEvent = {
        seq: 2,
        kind: "relation",
        actor: ACTORS.intake,
        at: "2025-03-01T10:00:00.000Z",
        data: { relation: { type: "depends_on", target: "T-404" } },
      };
      await test.backend.importHistory("T-1", [
        ...history.slice(0, 1),
        relation,
        ...history.slice(1).map((event) => ({ ...event, seq: 3 })),
      ]);
      const refusal = await test.refuses("T-1", "precondition_failed", () =>
        test.execute(ACTORS.human, "T-1", { type: "queue" }, { gate: true }),
      );
      expect(refusal.message).toContain("'T-404' (missing)");
    });

    it("needs a reason to queue a blocked ticket again", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("blocked");
      for (const reason of [undefined, "   "]) {
        await test.refuses(ticketId, "invalid_input", () =>
          test.execute(
            ACTORS.human,
            ticketId,
            { type: "queue", ...(reason === undefined ? {} : { reason }) },
            { gate: true },
          ),
        );
      }
      const queued = await test.execute(
        ACTORS.human,
        ticketId,
        { type: "queue", reason: "Secret added." },
        { gate: true },
      );
      expect(queued.event).toMatchObject({ from: "blocked", to: "queued", reason: "Secret added." });
    });

    it("lets a caller without the gate close only a done ticket", async () => {
      const test = context();
      for (const state of ["planning", "ready", "queued", "inprogress", "blocked"] as const) {
        const { ticketId } = await test.driveTo(state);
        await test.refuses(ticketId, "precondition_failed", () =>
          test.execute(ACTORS.orchestrator, ticketId, { type: "close", resolution: "Not mine to close." }),
        );
      }
      const { ticketId } = await test.driveTo("done");
      const closed = await test.execute(ACTORS.orchestrator, ticketId, {
        type: "close",
        resolution: "Shipped.",
      });
      expect(closed.record.ticket).toMatchObject({ state: "closed", resolution: "Shipped." });
    });

    it("refuses fenced writes without the live lease", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      for (const wrong of [token - 1, token + 1]) {
        await test.refuses(ticketId, "lease_lost", () =>
          test.execute(ACTORS.orchestrator, ticketId, {
            type: "report",
            token: wrong,
            kind: "progress",
            body: "x",
          }),
        );
      }
      const done = await test.driveTo("done");
      await test.refuses(done.ticketId, "lease_lost", () =>
        test.execute(ACTORS.orchestrator, done.ticketId, {
          type: "renew_lease",
          token: done.token ?? 0,
          leaseMs: LIVE_LEASE_MS,
        }),
      );
    });

    it("keeps leases within bounds", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      for (const leaseMs of [999, 24 * 60 * 60 * 1000 + 1, 1_500.5]) {
        await test.refuses(ticketId, "invalid_input", () =>
          test.execute(ACTORS.orchestrator, ticketId, {
            type: "accept",
            holder: "o",
            requestId: `r-${leaseMs}`,
            leaseMs,
          }),
        );
      }
    });

    it("expires a lease only once it has expired", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("inprogress");
      await test.refuses(ticketId, "precondition_failed", () =>
        test.execute(ACTORS.sweeper, ticketId, { type: "expire_lease" }),
      );
      const queued = await test.driveTo("queued");
      await test.refuses(queued.ticketId, "precondition_failed", () =>
        test.execute(ACTORS.sweeper, queued.ticketId, { type: "expire_lease" }),
      );
    });

    it("refuses a relation to the ticket itself or to a missing ticket", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      await test.refuses(ticketId, "invalid_input", () =>
        test.execute(ACTORS.intake, ticketId, { type: "relate", relation: "related", target: ticketId }),
      );
      await test.refuses(ticketId, "not_found", () =>
        test.execute(ACTORS.intake, ticketId, { type: "relate", relation: "blocks", target: "T-404" }),
      );
    });

    it("records reviews only while in progress", async () => {
      const test = context();
      for (const state of ["ready", "done"] as const) {
        const { ticketId } = await test.driveTo(state);
        await test.refuses(ticketId, "conflict", () =>
          test.execute(ACTORS.reviewer, ticketId, { type: "review", verdict: "approve", body: "LGTM" }),
        );
      }
      const { ticketId } = await test.driveTo("inprogress");
      const reviewed = await test.execute(ACTORS.reviewer, ticketId, {
        type: "review",
        verdict: "approve",
        body: "LGTM",
      });
      expect(reviewed.record.ticket.reviews).toEqual([
        expect.objectContaining({ verdict: "approve", by: "reviewer-1" }),
      ]);
    });

    it("refuses edits and relations on a closed ticket", async () => {
      const test = context();
      const other = await test.driveTo("planning");
      const { ticketId } = await test.driveTo("closed");
      await test.refuses(ticketId, "conflict", () =>
        test.execute(ACTORS.intake, ticketId, { type: "edit", title: "Reopen?" }),
      );
      await test.refuses(ticketId, "conflict", () =>
        test.execute(ACTORS.intake, ticketId, {
          type: "relate",
          relation: "related",
          target: other.ticketId,
        }),
      );
    });

    it("holds a planning-only author, and a role that extends one, to planning", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("ready");
      const companion = { role: "companion", agentId: "companion-1" };
      await test.refuses(ticketId, "precondition_failed", () =>
        test.execute(
          companion,
          ticketId,
          { type: "edit", title: "Sneaky" },
          test.service.authorOptions(["companion"]),
        ),
      );
      const helper = { role: "helper", agentId: "helper-1" };
      await test.refuses(ticketId, "precondition_failed", () =>
        test.execute(
          helper,
          ticketId,
          { type: "edit", title: "Sneaky too" },
          test.service.authorOptions(["helper", "companion"]),
        ),
      );
      expect(test.service.authorOptions(["intake"])).toEqual({});
    });
  });
}
