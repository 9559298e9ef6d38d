import { createPodkit, type Podkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KeptLease, keepLease } from "./lease-keeper.js";
import { TicketClient } from "./ticket-client.js";

const LEASE_MS = 30_000;

let podkit: Podkit;
let kept: KeptLease | undefined;

beforeEach(async () => {
  podkit = await createPodkit({ features: [createTicketFeature({ backend: new MemoryTicketBackend() })] });
});

afterEach(async () => {
  kept?.stop();
  await podkit.dispose();
});

async function call(role: string, tool: string, input: Record<string, unknown>) {
  const result = await podkit.toolset({ role, agentId: `${role}-agent` }).call(tool, input);
  if (!result.ok) throw new Error(`${tool}: ${result.error.message}`);
  return result.output as { ticket: { id: string } };
}

/** A queued ticket accepted by `orch-1`, and a client that counts its renewals. */
async function heldTicket() {
  const { ticket } = await call("intake", "ticket_create", { title: "held" });
  await call("intake", "ticket_mark_ready", { ticketId: ticket.id, summary: "Hold it." });
  await call("human", "ticket_queue", { ticketId: ticket.id });
  const client = new TicketClient(podkit.toolset({ role: "orchestrator", agentId: "orch-1" }));
  const lease = await client.accept(ticket.id, "r-1", LEASE_MS);
  const renewals: number[] = [];
  const renew = client.renew.bind(client);
  client.renew = async (ticketId, token, leaseMs) => {
    renewals.push(token);
    return renew(ticketId, token, leaseMs);
  };
  const lost: string[] = [];
  kept = keepLease({
    client,
    ticketId: ticket.id,
    token: lease.token,
    expiresAt: lease.expiresAt,
    leaseMs: LEASE_MS,
    renewEveryMs: 10_000,
    onLost: (reason) => lost.push(reason),
  });
  return { ticketId: ticket.id, token: lease.token, client, kept, renewals, lost };
}

describe("keepLease", () => {
  it("holds a fresh lease above the margin without asking the store", async () => {
    const { kept, renewals } = await heldTicket();
    expect(await kept.holdsFor(10_000)).toBe(true);
    expect(renewals).toEqual([]);
  });

  it("renews first when less than the margin is left, and says whether that was enough", async () => {
    const { kept, renewals, token } = await heldTicket();
    // No lease of 30 s ever has 40 s left: one renewal, then false — launching now would be unsafe.
    expect(await kept.holdsFor(40_000)).toBe(false);
    expect(renewals).toEqual([token]);
    expect(kept.signal.aborted).toBe(false);
  });

  it("answers false, aborts and reports the loss when the renewal asked for is refused", async () => {
    const { kept, lost, client, ticketId, token } = await heldTicket();
    await client.block(ticketId, token, "Blocked by hand to end the lease.");
    expect(await kept.holdsFor(40_000)).toBe(false);
    expect(kept.signal.aborted).toBe(true);
    expect(lost).toEqual([expect.stringMatching(/^ticket_renew_lease: /)]);
  });

  it("joins a renewal already under way instead of asking twice", async () => {
    const { kept, renewals } = await heldTicket();
    await Promise.all([kept.renewNow(), kept.renewNow(), kept.holdsFor(40_000)]);
    expect(renewals).toHaveLength(1);
  });
});
