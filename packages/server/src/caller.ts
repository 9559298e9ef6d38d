import type { Podkit, Toolset } from "@podkit/core";
import type { VerifiedCredential } from "@podkit/credentials";
import { parsePodId, podBindings } from "@podkit/ticket-lifecycle";

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
 * else, so no argument, header or query parameter can act as another agent or role. A Pod's
 * credential — its agent id a Pod id of its own ticket and role (`parsePodId`) — also binds the
 * toolset to the attempt that id names, with the Pod id as the toolset's `podId`, as `podkit call`
 * and `podkit mcp` do: a Pod of a stale attempt is refused `lease_lost` by `ticket_review` and
 * sees no lease tokens.
 */
export function toolsetOf(podkit: Podkit, caller: Caller): Toolset {
  const { role, agentId, ticketId } = caller;
  if (ticketId === undefined) return podkit.toolset({ role, agentId });
  const pod = parsePodId(agentId, ticketId, role);
  if (pod === undefined) return podkit.toolset({ role, agentId, bindings: { ticket: ticketId } });
  return podkit.toolset({
    role,
    agentId,
    podId: agentId,
    bindings: podBindings({ ticketId, token: pod.token }),
  });
}
