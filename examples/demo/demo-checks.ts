import type { DemoTicket } from "./demo-report.js";

/**
 * What the demo must show; each failed check is a line of the result. Empty means the
 * expected end state was reached. `requestedChanges: false` drops the one check a scripted
 * reviewer guarantees and a real model may not: the docs ticket's round of requested changes.
 */
export function checkDemo(
  tickets: { base: DemoTicket; docs: DemoTicket; dependent: DemoTicket },
  gateRefusal: string | undefined,
  options: { readonly requestedChanges?: boolean } = {},
): string[] {
  const problems: string[] = [];
  for (const ticket of Object.values(tickets)) {
    if (ticket.state !== "done") problems.push(`${ticket.id} ended '${ticket.state}', expected 'done'`);
    if (ticket.branch === undefined) problems.push(`${ticket.id} has no recorded worktree branch`);
    if (ticket.reviews.at(-1) !== "approve")
      problems.push(`${ticket.id}'s last review is '${ticket.reviews.at(-1) ?? "none"}', expected 'approve'`);
    if (ticket.events.some((event) => event.from === "inprogress" && event.to === "queued"))
      problems.push(`${ticket.id} went back to 'queued'`);
    const acceptances = ticket.events.filter((event) => event.kind === "acceptance").length;
    if (acceptances !== 1) problems.push(`${ticket.id} was accepted ${acceptances} times, expected once`);
  }
  if (options.requestedChanges !== false && !tickets.docs.reviews.includes("request_changes"))
    problems.push(`${tickets.docs.id} should have gone through one round of requested changes`);
  const baseDone = tickets.base.events.find((event) => event.to === "done")?.at;
  const dependentAccepted = tickets.dependent.events.find((event) => event.kind === "acceptance")?.at;
  if (baseDone === undefined || dependentAccepted === undefined || dependentAccepted < baseDone) {
    problems.push(
      `${tickets.dependent.id} must start only after ${tickets.base.id} is done (done ${baseDone ?? "never"}, accepted ${dependentAccepted ?? "never"})`,
    );
  }
  if (gateRefusal === undefined)
    problems.push(
      `the human gate should have refused to queue ${tickets.dependent.id} before ${tickets.base.id} was done`,
    );
  return problems;
}
