import { git, openAgentSession, runAgent } from "./agent-session.js";
import {
  reviewsOfThisAttempt,
  type ShownTicket,
  STRICT_REVIEW_MARK,
  VERIFICATION_HEADING,
} from "./ticket-shapes.js";

/**
 * The reviewer Pod: reads the branch diff against the base branch and records a verdict —
 * approve when the diff is a commit for this ticket, request changes otherwise (and once
 * for tickets whose body asks for a verification section).
 */
runAgent(async () => {
  const session = await openAgentSession({ role: "reviewer", agentId: "example-reviewer" });
  try {
    const ticketId = session.ticketId;
    if (ticketId === undefined)
      throw new Error("PODKIT_TICKET_ID is not set: a reviewer reviews one ticket.");
    const base = process.env.PODKIT_BASE_BRANCH ?? "main";
    const shown = await session.must<ShownTicket>("ticket_show", { ticketId, historyLimit: 20 });
    const diff = git("diff", `${base}...HEAD`);
    const subjects = git("log", "--format=%s", `${base}..HEAD`).split("\n").filter(Boolean);
    const problems: string[] = [];
    if (diff === "") problems.push(`the branch has no changes against '${base}'`);
    if (!subjects.some((subject) => subject.startsWith(`${ticketId}:`)))
      problems.push(`no commit message names ${ticketId}`);
    const wantsVerification =
      shown.ticket.body.includes(STRICT_REVIEW_MARK) && !diff.includes(VERIFICATION_HEADING);
    if (wantsVerification)
      problems.push(`add a '${VERIFICATION_HEADING}' section saying how the change was checked`);
    const round = reviewsOfThisAttempt(shown).length + 1;
    await session.must("ticket_review", {
      ticketId,
      verdict: problems.length === 0 ? "approve" : "request_changes",
      body:
        problems.length === 0
          ? `Round ${round}: reviewed ${subjects.length} commit(s), ${diff.split("\n").length} diff lines; approved.`
          : `Round ${round}: please ${problems.join("; ")}.`,
    });
  } finally {
    await session.close();
  }
});
