import { type Attributes, context, type Span, trace } from "@opentelemetry/api";
import { PODKIT_ATTRIBUTES, podkitTracer } from "@podkit/core";

/**
 * The names of the orchestrator's spans. One ticket attempt is one trace: a `ticket` root span
 * (from the accept, or from the resume of a held ticket, to `done`, `blocked` or the lease lost)
 * with a child per step; each Pod continues the trace from its `launch_pod` span (TRACEPARENT).
 */
export const PIPELINE_SPANS = {
  /** One ticket's attempt in this process, from accepting (or resuming) it to its end. */
  ticket: "podkit.orchestrator.ticket",
  /** `ticket_accept`, retried with the same request id on an internal error. */
  accept: "podkit.orchestrator.accept",
  /** Creating (or confirming) the attempt's git worktree. */
  worktree: "podkit.orchestrator.worktree",
  /** Starting a coder or reviewer Pod (`podkit.role`); the Pod's own spans descend from it. */
  launchPod: "podkit.orchestrator.launch_pod",
  /** Waiting for a Pod to exit, or stopping it when the lease is lost. */
  waitPod: "podkit.orchestrator.wait_pod",
  /** `ticket_complete`: the ticket is done. */
  complete: "podkit.orchestrator.complete",
  /** `ticket_block`: the ticket is blocked with a reason. */
  block: "podkit.orchestrator.block",
} as const;

/** The attributes of every step span of one ticket attempt. */
export function ticketAttributes(ticketId: string, token?: number): Attributes {
  return {
    [PODKIT_ATTRIBUTES.ticketId]: ticketId,
    ...(token === undefined ? {} : { [PODKIT_ATTRIBUTES.leaseToken]: token }),
  };
}

/** Starts the root span of one ticket attempt; end it when the pipeline ends. */
export function startTicketSpan(ticketId: string, attributes: Attributes = {}): Span {
  return podkitTracer.startSpan(PIPELINE_SPANS.ticket, {
    root: true,
    attributes: { ...ticketAttributes(ticketId), ...attributes },
  });
}

/** Runs `fn` with `span` active, so the spans it starts are its children. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}
