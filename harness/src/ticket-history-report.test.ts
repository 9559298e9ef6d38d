import { describe, expect, it } from "vitest";
import { reportTicket, reportTickets } from "./ticket-history-report.js";

const events = Array.from({ length: 10 }, (_, index) => ({
  seq: index + 1,
  kind: "comment",
  actor: { role: "coder", agentId: "c-1" },
  at: `2026-01-01T00:00:${String(index).padStart(2, "0")}.000Z`,
  body: `note ${index + 1}`,
}));

describe("reportTicket", () => {
  it("says the state, the lease and the last events, one line each", () => {
    const text = reportTicket({
      id: "T-3",
      state: "blocked",
      lease: null,
      events: [
        ...events,
        {
          seq: 11,
          kind: "state_changed",
          actor: "orchestrator/orch-a",
          at: "2026-01-01T00:01:00.000Z",
          from: "inprogress",
          to: "blocked",
          token: 4,
          reason: "Worktree creation failed:\ngit said no",
        },
      ],
    });
    expect(text.split("\n")).toEqual([
      "T-3 blocked, no lease; 11 events, the last 8:",
      ...events.slice(3).map((event) => `  #${event.seq} ${event.at} comment by coder/c-1: ${event.body}`),
      "  #11 2026-01-01T00:01:00.000Z state_changed inprogress→blocked t4 by orchestrator/orch-a: Worktree creation failed: git said no",
    ]);
  });

  it("names the lease holder, token and expiry of a ticket in progress", () => {
    expect(
      reportTicket({
        id: "T-1",
        state: "inprogress",
        lease: { holder: "orch-b", token: 7, expiresAt: "2026-01-01T00:02:00.000Z" },
        events: [],
      }),
    ).toBe("T-1 inprogress, lease orch-b t7 until 2026-01-01T00:02:00.000Z; 0 events:");
  });
});

describe("reportTickets", () => {
  it("reports every ticket, saying which one could not be read and why", async () => {
    const text = await reportTickets(["T-1", "T-2", "T-3"], async (ticketId) => {
      if (ticketId === "T-2") return undefined;
      if (ticketId === "T-3") throw new Error("store unavailable");
      return { id: ticketId, state: "queued", events: [] };
    });
    expect(text).toBe(
      [
        "T-1 queued, no lease; 0 events:",
        "T-2: no such ticket",
        "T-3: could not be read: store unavailable",
      ].join("\n"),
    );
  });
});
