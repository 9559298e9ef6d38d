import {
  type AnyFeature,
  createPodkit,
  type Logger,
  type Podkit,
  type PodkitEmitter,
  RegistrationError,
} from "@podkit/core";
import {
  createTicketFeature,
  TICKET_FEATURE_ID,
  type TicketBackend,
  type TicketRoleWarning,
  ticketRoleWarnings,
} from "@podkit/ticket-lifecycle";
import { PodkitConfigError } from "./config/config-error.js";
import type { PodkitConfig } from "./config/load-config.js";
import { loadFeatures } from "./config/load-features.js";
import { openTicketBackend } from "./config/open-ticket-backend.js";

/** What `openPodkit` adds to or replaces in the configuration: extra features, a ready-made ticket store, a logger and an event bus. */
export interface OpenPodkitOptions {
  /** Features to install beside the ticket feature and those the configuration's `features:` names. */
  readonly features?: readonly AnyFeature[];
  /** A ticket store to use instead of the configured one (tests, embedding hosts). */
  readonly backend?: TicketBackend;
  /** Where the host logs; silent by default. */
  readonly logger?: Logger;
  /** The event bus the host emits on; a fresh one by default. */
  readonly events?: PodkitEmitter;
  /** Told each role grant that is allowed but risky (`ticketRoleWarnings`), once podkit is open. */
  readonly onWarning?: (warning: TicketRoleWarning) => void;
}

/**
 * A podkit host as the configuration describes it: the ticket feature on the configured backend
 * and policy, the features `features:` names, the built-in roles extended by `roles.files`. A
 * store that cannot be opened keeps the ticket feature out and is named in `report.skipped`; a
 * feature that cannot be loaded or registered, and role file errors, throw `PodkitConfigError`;
 * a risky role grant is passed to `onWarning`.
 */
export async function openPodkit(config: PodkitConfig, options: OpenPodkitOptions = {}): Promise<Podkit> {
  const configured = await loadFeatures({
    file: config.file,
    directory: config.directory,
    specifiers: config.features,
  });
  // Histories are judged by the roles this configuration defines, known once podkit is open.
  let roles: Podkit["roles"] | undefined;
  const tickets = createTicketFeature({
    backend: options.backend ?? (() => openTicketBackend(config.backend)),
    policy: { leaseMs: config.tickets.leaseMs, onExpiredLease: config.tickets.onExpiredLease },
    grantOf: (role) => (roles?.has(role) ? roles.resolve(role).features[TICKET_FEATURE_ID] : undefined),
  });
  let podkit: Podkit;
  try {
    podkit = await createPodkit({
      features: [tickets, ...configured, ...(options.features ?? [])],
      roleFiles: config.roles.files,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.events === undefined ? {} : { events: options.events }),
    });
  } catch (error) {
    // A clash between configured features (a duplicate tool name, a missing `requires`) is a
    // configuration problem: name the file, fail closed, start nothing.
    if (RegistrationError.isInstance(error) && configured.length > 0)
      throw new PodkitConfigError(config.file, [{ path: "features", message: error.message }], {
        cause: error,
      });
    throw error;
  }
  roles = podkit.roles;
  if (options.onWarning !== undefined)
    for (const warning of ticketRoleWarnings(podkit.roles)) options.onWarning(warning);
  return podkit;
}
