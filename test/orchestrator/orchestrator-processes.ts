import {
  cleanEnvironment,
  PODKIT_BIN,
  type ProcessExit,
  type RunningProcess,
  startNodeProcess,
} from "@podkit/harness";

const FIXTURE = "test/orchestrator/fixtures/orchestrator-process.ts";

/** Where a crashing orchestrator kills itself: see `fixtures/orchestrator-process.ts`. */
export interface CrashPoint {
  /**
   * A pipeline step, `branch-created` (between the two git steps of worktree creation) or
   * `base-moved` (between the two git steps of a merge).
   */
  readonly step: string;
  readonly ticketId?: string;
  readonly occurrence?: number;
  readonly marker: string;
  /** SIGKILL by default; SIGSTOP pauses the process at the step instead. */
  readonly signal?: "SIGKILL" | "SIGSTOP";
}

export interface OrchestratorProcessOptions {
  readonly configFile: string;
  readonly agent: string;
  readonly concurrency?: number;
  readonly once?: boolean;
  /** `cli`: the real `podkit orchestrate`; `fixture`: the same Orchestrator with a crash point. */
  readonly via?: "cli" | "fixture";
  readonly crash?: CrashPoint;
}

/** Starts an orchestrator process in the repository root; it and its Pods get a clean environment. */
export function startOrchestrator(options: OrchestratorProcessOptions): RunningProcess {
  const flags = [
    "--config",
    options.configFile,
    "--agent",
    options.agent,
    ...(options.concurrency === undefined ? [] : ["--concurrency", String(options.concurrency)]),
    ...(options.once ? ["--once"] : []),
  ];
  const args =
    options.via === "fixture" || options.crash !== undefined
      ? ["--conditions=@podkit/source", "--import", "tsx", FIXTURE, ...flags]
      : [PODKIT_BIN, "orchestrate", ...flags];
  const crash = options.crash;
  return startNodeProcess(args, {
    env: cleanEnvironment(
      crash === undefined
        ? {}
        : {
            CRASH_AT: crash.step,
            CRASH_MARKER: crash.marker,
            ...(crash.ticketId === undefined ? {} : { CRASH_TICKET: crash.ticketId }),
            ...(crash.occurrence === undefined ? {} : { CRASH_OCCURRENCE: String(crash.occurrence) }),
            ...(crash.signal === undefined ? {} : { CRASH_SIGNAL: crash.signal }),
          },
    ),
  });
}

/** Runs `podkit args…` to the end, as a separate process in a clean environment. */
export async function runPodkit(args: readonly string[]): Promise<ProcessExit & { stdout: string }> {
  const run = startNodeProcess([PODKIT_BIN, ...args], { env: cleanEnvironment() });
  const exit = await run.exited;
  return { ...exit, stdout: run.stdout() };
}

/** Lines the process logged at error level (its stderr is JSON lines from the logger). */
export function loggedErrors(run: RunningProcess): string[] {
  return run
    .stderr()
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith('{"level":"info"'));
}
