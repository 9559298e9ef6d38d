import type { ToolContext } from "@podkit/core";
import type { ReviewAttempt } from "../domain/ticket-command.js";
import { TicketError } from "../domain/ticket-error.js";

/**
 * The toolset binding that names the attempt — the lease token — a Pod was launched for. Set by
 * whoever builds the Pod's toolset (with the Pod's id as the toolset's `podId`), never by a tool
 * argument a model fills, so a reviewer cannot choose the attempt its verdict counts for.
 */
export const ATTEMPT_BINDING = "attempt";

/**
 * The scope bindings of a Pod's toolset: the ticket it works on and the attempt (lease token) it
 * was launched for. Pass the Pod's id as the toolset's `podId` alongside.
 */
export function podBindings(options: {
  readonly ticketId: string;
  readonly token: number;
}): Readonly<Record<string, string>> {
  return { ticket: options.ticketId, [ATTEMPT_BINDING]: String(options.token) };
}

/**
 * The attempt a toolset is bound to — its `attempt` binding and its actor's Pod id — or undefined
 * when it is bound to none. A binding without a Pod id, or one that is not a lease token, is a
 * mistake of the host that built the toolset, refused with `precondition_failed`.
 */
export function boundAttempt(context: Pick<ToolContext, "actor" | "bindings">): ReviewAttempt | undefined {
  const bound = context.bindings[ATTEMPT_BINDING];
  if (bound === undefined) return undefined;
  const token = Number(bound);
  if (!/^[1-9][0-9]*$/.test(bound) || !Number.isSafeInteger(token)) {
    throw new TicketError(
      "precondition_failed",
      `This toolset is bound to attempt '${bound.slice(0, 40)}', which is not a lease token (a positive integer). The host that launched this Pod must bind the token it was launched under.`,
    );
  }
  const podId = context.actor.podId;
  if (podId === undefined || podId === "") {
    throw new TicketError(
      "precondition_failed",
      `This toolset is bound to attempt ${token} but names no Pod: the host that launched this Pod must give its toolset the Pod's id (podId) with the attempt.`,
    );
  }
  return { token, podId };
}
