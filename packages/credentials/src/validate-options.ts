import type { CreateCredentialOptions } from "./credential.js";
import { CredentialError } from "./credential-error.js";

/** Role names as role profiles spell them. */
const ROLE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Ticket ids as the ticket store allows them. */
const TICKET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LABEL_MAX = 200;
const AGENT_MAX = 200;

/**
 * Checks what a credential is for before anything is written; the message says what was wrong
 * and what is allowed. `now` is the store's clock, against which `expiresAt` must lie ahead.
 */
export function validateCreateOptions(options: CreateCredentialOptions, now: Date): void {
  const problem = findProblem(options, now);
  if (problem !== undefined)
    throw new CredentialError("invalid_input", `Cannot create the credential: ${problem}`);
}

function findProblem(options: CreateCredentialOptions, now: Date): string | undefined {
  if (typeof options.role !== "string" || !ROLE_PATTERN.test(options.role))
    return `role ${quote(options.role)} is not a role name (1-64 letters, digits, '_' or '-', starting with a letter).`;
  if (!isPlainText(options.agentId, AGENT_MAX))
    return `agent id ${quote(options.agentId)} must be 1-${AGENT_MAX} characters without control characters.`;
  if (
    options.ticketId !== undefined &&
    (typeof options.ticketId !== "string" || !TICKET_PATTERN.test(options.ticketId))
  )
    return `ticket ${quote(options.ticketId)} is not a ticket id (e.g. 'T-12').`;
  if (options.label !== undefined && !isPlainText(options.label, LABEL_MAX))
    return `label must be 1-${LABEL_MAX} characters without control characters.`;
  if (options.expiresAt !== undefined) {
    if (!(options.expiresAt instanceof Date) || Number.isNaN(options.expiresAt.getTime()))
      return "expiresAt is not a valid date.";
    if (options.expiresAt.getTime() <= now.getTime())
      return `expiresAt ${options.expiresAt.toISOString()} is not in the future (now ${now.toISOString()}).`;
  }
  return undefined;
}

function isPlainText(value: unknown, max: number): value is string {
  return (
    typeof value === "string" && value.length >= 1 && value.length <= max && !CONTROL_CHARACTERS.test(value)
  );
}

function quote(value: unknown): string {
  return typeof value === "string" ? `'${value.slice(0, 80)}'` : String(value);
}
