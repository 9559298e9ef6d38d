import { describe, expect, it } from "vitest";
import { createTicketTestbed } from "../testing/ticket-testbed.js";

describe("ticket_lock_acquire and ticket_lock_release", () => {
  it("take the store lock as the calling orchestrator and refuse it to another until released", async () => {
    const bed = await createTicketTestbed();
    const first = await bed.ok("orchestrator", "ticket_lock_acquire", { name: "merge-queue", ttlMs: 30_000 });
    expect(first).toEqual({
      acquired: true,
      holder: "orchestrator-1",
      expiresAt: new Date(bed.clock.now().getTime() + 30_000).toISOString(),
    });
    const other = { agentId: "orchestrator-2" };
    expect(
      await bed.ok("orchestrator", "ticket_lock_acquire", { name: "merge-queue", ttlMs: 30_000 }, other),
    ).toMatchObject({ acquired: false, holder: "orchestrator-1" });
    expect(await bed.ok("orchestrator", "ticket_lock_release", { name: "merge-queue" }, other)).toEqual({
      released: false,
    });
    expect(await bed.ok("orchestrator", "ticket_lock_release", { name: "merge-queue" })).toEqual({
      released: true,
    });
    expect(
      await bed.ok("orchestrator", "ticket_lock_acquire", { name: "merge-queue", ttlMs: 30_000 }, other),
    ).toMatchObject({ acquired: true, holder: "orchestrator-2" });
  });

  it("are not there for any other role, the human included", async () => {
    const bed = await createTicketTestbed();
    for (const role of ["human", "intake", "coder", "reviewer", "companion"]) {
      const result = await bed.call(
        role,
        "ticket_lock_acquire",
        { name: "merge-queue", ttlMs: 1_000 },
        {
          bindings: { ticket: "T-1" },
        },
      );
      expect(result).toMatchObject({ ok: false, error: { code: "unknown_tool" } });
    }
  });
});
