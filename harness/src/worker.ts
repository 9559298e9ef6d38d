/**
 * The worker side of the harness: what a process started by a scenario or a benchmark imports.
 * Kept apart from the main entry so a worker loads nothing else.
 */

/** The line a worker prints once it is set up; the test's cue that it waits for `go`. */
export const READY_LINE = "ready";

/** Prints {@link READY_LINE} and resolves when the test writes `go` to standard input (`startTogether`). */
export function readyThenWaitForGo(): Promise<void> {
  const go = new Promise<void>((resolve) =>
    process.stdin.once("data", () => {
      // Nothing more comes this way; an open stdin would keep the worker from ending by itself.
      process.stdin.destroy();
      resolve();
    }),
  );
  process.stdout.write(`${READY_LINE}\n`);
  return go;
}
