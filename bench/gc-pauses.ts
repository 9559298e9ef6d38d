import { PerformanceObserver } from "node:perf_hooks";

/** Garbage-collection pauses seen since {@link watchGcPauses}, on the `performance.now()` clock. */
export interface GcPauses {
  /** Milliseconds of collection pauses that overlap `[from, to]`; call after {@link GcPauses.stop}. */
  within(from: number, to: number): number;
  /** Stops watching once pending entries have been delivered (they arrive after the pause, asynchronously). */
  stop(): Promise<void>;
}

/** Starts recording garbage-collection pauses, so a one-shot timing can say how much of it was GC. */
export function watchGcPauses(): GcPauses {
  const pauses: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    within: (from, to) =>
      pauses.reduce(
        (sum, pause) => sum + Math.max(0, Math.min(to, pause.end) - Math.max(from, pause.start)),
        0,
      ),
    stop: async () => {
      // Node queues a pause's entry after the pause; two turns of the event loop deliver it.
      for (let turn = 0; turn < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
    },
  };
}
