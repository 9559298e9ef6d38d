import { beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../domain/ticket-state.js";
import { DEFAULT_TICKET_POLICY } from "../service/ticket-policy.js";
import { TicketService } from "../service/ticket-service.js";
import { createTicketTestbed, type TicketTestbed } from "../testing/ticket-testbed.js";
import type { TICKET_TOOLS } from "../ticket-feature.js";

type ToolName = (typeof TICKET_TOOLS)[number]["name"];

/** A valid input for every tool, about ticket `id`; a new tool fails to type-check until listed. */
const VALID_INPUTS: Record<ToolName, (id: string) => Record<string, unknown>> = {
  ticket_list: () => ({}),
  ticket_show: (id) => ({ ticketId: id }),
  ticket_create: () => ({ title: "New" }),
  ticket_edit: (id) => ({ ticketId: id, title: "Renamed" }),
  ticket_relate: (id) => ({ ticketId: id, relation: "related", target: "T-2" }),
  ticket_comment: (id) => ({ ticketId: id, body: "A note." }),
  ticket_review: (id) => ({ ticketId: id, verdict: "approve", body: "Fine." }),
  ticket_mark_ready: (id) => ({ ticketId: id, summary: "Clear." }),
  ticket_queue: (id) => ({ ticketId: id }),
  ticket_return_to_planning: (id) => ({ ticketId: id, reason: "Which API?" }),
  ticket_accept: (id) => ({ ticketId: id, requestId: "r-1" }),
  ticket_renew_lease: (id) => ({ ticketId: id, token: 1 }),
  ticket_report: (id) => ({ ticketId: id, token: 1, kind: "progress", body: "Halfway." }),
  ticket_block: (id) => ({ ticketId: id, token: 1, reason: "Stuck." }),
  ticket_defer: (id) => ({ ticketId: id, token: 1, reason: "Later." }),
  ticket_complete: (id) => ({ ticketId: id, token: 1 }),
  ticket_close: (id) => ({ ticketId: id, resolution: "Done." }),
  ticket_sweep_leases: () => ({}),
  ticket_doctor: () => ({}),
  ticket_lock_acquire: () => ({ name: "merge-queue", ttlMs: 1_000 }),
  ticket_lock_release: () => ({ name: "merge-queue" }),
};
/** Who may call a tool: the human holds every capability but the orchestrator's store locks. */
const callerOf = (tool: ToolName) => (tool.startsWith("ticket_lock_") ? "orchestrator" : "human");
const TOOL_NAMES = Object.keys(VALID_INPUTS) as ToolName[];
const TICKET_TOOLS_WITH_ID = TOOL_NAMES.filter((tool) => "ticketId" in VALID_INPUTS[tool]("T-1"));

const HOSTILE_IDS = [
  "../x",
  "a/b",
  ".hidden",
  "A".repeat(200),
  "..",
  "T-1/../../etc",
  "C:\\x",
  "",
  " T-1",
  "T-1\n",
  "-T",
];

let bed: TicketTestbed;

beforeEach(async () => {
  bed = await createTicketTestbed();
  await bed.ticketIn("planning");
  await bed.ticketIn("planning");
});

describe("ticket ids that could name a path", () => {
  it.each(TICKET_TOOLS_WITH_ID)("%s refuses each with invalid_input and writes nothing", async (tool) => {
    const before = await bed.histories();
    for (const id of HOSTILE_IDS) {
      const result = await bed.call(callerOf(tool), tool, VALID_INPUTS[tool](id));
      expect(result, `ticketId ${JSON.stringify(id)}`).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
    expect(await bed.histories()).toEqual(before);
  });

  it("ticket_relate refuses each as a target too", async () => {
    const before = await bed.histories();
    for (const target of HOSTILE_IDS) {
      const result = await bed.call("human", "ticket_relate", {
        ticketId: "T-1",
        relation: "blocks",
        target,
      });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    expect(await bed.histories()).toEqual(before);
  });

  it("the service refuses them as well, for callers that bypass the tools", async () => {
    const service = new TicketService(bed.backend, DEFAULT_TICKET_POLICY);
    const actor = { role: "human", agentId: "h" };
    for (const id of HOSTILE_IDS) {
      await expect(service.get(id)).rejects.toMatchObject({ code: "invalid_input" });
      await expect(service.create(actor, { id, title: "Sneaky" })).rejects.toMatchObject({
        code: "invalid_input",
      });
      await expect(
        service.execute(actor, id, { type: "comment", kind: "comment", body: "x" }),
      ).rejects.toMatchObject({
        code: "invalid_input",
      });
    }
    expect(Object.keys(await bed.histories())).toEqual(["T-1", "T-2"]);
  });
});

describe("strict inputs", () => {
  it.each(TOOL_NAMES)("%s refuses an unknown field and writes nothing", async (tool) => {
    const before = await bed.histories();
    const result = await bed.call(callerOf(tool), tool, { ...VALID_INPUTS[tool]("T-1"), sneaky: true });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!result.ok && result.error.message).toContain("sneaky");
    expect(await bed.histories()).toEqual(before);
  });

  it.each(TOOL_NAMES)("%s refuses input that is not an object", async (tool) => {
    for (const input of [null, "T-1", 42, []]) {
      expect(await bed.call(callerOf(tool), tool, input)).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
  });
});

describe("oversized and empty text", () => {
  const over = (max: number) => "x".repeat(max + 1);
  const cases: [ToolName, Record<string, unknown>][] = [
    ["ticket_create", { title: over(LIMITS.titleChars) }],
    ["ticket_create", { title: "" }],
    ["ticket_create", { title: "Fine", body: over(LIMITS.bodyChars) }],
    ["ticket_edit", { ticketId: "T-1", body: over(LIMITS.bodyChars) }],
    ["ticket_edit", { ticketId: "T-1", title: over(LIMITS.titleChars) }],
    ["ticket_comment", { ticketId: "T-1", body: over(LIMITS.commentChars) }],
    ["ticket_comment", { ticketId: "T-1", body: "" }],
    ["ticket_comment", { ticketId: "T-1", body: "   \n " }],
    ["ticket_mark_ready", { ticketId: "T-1", summary: over(LIMITS.summaryChars) }],
    ["ticket_mark_ready", { ticketId: "T-1", summary: "  " }],
    ["ticket_return_to_planning", { ticketId: "T-1", reason: over(LIMITS.reasonChars) }],
    ["ticket_close", { ticketId: "T-1", resolution: over(LIMITS.reasonChars) }],
    ["ticket_report", { ticketId: "T-1", token: 1, kind: "progress", body: over(LIMITS.commentChars) }],
  ];

  it.each(cases)("%s refuses %o with invalid_input and writes nothing", async (tool, input) => {
    const before = await bed.histories();
    expect(await bed.call(callerOf(tool), tool, input)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    expect(await bed.histories()).toEqual(before);
  });

  it("takes text right at its bound", async () => {
    const created = await bed.ok("intake", "ticket_create", {
      title: "t".repeat(LIMITS.titleChars),
      body: "b".repeat(LIMITS.bodyChars),
    });
    const record = await bed.backend.read(created.ticket.id);
    expect(record?.ticket.title).toHaveLength(LIMITS.titleChars);
    expect(record?.ticket.body).toHaveLength(LIMITS.bodyChars);
  });
});

describe("other malformed values", () => {
  it.each([
    ["ticket_accept", { ticketId: "T-1", requestId: "" }],
    ["ticket_accept", { ticketId: "T-1", requestId: "r".repeat(129) }],
    ["ticket_accept", { ticketId: "T-1", requestId: "r", leaseMs: 999 }],
    ["ticket_accept", { ticketId: "T-1", requestId: "r", leaseMs: 86_400_001 }],
    ["ticket_report", { ticketId: "T-1", token: 0, kind: "progress", body: "x" }],
    ["ticket_report", { ticketId: "T-1", token: 1.5, kind: "progress", body: "x" }],
    ["ticket_report", { ticketId: "T-1", token: 1, kind: "comment", body: "x" }],
    ["ticket_report", { ticketId: "T-1", token: 1, kind: "progress", body: "x", details: { nested: {} } }],
    ["ticket_relate", { ticketId: "T-1", relation: "parent_of", target: "T-2" }],
    ["ticket_list", { limit: 0 }],
    ["ticket_list", { limit: 501 }],
    ["ticket_list", { offset: -1 }],
    ["ticket_list", { states: ["archived"] }],
    ["ticket_show", { ticketId: "T-1", historyLimit: -1 }],
    ["ticket_show", { ticketId: "T-1", historyBefore: 0 }],
    ["ticket_show", { ticketId: "T-1", bodyLimit: 99 }],
  ] as const)("%s refuses %o", async (tool, input) => {
    expect(await bed.call(callerOf(tool), tool, input)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
  });
});
