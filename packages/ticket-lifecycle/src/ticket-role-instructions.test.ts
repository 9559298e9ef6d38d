import { BUILT_IN_ROLE_INSTRUCTIONS, BUILT_IN_ROLES, createPodkit } from "@podkit/core";
import { describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "./backend/memory-ticket-backend.js";
import { createTicketFeature, TICKET_TOOLS } from "./ticket-feature.js";
import { TICKET_ROLE_INSTRUCTIONS } from "./ticket-role-instructions.js";

const TOOL_NAMES = TICKET_TOOLS.map((tool) => tool.name);
const mentionedTools = (text: string) => TOOL_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));

describe("the ticket feature's role instructions", () => {
  it("reach every built-in role's toolset after the role's own instructions", async () => {
    const podkit = await createPodkit({
      features: [createTicketFeature({ backend: new MemoryTicketBackend() })],
    });
    for (const role of BUILT_IN_ROLES) {
      const text = podkit.toolset({ role, agentId: "a", bindings: { ticket: "T-1" } }).instructions();
      expect(text).toBe(`${BUILT_IN_ROLE_INSTRUCTIONS[role]}\n\n${TICKET_ROLE_INSTRUCTIONS[role]}`);
    }
    await podkit.dispose();
  });

  it("name only tools the role is granted", async () => {
    const podkit = await createPodkit({
      features: [createTicketFeature({ backend: new MemoryTicketBackend() })],
    });
    for (const role of BUILT_IN_ROLES) {
      const toolset = podkit.toolset({ role, agentId: "a", bindings: { ticket: "T-1" } });
      const mentioned = mentionedTools(TICKET_ROLE_INSTRUCTIONS[role] ?? "");
      expect(mentioned.length, role).toBeGreaterThan(0);
      expect(
        mentioned.filter((name) => !toolset.has(name)),
        role,
      ).toEqual([]);
    }
    await podkit.dispose();
  });

  it("state the acceptance contract for the orchestrator", () => {
    const text = TICKET_ROLE_INSTRUCTIONS.orchestrator ?? "";
    expect(text).toContain(
      "no worktree is created and no coder or reviewer Pod is launched for a ticket until ticket_accept has succeeded",
    );
    expect(text).toContain("recorded under the in-progress ticket");
    expect(text).toContain("never goes back to queued");
  });
});
