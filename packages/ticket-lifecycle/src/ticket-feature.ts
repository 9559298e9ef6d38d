import { defineFeature, type FeatureGrant, unavailable } from "@podkit/core";
import type { TicketBackend } from "./backend/ticket-backend.js";
import { TICKET_BACKEND, TICKET_POLICY } from "./di-tokens.js";
import { DEFAULT_TICKET_POLICY, type TicketPolicy } from "./service/ticket-policy.js";
import { TicketService } from "./service/ticket-service.js";
import { TICKET_ROLE_INSTRUCTIONS } from "./ticket-role-instructions.js";
import { ticketCreate, ticketEdit, ticketRelate } from "./tools/authoring-tools.js";
import { ticketClose, ticketMarkReady, ticketQueue, ticketReturnToPlanning } from "./tools/gate-tools.js";
import {
  ticketAccept,
  ticketBlock,
  ticketComplete,
  ticketDefer,
  ticketRenewLease,
  ticketReport,
  ticketSweepLeases,
} from "./tools/lease-tools.js";
import { ticketLockAcquire, ticketLockRelease } from "./tools/lock-tools.js";
import { ticketDoctor, ticketList, ticketShow } from "./tools/reading-tools.js";
import { ticketComment, ticketReview } from "./tools/thread-tools.js";

/** The feature id of the ticket feature, as role grants and `requires` name it. */
export const TICKET_FEATURE_ID = "ticket-lifecycle";

/** Every ticket tool, in the order a model reads them. */
export const TICKET_TOOLS = [
  ticketList,
  ticketShow,
  ticketCreate,
  ticketEdit,
  ticketRelate,
  ticketComment,
  ticketReview,
  ticketMarkReady,
  ticketQueue,
  ticketReturnToPlanning,
  ticketAccept,
  ticketRenewLease,
  ticketReport,
  ticketBlock,
  ticketDefer,
  ticketComplete,
  ticketClose,
  ticketSweepLeases,
  ticketDoctor,
  ticketLockAcquire,
  ticketLockRelease,
] as const;

/**
 * Default grants of DESIGN §2. Only `human` holds `gate`; only `orchestrator` holds `lock` (the
 * store locks that sequence its merges); coder and reviewer are bound to their ticket.
 */
export const TICKET_ROLE_GRANTS: Readonly<Record<string, FeatureGrant>> = {
  orchestrator: { capabilities: ["read", "thread", "orchestrate", "lock"] },
  intake: { capabilities: ["read", "author", "thread", "intake"] },
  coder: { capabilities: ["read", "thread"], scope: { ticket: "bound" } },
  reviewer: { capabilities: ["read", "thread", "review"], scope: { ticket: "bound" } },
  companion: { capabilities: ["read", "thread", "author"] },
  human: { capabilities: ["read", "author", "thread", "intake", "review", "gate", "orchestrate"] },
};

/** What `createTicketFeature` runs on: the ticket store and policy overrides. */
export interface TicketFeatureOptions {
  /** The store, or a function that opens it during setup (its failure keeps the feature out). */
  readonly backend: TicketBackend | (() => TicketBackend | Promise<TicketBackend>);
  /** Overrides of {@link DEFAULT_TICKET_POLICY}. */
  readonly policy?: Partial<TicketPolicy>;
  /**
   * Each role's grant of this feature as the host resolves it (config roles included): `doctor`,
   * `ticket_list`, `ticket_show` and `ticket_accept` judge histories by it. The built-in grants by default.
   */
  readonly grantOf?: (role: string) => FeatureGrant | undefined;
}

/** The Ticket domain as a feature: its tools, default role grants and instructions, and the service behind them. */
export function createTicketFeature(options: TicketFeatureOptions) {
  const policy: TicketPolicy = { ...DEFAULT_TICKET_POLICY, ...options.policy };
  let backend: TicketBackend | undefined;
  let stopWatching: (() => void) | undefined;
  return defineFeature({
    id: TICKET_FEATURE_ID,
    version: "0.1.0",
    description:
      "Tickets with a human Queue gate, leased acceptance with fencing tokens and an append-only history.",
    tools: TICKET_TOOLS,
    events: ["ticket-changed"],
    roles: TICKET_ROLE_GRANTS,
    instructions: TICKET_ROLE_INSTRUCTIONS,
    async setup(context) {
      try {
        backend = typeof options.backend === "function" ? await options.backend() : options.backend;
      } catch (error) {
        return unavailable(`the ticket store cannot be opened: ${(error as Error).message}`);
      }
      context.container.register(TICKET_BACKEND, { useValue: backend });
      context.container.register(TICKET_POLICY, { useValue: policy });
      // Built by hand, not by decorator metadata: the published JavaScript carries no decorators.
      const service = new TicketService(backend, policy, {
        grantOf:
          options.grantOf ??
          ((role) => (Object.hasOwn(TICKET_ROLE_GRANTS, role) ? TICKET_ROLE_GRANTS[role] : undefined)),
      });
      context.container.register(TicketService, { useValue: service });
      stopWatching = backend.watch?.((change) => context.events.emit("ticket-changed", change));
      return undefined;
    },
    async dispose() {
      stopWatching?.();
      await backend?.close();
    },
  });
}

/** The ticket feature's type, with its tool names and capabilities, for typed calls (`featureToolset<TicketFeature>`). */
export type TicketFeature = ReturnType<typeof createTicketFeature>;
