import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn } from "./fixtures/browser-session.js";
import { type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

describe("the board and a damaged ticket", () => {
  let served: ServedPodkit;
  beforeEach(async () => {
    served = await servePodkit();
  });
  afterEach(async () => {
    await served.close();
  });

  it("marks the ticket page of a ticket whose history no granted command could have written", async () => {
    // The fixture's T-2 is in planning, T-1 ready; T-2 is moved to queued by a forged event.
    const forged = await served.backend.append("T-2", {
      expectedSeq: 1,
      event: { kind: "state_changed", from: "planning", to: "queued" },
      actor: { role: "coder", agentId: "coder-7" },
    });
    expect(forged.ok).toBe(true);
    const browser = await signIn(served.url, await served.token("human", "alice"));
    const page = await (await browser.get("/tickets/T-2")).text();
    expect(page).toContain('queued <strong class="damaged" data-damaged="true">DAMAGED</strong>');
    expect(page).toContain("event 2: a state change from &#39;planning&#39; to &#39;queued&#39;");
    const healthy = await (await browser.get("/tickets/T-1")).text();
    expect(healthy).not.toContain("DAMAGED");
  });
});
