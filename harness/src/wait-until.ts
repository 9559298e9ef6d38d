import fs from "node:fs";
import { describeOutput, isRunning, type RunningProcess } from "./running-process.js";

/** Something that tells a wait to look again: subscribe a callback, get back the unsubscribe. */
export type WakeSource = (wake: () => void) => () => void;

export interface WaitOptions {
  /** Bounds a hang on a slow machine; nothing here asserts speed (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Events after which the condition may hold: the check runs again on each (coalesced). */
  readonly wakeOn?: readonly WakeSource[];
  /**
   * Looks again at least this often even without an event (default 1 s): for conditions that
   * change with time alone, such as a lease expiring, and as a backstop for a missed event.
   */
  readonly backstopMs?: number;
  /** Processes that must keep running: the wait fails at once, with their output, if one exits. Their output wakes it. */
  readonly while?: readonly RunningProcess[];
  /** What a failure message adds, e.g. the state and last history events of every ticket waited for. */
  readonly explain?: () => string | Promise<string>;
}

/** Checks are at least this far apart however many events arrive: a check may read many tickets. */
const MIN_CHECK_GAP_MS = 25;

/**
 * Resolves with the first value of `check` other than undefined, looking again whenever one of
 * the wake sources fires. Gives up with `what`, the explanation and the processes' output after
 * `timeoutMs`, or as soon as one of the `while` processes exits.
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 300_000, backstopMs = 1_000 } = options;
  const processes = options.while ?? [];
  const deadline = Date.now() + timeoutMs;
  let woken = false;
  let signal: (() => void) | undefined;
  const wake = () => {
    woken = true;
    signal?.();
  };
  const unsubscribes = [
    ...(options.wakeOn ?? []).map((source) => source(wake)),
    ...processes.map((run) => run.onOutput(wake)),
  ];
  const fail = async (reason: string): Promise<never> => {
    const explanation = options.explain === undefined ? "" : await explainSafely(options.explain);
    throw new Error(
      [`${reason} while waiting for ${what}`, explanation, ...processes.map(describeOutput)]
        .filter((part) => part !== "")
        .join("\n"),
    );
  };
  try {
    for (;;) {
      woken = false;
      const checkedAt = Date.now();
      const value = await check();
      if (value !== undefined) return value;
      const ended = processes.find((run) => !isRunning(run));
      if (ended !== undefined) return await fail(`process ${ended.pid} exited`);
      const left = deadline - Date.now();
      if (left <= 0) return await fail(`gave up after ${timeoutMs} ms`);
      if (!woken) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          signal = resolve;
          timer = setTimeout(resolve, Math.min(backstopMs, left));
        });
        clearTimeout(timer);
        signal = undefined;
      }
      const gap = MIN_CHECK_GAP_MS - (Date.now() - checkedAt);
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}

/** Wakes a wait on every chunk of a process's output and at its exit (without requiring it to keep running). */
export function processOutput(run: RunningProcess): WakeSource {
  return (wake) => run.onOutput(wake);
}

/** Wakes a wait when anything in `directory` changes (a log appended to, a file created). */
export function fileChanges(directory: string): WakeSource {
  return (wake) => {
    const watcher = fs.watch(directory, () => wake());
    watcher.on("error", () => {}); // The directory went away: the backstop still looks.
    return () => watcher.close();
  };
}

async function explainSafely(explain: () => string | Promise<string>): Promise<string> {
  try {
    return await explain();
  } catch (error) {
    return `(could not explain: ${(error as Error).message})`;
  }
}
