import type { ScriptFile } from "./agent-repository.js";

/**
 * A coder that works as a model would: reads its ticket and the README, edits the README, writes
 * greeting.txt, runs the configured test, commits only when the test passed, and reports.
 */
export function greetingCoder(ticketId: string): ScriptFile {
  return {
    turns: [
      { text: "Reading the ticket.", toolCalls: [{ tool: "ticket_show", input: { ticketId } }] },
      { toolCalls: [{ tool: "workspace_read", input: { path: "README.md" } }] },
      {
        toolCalls: [
          {
            tool: "workspace_edit",
            input: {
              path: "README.md",
              oldString: "Greets nobody yet.",
              newString: "Greets the world: see greeting.txt.",
            },
          },
          { tool: "workspace_write", input: { path: "greeting.txt", content: "Hello, world!\n" } },
        ],
      },
      { toolCalls: [{ tool: "workspace_run", input: { command: "test" } }] },
      [
        {
          when: { tool: "workspace_run", contains: '"exitCode":0' },
          toolCalls: [{ tool: "workspace_commit", input: { message: `${ticketId}: Greet the world` } }],
        },
        { text: "The test failed; stopping." },
      ],
      {
        toolCalls: [
          {
            tool: "ticket_comment",
            input: {
              ticketId,
              body: "Implementation report: README and greeting.txt changed; the test passes.",
            },
          },
        ],
      },
      { text: "Done." },
    ],
  };
}

/** A reviewer that reads the diff and approves when it adds greeting.txt, else asks for it. */
export function greetingReviewer(ticketId: string): ScriptFile {
  return {
    turns: [
      { toolCalls: [{ tool: "workspace_diff", input: {} }] },
      [
        {
          when: { tool: "workspace_diff", contains: "greeting.txt" },
          toolCalls: [
            {
              tool: "ticket_review",
              input: { ticketId, verdict: "approve", body: "greeting.txt added; approved." },
            },
          ],
        },
        {
          toolCalls: [
            {
              tool: "ticket_review",
              input: { ticketId, verdict: "request_changes", body: "Add greeting.txt." },
            },
          ],
        },
      ],
      { text: "Reviewed." },
    ],
  };
}

/** A model that never finishes on its own: it reads the README, again and again. */
export const NEVER_FINISHES: ScriptFile = {
  turns: [{ text: "Still reading.", toolCalls: [{ tool: "workspace_read", input: { path: "README.md" } }] }],
  afterLastTurn: "repeat",
};
