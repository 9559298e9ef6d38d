import fc from "fast-check";
import type { TicketCommand } from "../domain/ticket-command.js";
import type { EventActor } from "../domain/ticket-event.js";

/** The built-in roles commands are issued as. */
export const ROLES = ["intake", "human", "orchestrator", "reviewer", "companion", "coder"] as const;

/** Mostly usable text, sometimes blank. */
const text = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("", "  ") },
  { weight: 5, arbitrary: fc.constantFrom("ok", "A reason.", "🎫🎫🎫") },
);
/** A lease token: usually the live one (looked up when the command runs), sometimes a guess. */
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constant("live" as const) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 15 }) },
);
const leaseMs = fc.oneof(
  { weight: 4, arbitrary: fc.constant(60_000) },
  { weight: 1, arbitrary: fc.constantFrom(999, 1_000, 5_000) },
);
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/**
 * A command with its tokens still symbolic and its relation target an index into the tickets.
 * Commands that move a ticket forward are likelier, so random runs get deep into the workflow.
 */
export const plannedCommand = fc.oneof(
  weighted(1, fc.record({ type: fc.constant("edit" as const), title: text })),
  weighted(
    1,
    fc.record({
      type: fc.constant("comment" as const),
      kind: fc.constantFrom("comment", "plan", "decision"),
      body: text,
    }),
  ),
  weighted(
    1,
    fc.record({
      type: fc.constant("relate" as const),
      relation: fc.constantFrom("depends_on", "blocks", "related"),
      target: fc.nat(4),
      remove: fc.boolean(),
    }),
  ),
  weighted(
    1,
    fc.record({
      type: fc.constant("review" as const),
      verdict: fc.constantFrom("approve", "request_changes"),
      body: text,
    }),
  ),
  weighted(3, fc.record({ type: fc.constant("mark_ready" as const), summary: text })),
  weighted(
    3,
    fc.record({ type: fc.constant("queue" as const), reason: fc.option(text, { nil: undefined }) }),
  ),
  weighted(1, fc.record({ type: fc.constant("return_to_planning" as const), reason: text })),
  weighted(
    3,
    fc.record({
      type: fc.constant("accept" as const),
      requestId: fc.constantFrom("r-1", "r-2", "r-3"),
      leaseMs,
    }),
  ),
  weighted(1, fc.record({ type: fc.constant("renew_lease" as const), token, leaseMs })),
  weighted(
    1,
    fc.record({
      type: fc.constant("report" as const),
      token,
      kind: fc.constantFrom("progress", "intent", "failure"),
      body: text,
    }),
  ),
  weighted(2, fc.record({ type: fc.constantFrom("block" as const, "defer" as const), token, reason: text })),
  weighted(
    2,
    fc.record({
      type: fc.constant("complete" as const),
      token,
      summary: fc.option(text, { nil: undefined }),
    }),
  ),
  weighted(2, fc.record({ type: fc.constant("close" as const), resolution: text })),
  weighted(1, fc.record({ type: fc.constant("expire_lease" as const), takeover: fc.boolean() })),
);
export type PlannedCommand = typeof plannedCommand extends fc.Arbitrary<infer T> ? T : never;

/** Roles that can move tickets come up more often, so runs get far. */
const role = fc.oneof(
  weighted(3, fc.constantFrom("orchestrator" as const, "human" as const)),
  weighted(2, fc.constantFrom(...ROLES)),
);

/**
 * One step of a random run: a command on one of three tickets, a new ticket, time passing, or a
 * sweep. A command is usually made as the lease's holder (`asHolder`), so lease-bearing commands
 * get through often enough to reach every state; otherwise as `${role}-${agent}`.
 */
export const plannedAction = fc.oneof(
  weighted(
    12,
    fc.record({
      kind: fc.constant("command" as const),
      ticket: fc.nat(2),
      role,
      agent: fc.constantFrom(1, 2),
      asHolder: fc.oneof(weighted(3, fc.constant(true)), weighted(1, fc.constant(false))),
      command: plannedCommand,
    }),
  ),
  weighted(1, fc.record({ kind: fc.constant("create" as const) })),
  weighted(
    1,
    fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 90_000 })),
    }),
  ),
  weighted(1, fc.record({ kind: fc.constant("sweep" as const), takeover: fc.boolean() })),
);
export type PlannedAction = typeof plannedAction extends fc.Arbitrary<infer T> ? T : never;

/** Turns a planned command into a real one against the store as it is now. */
export function concreteCommand(
  planned: PlannedCommand,
  options: { readonly actor: EventActor; readonly ids: readonly string[]; readonly liveToken: number },
): TicketCommand {
  const tokenOf = (choice: "live" | number) => (choice === "live" ? options.liveToken : choice);
  switch (planned.type) {
    case "relate": {
      const target = options.ids[planned.target % options.ids.length] ?? "T-1";
      return { type: "relate", relation: planned.relation, target, remove: planned.remove };
    }
    case "queue":
      return { type: "queue", ...(planned.reason === undefined ? {} : { reason: planned.reason }) };
    case "accept":
      return {
        type: "accept",
        holder: options.actor.agentId,
        requestId: planned.requestId,
        leaseMs: planned.leaseMs,
      };
    case "renew_lease":
      return { type: "renew_lease", token: tokenOf(planned.token), leaseMs: planned.leaseMs };
    case "report":
      return { type: "report", token: tokenOf(planned.token), kind: planned.kind, body: planned.body };
    case "block":
    case "defer":
      return { type: planned.type, token: tokenOf(planned.token), reason: planned.reason };
    case "complete": {
      const summary = planned.summary === undefined ? {} : { summary: planned.summary };
      return { type: "complete", token: tokenOf(planned.token), ...summary };
    }
    case "expire_lease":
      return planned.takeover
        ? { type: "expire_lease", takeover: { holder: options.actor.agentId, leaseMs: 60_000 } }
        : { type: "expire_lease" };
    default:
      return planned;
  }
}
