import { createPodkit, type Podkit, type ToolResult } from "@podkit/core";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import { createManualClock, type ManualClock } from "../conformance/manual-clock.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import type { TicketPolicy } from "../service/ticket-policy.js";
import { createTicketFeature } from "../ticket-feature.js";

export interface CallOptions {
  readonly agentId?: string;
  readonly bindings?: Readonly<Record<string, string>>;
}

/** The ticket feature installed on a memory backend with a manual clock, called role by role. */
export interface TicketTestbed {
  readonly podkit: Podkit;
  readonly backend: MemoryTicketBackend;
  readonly clock: ManualClock;
  /** Calls `tool` as `role` (agent `${role}-1` unless given). */
  call(role: string, tool: string, input: unknown, options?: CallOptions): Promise<ToolResult>;
  /** Like `call`, but throws unless the call succeeded, and returns its output. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read outputs loosely; the toolset validated them.
  ok(role: string, tool: string, input: unknown, options?: CallOptions): Promise<any>;
  /** Every ticket's full history, to show that a refused call wrote nothing. */
  histories(): Promise<Record<string, readonly TicketEvent[]>>;
  /** Creates a ticket as intake and walks it to `queued` or `inprogress`; returns its id and token. */
  ticketIn(
    state: "planning" | "ready" | "queued" | "inprogress" | "done",
  ): Promise<{ id: string; token: number }>;
}

export async function createTicketTestbed(policy: Partial<TicketPolicy> = {}): Promise<TicketTestbed> {
  const clock = createManualClock();
  const backend = new MemoryTicketBackend({ clock: clock.now });
  const podkit = await createPodkit({ features: [createTicketFeature({ backend, policy })] });
  const call: TicketTestbed["call"] = (role, tool, input, options = {}) =>
    podkit
      .toolset({
        role,
        agentId: options.agentId ?? `${role}-1`,
        ...(options.bindings === undefined ? {} : { bindings: options.bindings }),
      })
      .call(tool, input);
  const ok: TicketTestbed["ok"] = async (role, tool, input, options) => {
    const result = await call(role, tool, input, options);
    if (!result.ok)
      throw new Error(`${tool} as ${role} failed: ${result.error.code}: ${result.error.message}`);
    return result.output;
  };
  return {
    podkit,
    backend,
    clock,
    call,
    ok,
    async histories() {
      const { tickets } = await backend.list();
      const entries = await Promise.all(
        tickets.map(async (ticket) => [ticket.id, (await backend.read(ticket.id))?.events ?? []] as const),
      );
      return Object.fromEntries(entries);
    },
    async ticketIn(state) {
      const id: string = (await ok("intake", "ticket_create", { title: `Reach ${state}` })).ticket.id;
      if (state === "planning") return { id, token: 0 };
      await ok("intake", "ticket_mark_ready", { ticketId: id, summary: "Scope agreed." });
      if (state === "ready") return { id, token: 0 };
      await ok("human", "ticket_queue", { ticketId: id });
      if (state === "queued") return { id, token: 0 };
      const { lease } = await ok("orchestrator", "ticket_accept", {
        ticketId: id,
        requestId: `accept-${id}`,
      });
      if (state === "inprogress") return { id, token: lease.token };
      await ok("orchestrator", "ticket_complete", { ticketId: id, token: lease.token });
      return { id, token: lease.token };
    },
  };
}
