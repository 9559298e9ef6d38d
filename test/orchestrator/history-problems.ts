import type { HistoryEvent } from "./ticket-desk.js";

/** The part of a ticket the checks read. */
export interface CheckedTicket {
  readonly id: string;
  readonly state: string;
  readonly events: readonly HistoryEvent[];
}

/**
 * What a ticket's history shows that the ordering invariant and the fencing rules forbid, one
 * line each; empty when sound:
 * - after its first acceptance the ticket never moves back to `queued`;
 * - every fenced event (intent, progress, failure, renewal, review, block, completion) is recorded
 *   while the ticket is `inprogress`, under the lease token current at that point — so a failure
 *   after acceptance lands under the accepted ticket, and a stale holder wrote nothing;
 * - per token: at most one worktree intent and one `worktree-created`, the latter after the former;
 * - every Pod id is named from its ticket and token, has one intent, and at most one start and one exit;
 * - it ends `done` or `blocked`, and a block carries a reason.
 */
export function historyProblems(ticket: CheckedTicket): string[] {
  const problems: string[] = [];
  const say = (event: HistoryEvent | undefined, text: string) =>
    problems.push(`${ticket.id}${event === undefined ? "" : ` #${event.seq} ${event.kind}`}: ${text}`);
  let state: string | undefined;
  let token: number | undefined;
  let accepted = false;
  const perToken = new Map<number, { intent: number; created: number }>();
  const pods = new Map<string, { intents: number; starts: number; exits: number }>();
  for (const event of ticket.events) {
    const details = event.data?.details;
    const step = details?.step;
    if (accepted && event.to === "queued") say(event, `moved back to 'queued' after acceptance`);
    if (event.kind !== "acceptance" && event.token !== undefined) {
      if (state !== "inprogress") say(event, `recorded while the ticket was '${state}'`);
      else if (event.token !== token)
        say(event, `recorded under token ${event.token}; the live token was ${token}`);
    }
    if (event.kind === "intent" && step === "worktree") count(perToken, event.token, "intent");
    if (event.kind === "progress" && step === "worktree-created") {
      const counts = count(perToken, event.token, "created");
      if (counts.intent === 0) say(event, "worktree created without a recorded intent");
    }
    if (step === "pod" || step === "pod-started" || step === "pod-exited") {
      const podId = String(details?.podId);
      const pod = pods.get(podId) ?? { intents: 0, starts: 0, exits: 0 };
      pods.set(podId, pod);
      if (step === "pod") {
        pod.intents += 1;
        if (!podId.startsWith(`${ticket.id}-t${event.token}-`))
          say(event, `Pod '${podId}' is not named from ticket and token t${event.token}`);
      } else if (pod.intents === 0) say(event, `Pod '${podId}' ${step} without a launch intent`);
      if (step === "pod-started") pod.starts += 1;
      if (step === "pod-exited") pod.exits += 1;
    }
    if (event.kind === "acceptance") {
      accepted = true;
      token = event.token;
    }
    if (event.to !== undefined) state = event.to;
  }
  for (const [worktreeToken, counts] of perToken) {
    if (counts.intent > 1 || counts.created > 1)
      say(
        undefined,
        `token ${worktreeToken}: ${counts.intent} worktree intents, ${counts.created} worktree-created`,
      );
  }
  for (const [podId, pod] of pods) {
    if (pod.intents > 1 || pod.starts > 1 || pod.exits > 1)
      say(
        undefined,
        `Pod '${podId}': ${pod.intents} intents, ${pod.starts} starts, ${pod.exits} exits recorded`,
      );
  }
  if (ticket.state !== "done" && ticket.state !== "blocked") say(undefined, `ended '${ticket.state}'`);
  const block = ticket.events.findLast((event) => event.to === "blocked");
  if (ticket.state === "blocked" && !block?.reason?.trim()) say(block, "blocked without a reason");
  return problems;
}

function count(
  map: Map<number, { intent: number; created: number }>,
  token: number | undefined,
  field: "intent" | "created",
): { intent: number; created: number } {
  const counts = map.get(token ?? -1) ?? { intent: 0, created: 0 };
  counts[field] += 1;
  map.set(token ?? -1, counts);
  return counts;
}

/** The ids of the Pods a history recorded a launch intent for. */
export function podIntents(ticket: CheckedTicket): string[] {
  return ticket.events
    .filter((event) => event.kind === "intent" && event.data?.details?.step === "pod")
    .map((event) => String(event.data?.details?.podId));
}

/** The lease tokens of a ticket's acceptances (a takeover is a second one). */
export function acceptanceTokens(ticket: CheckedTicket): number[] {
  return ticket.events
    .filter((event) => event.kind === "acceptance")
    .map((event) => event.token ?? event.seq);
}

/** Whether the ticket was blocked by the lease sweeper (its holder's lease lapsed). */
export function blockedByExpiry(ticket: CheckedTicket): boolean {
  const block = ticket.events.findLast((event) => event.to === "blocked");
  return (
    ticket.state === "blocked" &&
    block?.kind === "failure" &&
    /expired at .* without renewal/.test(block.reason ?? "")
  );
}
