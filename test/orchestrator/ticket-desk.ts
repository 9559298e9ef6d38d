import type { Podkit, Toolset } from "@podkit/core";
import { reportTickets, type WakeSource } from "@podkit/harness";
import { loadPodkitConfig, openPodkit } from "podkit";
import type { EventView } from "../../packages/orchestrator-automation/src/index.js";

/** One history entry as `ticket_show` returns it. */
export type HistoryEvent = EventView;

/** A ticket as the tests read it: state, lease and whole history. */
export interface ShownTicket {
  readonly id: string;
  readonly state: string;
  readonly lease: { readonly holder: string; readonly token: number; readonly expiresAt: string } | null;
  readonly events: readonly HistoryEvent[];
}

/** The human's side of the store a test's orchestrators work on: create, queue and read tickets. */
export interface TicketDesk {
  /** Creates tickets up to `ready`; returns their ids in order. */
  createReady(titles: readonly string[]): Promise<string[]>;
  /** The human gate: `ready → queued`. */
  queue(ticketId: string): Promise<void>;
  show(ticketId: string): Promise<ShownTicket>;
  /** Wakes a wait on every change to any ticket of the store, by any process (the store's watch). */
  readonly changes: WakeSource;
  /** The state, lease and last events of each ticket: what a failed wait prints. */
  report(ticketIds: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

/** Opens the configured store in this process, as the human `alice`. */
export async function openTicketDesk(configFile: string): Promise<TicketDesk> {
  const podkit: Podkit = await openPodkit(loadPodkitConfig(configFile));
  const human: Toolset = podkit.toolset({ role: "human", agentId: "alice" });
  const call = async <T>(tool: string, input: object): Promise<T> => {
    const result = await human.call(tool, input);
    if (!result.ok)
      throw new Error(`${tool} ${JSON.stringify(input)}: ${result.error.code}: ${result.error.message}`);
    return result.output as T;
  };
  const show = async (ticketId: string): Promise<ShownTicket> => {
    const output = await call<{
      ticket: Omit<ShownTicket, "events">;
      history: { events: HistoryEvent[]; truncated: boolean };
    }>("ticket_show", { ticketId, historyLimit: 500, bodyLimit: 4_000 });
    if (output.history.truncated) throw new Error(`${ticketId} has more than 500 events`);
    return {
      id: ticketId,
      state: output.ticket.state,
      lease: output.ticket.lease,
      events: output.history.events,
    };
  };
  return {
    async createReady(titles) {
      const ids: string[] = [];
      for (const title of titles) {
        const { ticket } = await call<{ ticket: { id: string } }>("ticket_create", { title });
        await call("ticket_mark_ready", { ticketId: ticket.id, summary: `Do ${title}.` });
        ids.push(ticket.id);
      }
      return ids;
    },
    async queue(ticketId) {
      await call("ticket_queue", { ticketId });
    },
    show,
    changes: (wake) => podkit.registry.events.on("ticket-changed", () => wake()),
    report: (ticketIds) => reportTickets(ticketIds, show),
    close: () => podkit.dispose(),
  };
}

/** Whether a ticket has settled: `done`, or `blocked` waiting for a human. */
export function isSettled(ticket: ShownTicket): boolean {
  return ticket.state === "done" || ticket.state === "blocked";
}
