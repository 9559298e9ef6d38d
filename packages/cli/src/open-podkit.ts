import { type AnyFeature, createPodkit, type Logger, type Podkit, type PodkitEmitter } from "@podkit/core";
import { createTicketFeature, type TicketBackend } from "@podkit/ticket-lifecycle";
import type { PodkitConfig } from "./config/load-config.js";
import { openTicketBackend } from "./config/open-ticket-backend.js";

export interface OpenPodkitOptions {
  /** Features to install beside the ticket feature. */
  readonly features?: readonly AnyFeature[];
  /** A ticket store to use instead of the configured one (tests, embedding hosts). */
  readonly backend?: TicketBackend;
  readonly logger?: Logger;
  readonly events?: PodkitEmitter;
}

/**
 * A podkit host as the configuration describes it: the ticket feature on the configured backend
 * and policy, the built-in roles extended by `roles.files`. A store that cannot be opened keeps
 * the ticket feature out and is named in `report.skipped`; role file errors throw.
 */
export async function openPodkit(config: PodkitConfig, options: OpenPodkitOptions = {}): Promise<Podkit> {
  const tickets = createTicketFeature({
    backend: options.backend ?? (() => openTicketBackend(config.backend)),
    policy: { leaseMs: config.tickets.leaseMs, onExpiredLease: config.tickets.onExpiredLease },
  });
  return createPodkit({
    features: [tickets, ...(options.features ?? [])],
    roleFiles: config.roles.files,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.events === undefined ? {} : { events: options.events }),
  });
}
