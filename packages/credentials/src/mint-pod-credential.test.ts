import { describe, expect, it } from "vitest";
import { MemoryCredentialStore } from "./memory-credential-store.js";
import { mintPodCredential } from "./mint-pod-credential.js";

describe("mintPodCredential", () => {
  it("mints a Pod's token bound to its role, agent and ticket, expiring with the attempt, and revokes it", async () => {
    const store = new MemoryCredentialStore();
    const expiresAt = new Date(Date.now() + 60_000);
    const pod = await mintPodCredential(store, {
      role: "coder",
      agentId: "orchestrator-1/T-3-t4-coder-1",
      ticketId: "T-3",
      expiresAt,
      label: "T-3-t4-coder-1",
    });
    expect(await store.verify(pod.token)).toEqual({
      ok: true,
      credential: {
        id: pod.credential.id,
        role: "coder",
        agentId: "orchestrator-1/T-3-t4-coder-1",
        ticketId: "T-3",
        expiresAt: expiresAt.toISOString(),
      },
    });
    await pod.revoke();
    await pod.revoke();
    expect(await store.verify(pod.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses an expiry that has already passed, minting nothing", async () => {
    const store = new MemoryCredentialStore();
    await expect(
      mintPodCredential(store, {
        role: "coder",
        agentId: "a",
        ticketId: "T-1",
        expiresAt: new Date(Date.now() - 1),
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await store.list()).toEqual([]);
  });
});
