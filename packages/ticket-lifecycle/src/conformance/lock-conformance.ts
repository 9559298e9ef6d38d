import { describe, expect, it } from "vitest";
import type { TicketBackend } from "../backend/ticket-backend.js";
import { TicketError } from "../domain/ticket-error.js";
import { type ConformanceContext, LIVE_LEASE_MS } from "./conformance-context.js";

const LOCK = "merge-queue";

async function refusedWith(code: string, action: () => Promise<unknown>): Promise<void> {
  const error = await action().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(TicketError.isInstance(error), `expected a TicketError '${code}', got ${String(error)}`).toBe(true);
  expect((error as TicketError).code).toBe(code);
}

/** Named, expiring store locks: exclusion, expiry and takeover, release only by the holder. */
export function describeLockConformance(
  context: () => ConformanceContext,
  options: { readonly peers: boolean },
): void {
  describe("store locks", () => {
    it("gives a free lock to the first holder until ttl on the backend's clock, and refuses others", async () => {
      const { backend } = context();
      const before = (await backend.now()).getTime();
      const first = await backend.acquireLock({ name: LOCK, holder: "orchestrator-1", ttlMs: LIVE_LEASE_MS });
      const after = (await backend.now()).getTime();
      if (!first.acquired) throw new Error(`the free lock was refused: held by ${first.heldBy.holder}`);
      expect(first.lock).toMatchObject({ name: LOCK, holder: "orchestrator-1" });
      const expiresAt = Date.parse(first.lock.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + LIVE_LEASE_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + LIVE_LEASE_MS);
      const second = await backend.acquireLock({
        name: LOCK,
        holder: "orchestrator-2",
        ttlMs: LIVE_LEASE_MS,
      });
      expect(second).toEqual({ acquired: false, heldBy: first.lock });
    });

    it("lets exactly one of many concurrent callers take a lock", async () => {
      const { backend } = context();
      const holders = Array.from({ length: 8 }, (_, index) => `orchestrator-${index}`);
      const outcomes = await Promise.all(
        holders.map((holder) => backend.acquireLock({ name: LOCK, holder, ttlMs: LIVE_LEASE_MS })),
      );
      const winners = outcomes.filter((outcome) => outcome.acquired);
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.acquired ? winners[0].lock.holder : "";
      for (const outcome of outcomes) if (!outcome.acquired) expect(outcome.heldBy.holder).toBe(winner);
    });

    it("extends a lock its holder takes again", async () => {
      const test = context();
      const first = await test.backend.acquireLock({ name: LOCK, holder: "orchestrator-1", ttlMs: 1_000 });
      const again = await test.backend.acquireLock({
        name: LOCK,
        holder: "orchestrator-1",
        ttlMs: LIVE_LEASE_MS,
      });
      if (!first.acquired || !again.acquired) throw new Error("the holder could not take its own lock again");
      expect(Date.parse(again.lock.expiresAt)).toBeGreaterThan(Date.parse(first.lock.expiresAt));
    });

    it("releases only for the holder; a released lock is free for the next", async () => {
      const { backend } = context();
      await backend.acquireLock({ name: LOCK, holder: "orchestrator-1", ttlMs: LIVE_LEASE_MS });
      expect(await backend.releaseLock({ name: LOCK, holder: "orchestrator-2" })).toBe(false);
      const stillHeld = await backend.acquireLock({
        name: LOCK,
        holder: "orchestrator-2",
        ttlMs: LIVE_LEASE_MS,
      });
      expect(stillHeld).toMatchObject({ acquired: false, heldBy: { holder: "orchestrator-1" } });
      expect(await backend.releaseLock({ name: LOCK, holder: "orchestrator-1" })).toBe(true);
      expect(await backend.releaseLock({ name: LOCK, holder: "orchestrator-1" })).toBe(false);
      const next = await backend.acquireLock({ name: LOCK, holder: "orchestrator-2", ttlMs: LIVE_LEASE_MS });
      expect(next).toMatchObject({ acquired: true, lock: { holder: "orchestrator-2" } });
    });

    it("lets another holder take an expired lock over, and the old holder can no longer release it", async () => {
      const test = context();
      const { backend } = test;
      const first = await backend.acquireLock({
        name: LOCK,
        holder: "orchestrator-1",
        ttlMs: test.lapsingLeaseMs,
      });
      if (!first.acquired) throw new Error("the free lock was refused");
      const early = await backend.acquireLock({ name: LOCK, holder: "orchestrator-2", ttlMs: LIVE_LEASE_MS });
      expect(early.acquired).toBe(false);
      await test.passExpiry(first.lock.expiresAt);
      const takeover = await backend.acquireLock({
        name: LOCK,
        holder: "orchestrator-2",
        ttlMs: LIVE_LEASE_MS,
      });
      expect(takeover).toMatchObject({ acquired: true, lock: { holder: "orchestrator-2" } });
      expect(await backend.releaseLock({ name: LOCK, holder: "orchestrator-1" })).toBe(false);
      const third = await backend.acquireLock({ name: LOCK, holder: "orchestrator-3", ttlMs: LIVE_LEASE_MS });
      expect(third).toMatchObject({ acquired: false, heldBy: { holder: "orchestrator-2" } });
    });

    it("keeps locks of different names apart", async () => {
      const { backend } = context();
      await backend.acquireLock({ name: LOCK, holder: "orchestrator-1", ttlMs: LIVE_LEASE_MS });
      const other = await backend.acquireLock({
        name: "other.lock",
        holder: "orchestrator-2",
        ttlMs: LIVE_LEASE_MS,
      });
      expect(other).toMatchObject({ acquired: true, lock: { name: "other.lock", holder: "orchestrator-2" } });
    });

    it("refuses a bad lock name, holder or ttl with invalid_input", async () => {
      const { backend } = context();
      for (const name of ["", "../escape", "a/b", ".hidden", "x".repeat(129)])
        await refusedWith("invalid_input", () => backend.acquireLock({ name, holder: "o-1", ttlMs: 1_000 }));
      for (const ttlMs of [0, -5, 1.5, 24 * 60 * 60 * 1000])
        await refusedWith("invalid_input", () => backend.acquireLock({ name: LOCK, holder: "o-1", ttlMs }));
      await refusedWith("invalid_input", () => backend.acquireLock({ name: LOCK, holder: "", ttlMs: 1_000 }));
      await refusedWith("invalid_input", () => backend.releaseLock({ name: "../escape", holder: "o-1" }));
      const free = await backend.acquireLock({ name: LOCK, holder: "o-1", ttlMs: 1_000 });
      expect(free.acquired).toBe(true);
    });

    // A store in memory cannot be opened twice; the others show the lock is the store's, not the instance's.
    if (!options.peers) return;
    it("is shared with another instance opened on the same store", async () => {
      const test = context();
      const openPeer = test.harness.openPeer;
      if (openPeer === undefined) throw new Error("the harness of a shared store must give openPeer");
      const peer: TicketBackend = await openPeer();
      try {
        await test.backend.acquireLock({ name: LOCK, holder: "orchestrator-1", ttlMs: LIVE_LEASE_MS });
        const refused = await peer.acquireLock({
          name: LOCK,
          holder: "orchestrator-2",
          ttlMs: LIVE_LEASE_MS,
        });
        expect(refused).toMatchObject({ acquired: false, heldBy: { holder: "orchestrator-1" } });
        expect(await peer.releaseLock({ name: LOCK, holder: "orchestrator-2" })).toBe(false);
        expect(await test.backend.releaseLock({ name: LOCK, holder: "orchestrator-1" })).toBe(true);
        const taken = await peer.acquireLock({ name: LOCK, holder: "orchestrator-2", ttlMs: LIVE_LEASE_MS });
        expect(taken).toMatchObject({ acquired: true, lock: { holder: "orchestrator-2" } });
      } finally {
        await peer.close();
      }
    });
  });
}
