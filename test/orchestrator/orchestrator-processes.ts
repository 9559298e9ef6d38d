import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { PODKIT_BIN, REPO_ROOT } from "./orchestrator-repository.js";

const FIXTURE = "test/orchestrator/fixtures/orchestrator-process.ts";

/** A child process with its output collected and its end as a promise. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stdout(): string;
  stderr(): string;
}

/** Where a crashing orchestrator kills itself: see `fixtures/orchestrator-process.ts`. */
export interface CrashPoint {
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

/** Starts an orchestrator process in the repository root; its Pods inherit a clean environment. */
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
  return startProcess(args, {
    ...(crash === undefined
      ? {}
      : {
          CRASH_AT: crash.step,
          CRASH_MARKER: crash.marker,
          ...(crash.ticketId === undefined ? {} : { CRASH_TICKET: crash.ticketId }),
          ...(crash.occurrence === undefined ? {} : { CRASH_OCCURRENCE: String(crash.occurrence) }),
          ...(crash.signal === undefined ? {} : { CRASH_SIGNAL: crash.signal }),
        }),
  });
}

/** Runs `podkit args…` to the end, as a separate process. */
export async function runPodkit(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  const run = startProcess([PODKIT_BIN, ...args], {});
  const exit = await run.exited;
  return { code: exit.code, stdout: run.stdout() };
}

function startProcess(args: readonly string[], extraEnv: Record<string, string>): RunningProcess {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_") && !name.startsWith("CRASH_")) env[name] = value;
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() }));
    },
  );
  return { child, pid: child.pid as number, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Sends SIGTERM and waits for the exit; a process that already ended is left alone. */
export async function stopProcess(
  run: RunningProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGTERM");
  return run.exited;
}

/** Kills a process this test started if it still runs (cleanup after a failure). */
export function killProcess(run: RunningProcess | undefined): void {
  if (run !== undefined && run.child.exitCode === null && run.child.signalCode === null)
    run.child.kill("SIGKILL");
}

/**
 * Polls `check` until it returns a value other than undefined. Timeouts only bound a hang on a
 * slow machine; nothing here asserts speed.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; while?: RunningProcess[] } = {},
): Promise<T> {
  const { timeoutMs = 120_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    for (const run of options.while ?? []) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        throw new Error(
          `waiting for ${what}: process ${run.pid} exited (${run.child.exitCode ?? run.child.signalCode})\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`,
        );
      }
    }
    if (Date.now() > deadline) {
      const outputs = (options.while ?? []).map(
        (run) => `process ${run.pid} stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`,
      );
      throw new Error([`gave up waiting for ${what} after ${timeoutMs} ms`, ...outputs].join("\n"));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The process's exit, or an error with its output if it still runs after `timeoutMs`. */
export async function exitWithin(
  run: RunningProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `process ${run.pid} still ran after ${timeoutMs} ms\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the process is stopped (SIGSTOP), from /proc. */
export function isStopped(run: RunningProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${run.pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("T");
  } catch {
    return false;
  }
}
