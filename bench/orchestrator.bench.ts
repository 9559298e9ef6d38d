import type { BenchContext } from "./bench-context.js";
import { median } from "./measure.js";
import {
  createOrchestratorRig,
  type OrchestratorRig,
  type OrchestratorRigOptions,
} from "./orchestrator-rig.js";

/** Tickets timed per wake-up mode, one at a time, after {@link WARMUP} untimed ones. */
const SAMPLES = 100;
const WARMUP = 5;
/** The scan interval when notifications are off: the only way the orchestrator learns of work. */
const SCAN_ONLY_INTERVAL_MS = 200;
const P99_TARGET_MS = 100;
const THROUGHPUT_TICKETS = { "child-process": 16, "in-process": 40 } as const;
const CONCURRENCY = 4;
/** Bounds a stuck pipeline; a healthy run takes seconds to a minute or two. */
const SETTLE_TIMEOUT_MS = 600_000;

/**
 * The Orchestrator in process on real parts (a temp git repository, the file ticket store, git
 * worktrees): how long a queued ticket waits to be accepted, with the store's change
 * notifications and with the periodic scan alone, and how many tickets go through the whole
 * pipeline per minute.
 */
export async function orchestratorBench(bench: BenchContext): Promise<void> {
  const watched = await queuedToAccepted(bench, { notifications: true, reconcileIntervalMs: 60_000 });
  const scanned = await queuedToAccepted(bench, {
    notifications: false,
    reconcileIntervalMs: SCAN_ONLY_INTERVAL_MS,
  });
  bench.metric("queued_to_accepted_p50_ms", round(percentile(watched, 50)), "ms");
  bench.metric("queued_to_accepted_p99_ms", round(percentile(watched, 99)), "ms");
  bench.target("queued_to_accepted_p99", percentile(watched, 99) <= P99_TARGET_MS);
  bench.metric("queued_to_accepted_watch_off_p50_ms", round(percentile(scanned, 50)), "ms");
  bench.metric("queued_to_accepted_watch_off_p99_ms", round(percentile(scanned, 99)), "ms");
  bench.metric("watch_off_over_on", round(median(scanned) / Math.max(1, median(watched))), "ratio");

  bench.metric("tickets_per_minute", await ticketsPerMinute(bench, "child-process"), "count");
  bench.metric("tickets_per_minute_in_process_pods", await ticketsPerMinute(bench, "in-process"), "count");
}

/**
 * Milliseconds from the `queued` event to the `acceptance` event (both stamped by the store),
 * one ticket at a time: each is queued 100–300 ms after the previous one's pipeline finished, so
 * every sample meets an idle orchestrator. Pods are in-process functions: only the wake-up is timed.
 */
async function queuedToAccepted(
  bench: BenchContext,
  wake: Pick<OrchestratorRigOptions, "notifications" | "reconcileIntervalMs">,
): Promise<number[]> {
  const rig = await createOrchestratorRig({ pods: "in-process", concurrency: 1, ...wake });
  try {
    const ticketIds = await rig.createReady(WARMUP + SAMPLES);
    const mode = wake.notifications
      ? "file-watch notifications"
      : `a scan every ${wake.reconcileIntervalMs} ms`;
    bench.note(`queued → accepted: ${SAMPLES} tickets one at a time, woken by ${mode}…`);
    const samples: number[] = [];
    for (const [index, ticketId] of ticketIds.entries()) {
      // Let the scan that the previous completion triggered finish, and spread the queueing
      // over the scan timer's phase: otherwise that scan, not the wake-up under test, finds the ticket.
      await new Promise((resolve) => setTimeout(resolve, 100 + ((index * 37) % 200)));
      const [outcome] = await settle(rig, [ticketId]);
      if (outcome !== "done")
        throw new Error(`${ticketId} ended '${outcome}':\n${await rig.report([ticketId])}`);
      if (index < WARMUP) continue;
      const events = await rig.history(ticketId);
      const queued = events.find((event) => event.to === "queued")?.at;
      const accepted = events.find((event) => event.kind === "acceptance")?.at;
      if (queued === undefined || accepted === undefined)
        throw new Error(`${ticketId}: no queue or acceptance event`);
      samples.push(Date.parse(accepted) - Date.parse(queued));
    }
    return samples;
  } finally {
    await rig.dispose();
  }
}

/**
 * Tickets per minute through the whole pipeline (accept, worktree, coder, reviewer, complete) at
 * concurrency {@link CONCURRENCY}, from the first `queued` event to the last `done` one. With
 * `child-process` Pods the reviewer is a `podkit call` process, which dominates on a small machine.
 */
async function ticketsPerMinute(bench: BenchContext, pods: OrchestratorRigOptions["pods"]): Promise<number> {
  const rig = await createOrchestratorRig({
    pods,
    concurrency: CONCURRENCY,
    notifications: true,
    reconcileIntervalMs: 1_000,
  });
  try {
    const count = THROUGHPUT_TICKETS[pods];
    const ticketIds = await rig.createReady(count);
    bench.note(`throughput: ${count} tickets queued at once, ${pods} Pods, concurrency ${CONCURRENCY}…`);
    const outcomes = await settle(rig, ticketIds);
    const failed = ticketIds.filter((_, index) => outcomes[index] !== "done");
    if (failed.length > 0) {
      const ends = failed.map((ticketId) => `${ticketId} ${outcomes[ticketIds.indexOf(ticketId)]}`);
      throw new Error(
        `${failed.length} of ${count} tickets did not end 'done' (${ends.join(", ")}):\n${await rig.report(failed)}`,
      );
    }
    const histories = await Promise.all(ticketIds.map((ticketId) => rig.history(ticketId)));
    const times = (to: string) =>
      histories
        .map((events) => Date.parse(events.find((event) => event.to === to)?.at ?? ""))
        .filter(Number.isFinite);
    const spanMs = Math.max(...times("done")) - Math.min(...times("queued"));
    return round((count * 60_000) / spanMs);
  } finally {
    await rig.dispose();
  }
}

/**
 * Queues the tickets and resolves with how each pipeline ended, in order; a ticket that has not
 * ended after {@link SETTLE_TIMEOUT_MS} fails the benchmark with where every unended one stands.
 */
async function settle(rig: OrchestratorRig, ticketIds: readonly string[]): Promise<string[]> {
  const outcomes: (string | undefined)[] = ticketIds.map(() => undefined);
  const all = Promise.all(
    ticketIds.map((ticketId, index) =>
      rig.run(ticketId).then((outcome) => {
        outcomes[index] = outcome;
        return outcome;
      }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), SETTLE_TIMEOUT_MS);
  });
  const result = await Promise.race([all, timeout]);
  clearTimeout(timer);
  if (result !== "timeout") return result;
  const unended = ticketIds.filter((_, index) => outcomes[index] === undefined);
  const message = `${unended.length} of ${ticketIds.length} tickets had not ended after ${SETTLE_TIMEOUT_MS} ms:\n${await rig.report(unended)}`;
  // Said at once: disposing of the rig waits for the stuck pipelines, perhaps for ever.
  process.stderr.write(`${message}\n`);
  throw new Error(message);
}

/** Nearest-rank percentile of a non-empty list. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function round(value: number): number {
  return Number(value.toFixed(1));
}
