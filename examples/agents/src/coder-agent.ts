import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { git, openAgentSession, runAgent } from "./agent-session.js";
import { reviewsOfThisAttempt, type ShownTicket, VERIFICATION_HEADING } from "./ticket-shapes.js";

/**
 * The coder Pod: reads its ticket, writes the change it describes into the worktree (its
 * working directory), commits it, and posts an implementation report on the ticket. On a
 * later round it answers the review that requested changes.
 */
runAgent(async () => {
  const session = await openAgentSession({ role: "coder", agentId: "example-coder" });
  try {
    const ticketId = session.ticketId;
    if (ticketId === undefined) throw new Error("PODKIT_TICKET_ID is not set: a coder works on one ticket.");
    const shown = await session.must<ShownTicket>("ticket_show", { ticketId, historyLimit: 20 });
    const requested = reviewsOfThisAttempt(shown).filter((review) => review.verdict === "request_changes");
    const file = `changes/${ticketId}.md`;
    mkdirSync("changes", { recursive: true });
    if (!existsSync(file)) {
      writeFileSync(file, `# ${shown.ticket.title}\n\n${shown.ticket.intakeSummary ?? shown.ticket.body}\n`);
    }
    if (requested.length > 0) {
      const text = readFileSync(file, "utf8");
      if (!text.includes(VERIFICATION_HEADING)) {
        writeFileSync(
          file,
          `${text}\n${VERIFICATION_HEADING}\n\nChecked by the reviewer's request: ${requested.at(-1)?.body}\n`,
        );
      }
    }
    git("add", file);
    git(
      "-c",
      "user.name=podkit coder",
      "-c",
      "user.email=coder@podkit.invalid",
      "commit",
      "-q",
      "-m",
      `${ticketId}: ${shown.ticket.title}`,
    );
    const commit = git("rev-parse", "--short", "HEAD");
    await session.must("ticket_comment", {
      ticketId,
      kind: "comment",
      body: `Implementation report: committed ${commit} on ${git("branch", "--show-current")} changing ${file}${requested.length > 0 ? " (answers the requested changes)" : ""}.`,
    });
  } finally {
    await session.close();
  }
});
