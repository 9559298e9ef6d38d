import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn } from "./fixtures/browser-session.js";
import { eventually, type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

/** One card's markup on the board page, or undefined when it is not there. */
function cardOf(board: string, ticketId: string): string | undefined {
  return new RegExp(`<article [^>]*id="card-${ticketId}"[\\s\\S]*?</article>`).exec(board)?.[0];
}

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

  it("marks the damaged ticket's card on the board with text, in its accessible name too", async () => {
    const browser = await signIn(served.url, await served.token("human", "alice"));
    // Seen healthy first: the card must change when the forged event arrives.
    expect(cardOf(await (await browser.get("/")).text(), "T-2")).not.toContain("DAMAGED");
    const forged = await served.backend.append("T-2", {
      expectedSeq: 1,
      event: { kind: "state_changed", from: "planning", to: "queued" },
      actor: { role: "coder", agentId: "coder-7" },
    });
    expect(forged.ok).toBe(true);
    let board = "";
    await eventually("the board to show T-2 queued", async () => {
      board = await (await browser.get("/")).text();
      return /data-column="queued"[\s\S]*id="card-T-2"/.test(board);
    });
    const damaged = cardOf(board, "T-2");
    expect(damaged).toContain('data-damaged="true"');
    expect(damaged).toContain('aria-label="T-2: Planned work (damaged history)"');
    expect(damaged).toMatch(/<strong class="card-damaged"[^>]*>DAMAGED<\/strong>/);
    const healthy = cardOf(board, "T-1");
    expect(healthy).toBeDefined();
    expect(healthy).not.toContain("DAMAGED");
    expect(healthy).not.toContain("data-damaged");
  });
});
