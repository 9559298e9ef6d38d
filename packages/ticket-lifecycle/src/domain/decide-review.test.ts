import { describe, expect, it } from "vitest";
import {
  appended,
  decide,
  LEASE_EXPIRES_AT,
  LEASE_TOKEN,
  refusalOf,
  ticketIn,
} from "../testing/ticket-fixtures.js";
import type { TicketCommand } from "./ticket-command.js";

const REVIEWER = { role: "reviewer", agentId: "T-1-t4-reviewer-1" };
const review = (attempt?: { token: number; podId: string }): TicketCommand => ({
  type: "review",
  verdict: "approve",
  body: "Looks right.",
  ...(attempt === undefined ? {} : { attempt }),
});

describe("a review bound to the attempt it was launched for", () => {
  it("is recorded under that attempt's token with its Pod, requiring the attempt's lease to be live", () => {
    const attempt = { token: LEASE_TOKEN, podId: "T-1-t4-reviewer-1" };
    const decision = decide(ticketIn("inprogress"), review(attempt), { actor: REVIEWER });
    expect(appended(decision)).toEqual({
      kind: "review",
      body: "Looks right.",
      token: LEASE_TOKEN,
      data: { verdict: "approve", podId: "T-1-t4-reviewer-1" },
    });
    expect(decision).toMatchObject({
      requires: { kind: "live-lease", token: LEASE_TOKEN, holder: "orchestrator-1" },
    });
  });

  it("is refused from another attempt: an older token after a takeover, or a newer one", () => {
    for (const token of [LEASE_TOKEN - 2, LEASE_TOKEN + 3]) {
      const refusal = refusalOf(() =>
        decide(ticketIn("inprogress"), review({ token, podId: `T-1-t${token}-reviewer-1` }), {
          actor: REVIEWER,
        }),
      );
      expect(refusal.code).toBe("lease_lost");
      expect(refusal.message).toBe(
        `Pod 'T-1-t${token}-reviewer-1' was launched for the attempt under lease token ${token} on ticket 'T-1', but the current attempt is lease token ${LEASE_TOKEN}: a verdict from another attempt is not recorded. Stop; this review is no longer wanted.`,
      );
    }
  });

  it("is refused once that attempt's lease has expired", () => {
    const refusal = refusalOf(() =>
      decide(ticketIn("inprogress"), review({ token: LEASE_TOKEN, podId: "p" }), {
        now: new Date(LEASE_EXPIRES_AT),
      }),
    );
    expect(refusal.code).toBe("lease_lost");
    expect(refusal.message).toContain(`that attempt's lease expired at ${LEASE_EXPIRES_AT}`);
  });
});

describe("a review bound to no attempt", () => {
  it("is recorded without a token, so no attempt counts it, while the ticket is in progress", () => {
    const decision = decide(ticketIn("inprogress"), review(), { actor: { role: "human", agentId: "alice" } });
    expect(appended(decision)).toEqual({
      kind: "review",
      body: "Looks right.",
      data: { verdict: "approve" },
    });
    expect(decision).toMatchObject({ requires: { kind: "state", state: "inprogress" } });
  });
});
