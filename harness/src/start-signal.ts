import { type RunningProcess, waitForLine } from "./running-process.js";
import { READY_LINE } from "./worker.js";

/**
 * A start line for processes: waits until every worker has printed `ready`, then writes `go` to
 * each one's standard input (started with `stdin: "pipe"`), so they all start within
 * microseconds of each other, however long each took to get ready.
 */
export async function startTogether(workers: readonly RunningProcess[], timeoutMs = 300_000): Promise<void> {
  await Promise.all(workers.map((worker) => waitForLine(worker, READY_LINE, timeoutMs)));
  for (const worker of workers) worker.child.stdin?.write("go\n");
}
