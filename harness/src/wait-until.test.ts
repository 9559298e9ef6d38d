import { describe, expect, it } from "vitest";
import { startNodeProcess } from "./running-process.js";
import { type WakeSource, waitUntil } from "./wait-until.js";

/** A wake source the test fires by hand. */
function doorbell(): { source: WakeSource; ring(): void } {
  const listeners = new Set<() => void>();
  return {
    source: (wake) => {
      listeners.add(wake);
      return () => listeners.delete(wake);
    },
    ring: () => {
      for (const listener of listeners) listener();
    },
  };
}

describe("waitUntil", () => {
  it("looks again when a wake source fires, not only at its backstop", async () => {
    const bell = doorbell();
    let ready = false;
    let checks = 0;
    const waiting = waitUntil(
      "the flag",
      () => {
        checks += 1;
        return ready ? "seen" : undefined;
      },
      { wakeOn: [bell.source], backstopMs: 3_600_000, timeoutMs: 60_000 },
    );
    await new Promise((resolve) => setImmediate(resolve));
    ready = true;
    bell.ring();
    expect(await waiting).toBe("seen");
    expect(checks).toBe(2);
  });

  it("gives up after its ceiling, saying what it waited for and what the explanation adds", async () => {
    await expect(
      waitUntil("T-3 to be done", () => undefined, {
        timeoutMs: 50,
        backstopMs: 10,
        explain: () => "T-3 queued, no lease; 3 events",
      }),
    ).rejects.toThrow(
      /^gave up after 50 ms while waiting for T-3 to be done\nT-3 queued, no lease; 3 events$/,
    );
  });

  it("fails as soon as a process it depends on exits, with that process's output", async () => {
    const run = startNodeProcess(["-e", "console.log('leaving early')"]);
    await expect(
      waitUntil("something the process would have done", () => undefined, {
        while: [run],
        backstopMs: 3_600_000,
        timeoutMs: 120_000,
      }),
    ).rejects.toThrow(
      new RegExp(
        `^process ${run.pid} exited while waiting for something the process would have done\\n[^]*leaving early`,
      ),
    );
  });
});
