import { createPodkit } from "@podkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createManualClock } from "../conformance/manual-clock.js";
import { auditTicketHistory } from "../domain/audit-ticket-history.js";
import type { TicketCommand } from "../domain/ticket-command.js";
import { concreteCommand, type PlannedAction, plannedAction } from "../testing/command-arbitraries.js";
import { historyViolations } from "../testing/history-invariants.js";
import { RecordingBackend } from "../testing/recording-backend.js";
import { createTicketFeature, TICKET_ROLE_GRANTS } from "../ticket-feature.js";

/** The tool call an agent would make for a command; `expire_lease` becomes a sweep. */
function toolCall(
  ticketId: string,
  command: TicketCommand,
): { tool: string; input: Record<string, unknown> } {
  const { type, ...fields } = command;
  if (type === "expire_lease") return { tool: "ticket_sweep_leases", input: {} };
  if (type === "accept") {
    const { holder: _holder, ...input } = fields as Record<string, unknown>;
    return { tool: "ticket_accept", input: { ticketId, ...input } };
  }
  return { tool: `ticket_${type}`, input: { ticketId, ...fields } };
}

const REFUSAL_CODES = [
  "unknown_tool",
  "invalid_input",
  "out_of_scope",
  "conflict",
  "not_found",
  "lease_lost",
  "precondition_failed",
];

/** Runs the actions through role toolsets; returns the store and every refusal code seen. */
async function run(actions: readonly PlannedAction[]) {
  const clock = createManualClock();
  const backend = new RecordingBackend({ clock: clock.now });
  const podkit = await createPodkit({ features: [createTicketFeature({ backend })] });
  const codes: string[] = [];
  const ids: string[] = [];
  const intake = podkit.toolset({ role: "intake", agentId: "intake-1" });
  const create = async () => {
    const result = await intake.call("ticket_create", { title: "Random" });
    if (result.ok) ids.push((result.output as { ticket: { id: string } }).ticket.id);
  };
  for (let index = 0; index < 3; index += 1) await create();
  for (const step of actions) {
    if (step.kind === "create") await create();
    else if (step.kind === "advance") clock.advance(step.ms);
    else {
      const ticketId = ids[step.kind === "command" ? step.ticket : 0] ?? "T-1";
      const role = step.kind === "command" ? step.role : "orchestrator";
      const agentId = `${role}-${step.kind === "command" ? step.agent : 1}`;
      const toolset = podkit.toolset({ role, agentId, bindings: { ticket: ticketId } });
      const liveToken = (await backend.read(ticketId))?.ticket.lease?.token ?? 1;
      const command: TicketCommand =
        step.kind === "sweep"
          ? { type: "expire_lease" }
          : concreteCommand(step.command, { actor: { role, agentId }, ids, liveToken });
      const { tool, input } = toolCall(ticketId, command);
      const result = await backend.as(command.type, () => toolset.call(tool, input));
      if (!result.ok) codes.push(result.error.code);
    }
  }
  await podkit.dispose();
  return { backend, codes };
}

describe("ticket tools under random calls from random roles", () => {
  it("refuse with a domain code, never fail internally, and keep every history sound", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(plannedAction, { minLength: 1, maxLength: 80, size: "max" }),
        async (actions) => {
          const { backend, codes } = await run(actions);
          expect(codes.filter((code) => !REFUSAL_CODES.includes(code))).toEqual([]);
          for (const ticket of (await backend.list()).tickets) {
            const events = (await backend.read(ticket.id))?.events ?? [];
            expect(historyViolations(ticket.id, events, (seq) => backend.producerOf(ticket.id, seq))).toEqual(
              [],
            );
            // The doctor's audit finds nothing to report in what the tools themselves wrote.
            expect(
              auditTicketHistory(ticket.id, events, { grantOf: (role) => TICKET_ROLE_GRANTS[role] }),
            ).toEqual([]);
            for (const event of events) {
              if (event.to === "queued" && event.from !== "queued") expect(event.actor.role).toBe("human");
              if (event.kind === "acceptance") expect(["orchestrator", "human"]).toContain(event.actor.role);
              if (event.actor.role === "coder") expect(event.kind).toMatch(/^(comment|plan|decision)$/);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
