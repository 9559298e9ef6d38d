import { BUILT_IN_ROLES } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";
import { describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "./backend/memory-ticket-backend.js";
import { createTicketFeature, TICKET_TOOLS } from "./ticket-feature.js";

/** What DESIGN §2's default grants give each built-in role, tool by tool. */
const EXPECTED_TOOLS: Record<(typeof BUILT_IN_ROLES)[number], string[]> = {
  // read, thread, orchestrate, lock
  orchestrator: [
    "ticket_list",
    "ticket_show",
    "ticket_comment",
    "ticket_return_to_planning",
    "ticket_accept",
    "ticket_renew_lease",
    "ticket_report",
    "ticket_block",
    "ticket_defer",
    "ticket_complete",
    "ticket_close",
    "ticket_sweep_leases",
    "ticket_doctor",
    "ticket_lock_acquire",
    "ticket_lock_release",
  ],
  // read, author, thread, intake
  intake: [
    "ticket_list",
    "ticket_show",
    "ticket_create",
    "ticket_edit",
    "ticket_relate",
    "ticket_comment",
    "ticket_mark_ready",
    "ticket_return_to_planning",
    "ticket_doctor",
  ],
  // read, thread, bound to its ticket: only tools that name a ticket can be scoped
  coder: ["ticket_show", "ticket_comment"],
  // read, thread, review, bound to its ticket
  reviewer: ["ticket_show", "ticket_comment", "ticket_review"],
  // read, thread, author (planning only, enforced per call)
  companion: [
    "ticket_list",
    "ticket_show",
    "ticket_create",
    "ticket_edit",
    "ticket_relate",
    "ticket_comment",
    "ticket_doctor",
  ],
  // everything, gate included
  human: [
    "ticket_list",
    "ticket_show",
    "ticket_create",
    "ticket_edit",
    "ticket_relate",
    "ticket_comment",
    "ticket_review",
    "ticket_mark_ready",
    "ticket_queue",
    "ticket_return_to_planning",
    "ticket_accept",
    "ticket_renew_lease",
    "ticket_report",
    "ticket_block",
    "ticket_defer",
    "ticket_complete",
    "ticket_close",
    "ticket_sweep_leases",
    "ticket_doctor",
  ],
};

async function toolsOf(role: string): Promise<string[]> {
  const feature = createTicketFeature({ backend: new MemoryTicketBackend() });
  const { toolset } = await createTestToolset(feature, role, { bindings: { ticket: "T-1" } });
  return toolset.list().map((tool) => tool.name);
}

describe("default role grants", () => {
  it.each(BUILT_IN_ROLES)("gives %s exactly the tools its capabilities imply", async (role) => {
    expect(await toolsOf(role)).toEqual(EXPECTED_TOOLS[role]);
  });

  it("gives the human every ticket tool but the orchestrators' store locks", () => {
    expect(EXPECTED_TOOLS.human).toEqual(
      TICKET_TOOLS.map((tool) => tool.name).filter((name) => !name.startsWith("ticket_lock_")),
    );
  });

  it("keeps the store-lock tools with the orchestrator alone", async () => {
    const holders: string[] = [];
    for (const role of BUILT_IN_ROLES)
      if ((await toolsOf(role)).includes("ticket_lock_acquire")) holders.push(role);
    expect(holders).toEqual(["orchestrator"]);
  });

  it("keeps ticket_queue, the only way into queued, with the human alone", async () => {
    const holders: string[] = [];
    for (const role of BUILT_IN_ROLES) if ((await toolsOf(role)).includes("ticket_queue")) holders.push(role);
    expect(holders).toEqual(["human"]);
  });

  it("keeps a coder and a reviewer to the ticket they are bound to", async () => {
    for (const role of ["coder", "reviewer"]) {
      const feature = createTicketFeature({ backend: new MemoryTicketBackend() });
      const { toolset } = await createTestToolset(feature, role, { bindings: { ticket: "T-1" } });
      expect(await toolset.call("ticket_show", { ticketId: "T-2" })).toMatchObject({
        ok: false,
        error: { code: "out_of_scope" },
      });
      expect(await toolset.call("ticket_show", { ticketId: "T-1" })).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
    }
  });
});
