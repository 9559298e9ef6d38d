import type { Podkit, Toolset } from "@podkit/core";
import type { VerifiedCredential } from "@podkit/credentials";

/** Who a request acts as: always from a verified credential (or the local operator with auth off). */
export interface Caller {
  /** The credential's id; `local` for the operator of a server with auth off. */
  readonly credentialId: string;
  readonly role: string;
  readonly agentId: string;
  readonly ticketId?: string;
}

/** The caller a verified credential stands for. */
export function callerOf(credential: VerifiedCredential): Caller {
  return {
    credentialId: credential.id,
    role: credential.role,
    agentId: credential.agentId,
    ...(credential.ticketId === undefined ? {} : { ticketId: credential.ticketId }),
  };
}

/**
 * The caller's toolset: role, agent id and ticket binding come from the credential and nothing
 * else, so no argument, header or query parameter can act as another agent or role.
 */
export function toolsetOf(podkit: Podkit, caller: Caller): Toolset {
  return podkit.toolset({
    role: caller.role,
    agentId: caller.agentId,
    ...(caller.ticketId === undefined ? {} : { bindings: { ticket: caller.ticketId } }),
  });
}
