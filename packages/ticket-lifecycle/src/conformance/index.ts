/**
 * The vitest suite every `TicketBackend` must pass (storage, compare-and-set, fencing, history,
 * workflow, leases and races), for authors of new backends.
 *
 * @module @podkit/ticket-lifecycle/conformance
 */
export {
  ACTORS,
  type ConformanceClock,
  ConformanceContext,
  type DrivenTicket,
  LIVE_LEASE_MS,
  type TicketBackendHarness,
} from "./conformance-context.js";
export {
  describeTicketBackendConformance,
  type TicketBackendConformanceOptions,
} from "./describe-ticket-backend-conformance.js";
export { createManualClock, type ManualClock } from "./manual-clock.js";
