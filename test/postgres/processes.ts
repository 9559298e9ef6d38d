import {
  startTsxWorker as startWorkerFromSource,
  type WorkerProcess,
} from "../ticket-lifecycle/process-harness.js";

export {
  REPO_ROOT,
  readLogLines,
  type WorkerProcess,
  waitForLine,
} from "../ticket-lifecycle/process-harness.js";

/** Starts a worker from source whose standard input the test writes to ({@link go}). */
export function startTsxWorker(script: string, options: unknown): WorkerProcess {
  return startWorkerFromSource(script, options, { stdin: "pipe" });
}

/** Releases workers waiting in {@link waitForGo}: one line on each one's standard input. */
export function go(workers: readonly WorkerProcess[]): void {
  for (const worker of workers) worker.child.stdin?.write("go\n");
}

/** The worker side: resolves when the test writes a line to standard input. */
export function waitForGo(): Promise<void> {
  return new Promise((resolve) => process.stdin.once("data", () => resolve()));
}
