import { createPodkit, type Podkit, type ToolResult } from "@podkit/core";
import { describe, expect, it } from "vitest";
import type { TicketBackend } from "../backend/ticket-backend.js";
import { createTicketFeature } from "../ticket-feature.js";
import { type ConformanceContext, LIVE_LEASE_MS } from "./conformance-context.js";

/** The backend as the feature sees it, except that disposing the feature leaves it open for cleanup. */
function borrowed(backend: TicketBackend): TicketBackend {
  return {
    kind: backend.kind,
    now: () => backend.now(),
    create: (options) => backend.create(options),
    read: (ticketId) => backend.read(ticketId),
    append: (ticketId, options) => backend.append(ticketId, options),
    list: (query) => backend.list(query),
    doctor: () => backend.doctor(),
    importHistory: (ticketId, events) => backend.importHistory(ticketId, events),
    acquireLock: (options) => backend.acquireLock(options),
    releaseLock: (options) => backend.releaseLock(options),
    ...(backend.watch === undefined ? {} : { watch: (listener) => backend.watch?.(listener) ?? (() => {}) }),
    close: async () => {},
  };
}

async function withPodkit(test: ConformanceContext, run: (podkit: Podkit) => Promise<void>): Promise<void> {
  const podkit = await createPodkit({
    features: [createTicketFeature({ backend: borrowed(test.backend), policy: { leaseMs: LIVE_LEASE_MS } })],
  });
  try {
    await run(podkit);
  } finally {
    await podkit.dispose();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: outputs are read loosely here; the toolset validated them.
function output(result: ToolResult): any {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output;
}

/** A few transitions through the feature's tools, as agents make them, on the backend under test. */
export function describeToolConformance(context: () => ConformanceContext): void {
  describe("through the ticket feature's tools", () => {
    it("walks a ticket from planning to closed and stores what the tools report", async () => {
      const test = context();
      await withPodkit(test, async (podkit) => {
        const intake = podkit.toolset({ role: "intake", agentId: "intake-1" });
        const human = podkit.toolset({ role: "human", agentId: "human-1" });
        const orchestrator = podkit.toolset({ role: "orchestrator", agentId: "orchestrator-1" });
        const created = output(await intake.call("ticket_create", { title: "Through tools", body: "Body." }));
        const ticketId: string = created.ticket.id;
        output(await intake.call("ticket_mark_ready", { ticketId, summary: "Clear." }));
        output(await human.call("ticket_queue", { ticketId }));
        const { lease } = output(await orchestrator.call("ticket_accept", { ticketId, requestId: "r-1" }));
        output(
          await orchestrator.call("ticket_report", {
            ticketId,
            token: lease.token,
            kind: "intent",
            body: "worktree",
          }),
        );
        output(await orchestrator.call("ticket_complete", { ticketId, token: lease.token }));
        const closed = output(await orchestrator.call("ticket_close", { ticketId, resolution: "Shipped." }));
        expect(closed.ticket.state).toBe("closed");
        const record = await test.backend.read(ticketId);
        expect(record?.events.map((event) => [event.kind, event.to])).toEqual([
          ["create", "planning"],
          ["intake_summary", "ready"],
          ["state_changed", "queued"],
          ["acceptance", "inprogress"],
          ["intent", undefined],
          ["state_changed", "done"],
          ["close", "closed"],
        ]);
        expect(record?.events[3]).toMatchObject({ token: lease.token, seq: lease.token });
        const shown = output(await human.call("ticket_show", { ticketId }));
        expect(shown.history.count).toBe(7);
        const listed = output(await human.call("ticket_list", { states: ["closed"] }));
        expect(listed.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([ticketId]);
      });
    });

    it("lets one of several orchestrator toolsets accept and refuses the rest", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("queued");
      await withPodkit(test, async (podkit) => {
        const agents = Array.from({ length: 8 }, (_, index) => `orch-${index}`);
        const results = await Promise.all(
          agents.map((agentId) =>
            podkit
              .toolset({ role: "orchestrator", agentId })
              .call("ticket_accept", { ticketId, requestId: agentId }),
          ),
        );
        const winners = agents.filter((_, index) => results[index]?.ok);
        expect(winners).toHaveLength(1);
        for (const result of results.filter((candidate) => !candidate.ok)) {
          expect(result).toMatchObject({ ok: false, error: { code: "conflict" } });
        }
        expect((await test.backend.read(ticketId))?.ticket.lease?.holder).toBe(winners[0]);
      });
    });

    it("sweeps an expired lease through ticket_sweep_leases and fences the old holder out", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress", { leaseMs: test.lapsingLeaseMs });
      await test.passExpiry((await test.backend.read(ticketId))?.ticket.lease?.expiresAt ?? "");
      await withPodkit(test, async (podkit) => {
        const orchestrator = podkit.toolset({ role: "orchestrator", agentId: "orchestrator-1" });
        const swept = output(await orchestrator.call("ticket_sweep_leases", {}));
        expect(swept.swept).toEqual([
          expect.objectContaining({ ticketId, outcome: "blocked", expiredToken: token }),
        ]);
        expect(await orchestrator.call("ticket_complete", { ticketId, token })).toMatchObject({
          ok: false,
          error: { code: "lease_lost" },
        });
      });
      expect((await test.backend.read(ticketId))?.ticket.state).toBe("blocked");
    });
  });
}
