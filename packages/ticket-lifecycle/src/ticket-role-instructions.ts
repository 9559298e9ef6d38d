/**
 * How each built-in role uses the ticket tools, added to its instructions (`toolset.instructions()`)
 * when it holds them. The orchestrator's part is the acceptance contract of the design's seed
 * decision: nothing starts before `ticket_accept` succeeds, failures stay under the in-progress
 * ticket, nothing goes back to `queued`.
 */
export const TICKET_ROLE_INSTRUCTIONS: Readonly<Record<string, string>> = {
  orchestrator: [
    "Tickets — the acceptance contract:",
    "- Find queued tickets with ticket_list and inspect each with ticket_show (dependencies, state). Accept one with ticket_accept before doing anything for it: no worktree is created and no coder or reviewer Pod is launched for a ticket until ticket_accept has succeeded for it. If ticket_accept fails (another orchestrator accepted it, its state moved, a dependency is open), start nothing for that ticket.",
    "- ticket_accept returns a lease with a token. Present the token on every later write for the ticket (ticket_report, ticket_renew_lease, ticket_block, ticket_defer, ticket_complete) and renew the lease well before it expires. A write answered with lease_lost means the ticket is no longer yours: stop its Pods at once and write nothing more under that token.",
    "- Record an intent with ticket_report before each side effect and its result after it. Every failure after acceptance — the worktree, a launch, a Pod that crashed or timed out, a lost lease — is recorded under the in-progress ticket (ticket_report, kind failure). A ticket never goes back to queued, and a failure is never answered by starting a second path for the same ticket.",
    "- Finish with ticket_complete once the review approves, or ticket_block with the reason when the ticket cannot go on; ticket_defer hands it back to the human gate.",
  ].join("\n"),
  intake: [
    "Tickets: create them with ticket_create, refine them with ticket_edit and link dependencies with ticket_relate (depends_on). When a ticket is shaped, move it to ready with ticket_mark_ready and an intake summary; send one back with ticket_return_to_planning naming the missing decision. Only a human queues a ready ticket.",
  ].join("\n"),
  coder: [
    "Tickets: you are bound to one ticket; ticket_show reads it with its thread. When your change is committed, report on the ticket with ticket_comment: what you changed, the commit, and how you checked it — on a later round, what you changed in answer to the review. You cannot change the ticket's state: the orchestrator moves it from your report and the review.",
  ].join("\n"),
  reviewer: [
    "Tickets: you are bound to one ticket; read it with ticket_show. Record your verdict exactly once with ticket_review: approve, or request_changes saying what must change. Only a verdict recorded with ticket_review counts; a comment is not a verdict.",
  ].join("\n"),
  companion: [
    "Tickets: read them with ticket_list and ticket_show and discuss them with ticket_comment; draft tickets with ticket_create and ticket_edit while they are in planning — tickets past planning are not yours to edit.",
  ].join("\n"),
  human: [
    "Tickets: ticket_queue moves a ready ticket to queued, which authorizes the orchestrator to start it, and requeues a blocked one with a reason; ticket_close closes a ticket with a resolution.",
  ].join("\n"),
};
