/**
 * The Ticket domain as a podkit feature: the workflow and its human Queue gate, leased and fenced
 * acceptance, append-only history, the ticket tools and role grants, and the file and in-memory
 * backends.
 *
 * @module @podkit/ticket-lifecycle
 */
export {
  createFileTicketBackend,
  FileTicketBackend,
  type FileTicketBackendOptions,
} from "./backend/file/file-ticket-backend.js";
export { MemoryTicketBackend } from "./backend/memory-ticket-backend.js";
export {
  compareTicketIds,
  idAllocationProblems,
  MAX_TICKET_NUMBER_DIGITS,
  nextTicketId,
  ticketIdOf,
} from "./backend/next-ticket-id.js";
export {
  type AcquireLockOptions,
  checkLockOptions,
  LOCK_NAME_PATTERN,
  type LockAcquisition,
  MAX_LOCK_TTL_MS,
  type ReleaseLockOptions,
  type StoreLock,
} from "./backend/store-lock.js";
export type {
  AppendOptions,
  AppendResult,
  DoctorReport,
  ListQuery,
  ListResult,
  TicketBackend,
  TicketChange,
  TicketProblem,
} from "./backend/ticket-backend.js";
export { TICKET_BACKEND, TICKET_POLICY } from "./di-tokens.js";
export { type Decision, type DecisionContext, decideTicketCommand } from "./domain/decide-ticket-command.js";
export { applyEvent, reduceTicket } from "./domain/reduce-ticket.js";
export {
  findUnstorableCharacter,
  requireStorableEvent,
  requireStorableText,
  type UnstorableCharacter,
} from "./domain/storable-text.js";
export type { Lease, Ticket, TicketRecord, TicketReview } from "./domain/ticket.js";
export type { ReviewAttempt, TicketCommand, TicketCommandType } from "./domain/ticket-command.js";
export { TicketError, type TicketErrorCode } from "./domain/ticket-error.js";
export {
  EVENT_KINDS,
  type EventActor,
  type EventData,
  type EventKind,
  type NewTicketEvent,
  type TicketEvent,
} from "./domain/ticket-event.js";
export {
  LEASE_BOUNDS_MS,
  LIMITS,
  OPEN_STATES,
  PRIORITIES,
  type Priority,
  RELATION_TYPES,
  type RelationType,
  TICKET_ID_PATTERN,
  TICKET_STATES,
  type TicketState,
} from "./domain/ticket-state.js";
export { allowedTargets, TRANSITIONS, type Transition } from "./domain/workflow.js";
export {
  checkWriteRequirement,
  NO_REQUIREMENT,
  type WriteRequirement,
  type WriteRequirementKind,
} from "./domain/write-requirement.js";
export { type SweptLease, sweepExpiredLeases } from "./service/lease-sweeper.js";
export { DEFAULT_TICKET_POLICY, type TicketPolicy } from "./service/ticket-policy.js";
export {
  assertTicketId,
  type CommandOutcome,
  type CreateTicketInput,
  type ExecuteOptions,
  TicketService,
} from "./service/ticket-service.js";
export type { TicketFeatureEvents } from "./ticket-events.js";
export {
  createTicketFeature,
  TICKET_FEATURE_ID,
  TICKET_ROLE_GRANTS,
  TICKET_TOOLS,
  type TicketFeature,
  type TicketFeatureOptions,
} from "./ticket-feature.js";
export { TICKET_ROLE_INSTRUCTIONS } from "./ticket-role-instructions.js";
export { type TicketRoleWarning, ticketRoleWarnings } from "./ticket-role-warnings.js";
export type {
  TicketToolContract,
  TicketToolInput,
  TicketToolName,
  TicketToolOutput,
} from "./ticket-tool-contract.js";
export { ATTEMPT_BINDING, podBindings } from "./tools/attempt-binding.js";
export { type ParsedPodId, parsePodId, podIdFor } from "./tools/pod-id.js";
