import { describe, expect, it } from "vitest";
import { leaseLostReason } from "./lease-watch.js";

const lease = (token: number) => ({ holder: "orch", token, expiresAt: "2030-01-01T00:00:00Z" });

describe("leaseLostReason", () => {
  it("holds while the ticket is in progress under the Pod's token", () => {
    expect(leaseLostReason({ id: "T-1", state: "inprogress", lease: lease(3) }, 3)).toBeUndefined();
  });

  it("names the state a ticket moved to, a missing lease and another token", () => {
    expect(leaseLostReason({ id: "T-1", state: "blocked", lease: null }, 3)).toBe(
      "ticket T-1 is 'blocked' now, no longer in progress",
    );
    expect(leaseLostReason({ id: "T-1", state: "inprogress", lease: null }, 3)).toBe(
      "ticket T-1 has no lease any more",
    );
    expect(leaseLostReason({ id: "T-1", state: "inprogress", lease: lease(5) }, 3)).toBe(
      "ticket T-1 is held under token 5 now, not 3",
    );
  });

  it("calls a lease whose token is hidden from the Pod lost: it is no longer the Pod's attempt", () => {
    const hidden = { holder: "orch", expiresAt: "2030-01-01T00:00:00Z" };
    expect(leaseLostReason({ id: "T-1", state: "inprogress", lease: hidden }, 3)).toBe(
      "ticket T-1's lease is no longer the attempt (token 3) this Pod was launched for",
    );
  });
});
