import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { REPO_ROOT } from "./repository-root.js";

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child Node process with its output collected and its end as a promise. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  stdout(): string;
  stderr(): string;
  /** Calls `listener` on every chunk of output and at the exit; returns the unsubscribe function. */
  onOutput(listener: () => void): () => void;
}

export interface StartOptions {
  /** The whole environment of the child; the test runner's own by default (see {@link cleanEnvironment}). */
  readonly env?: NodeJS.ProcessEnv;
  /** `pipe` lets the test write to its standard input (the start signal); `ignore` by default. */
  readonly stdin?: "pipe" | "ignore";
  /** The working directory; the repository root by default. */
  readonly cwd?: string;
}

/** Starts `node args…` with its stdout and stderr collected. */
export function startNodeProcess(args: readonly string[], options: StartOptions = {}): RunningProcess {
  const child = spawn(process.execPath, [...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    notify();
  });
  // `close`, not `exit`: by then every byte of output has been read.
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on("close", (code, signal) => {
      resolve({ code, signal });
      notify();
    });
  });
  return {
    child,
    pid: child.pid as number,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The test runner's environment without its `PODKIT_*` and `CRASH_*` variables, plus `extra`:
 * a child configured only by what the test passes it.
 */
export function cleanEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_") && !name.startsWith("CRASH_")) env[name] = value;
  return { ...env, ...extra };
}

/** Whether the process has not exited yet. */
export function isRunning(run: RunningProcess): boolean {
  return run.child.exitCode === null && run.child.signalCode === null;
}

/** Sends SIGTERM and waits for the exit; a process that already ended is left alone. */
export async function stopProcess(run: RunningProcess): Promise<ProcessExit> {
  if (isRunning(run)) run.child.kill("SIGTERM");
  return run.exited;
}

/** Kills a process the test started if it still runs (cleanup after a failure). */
export function killProcess(run: RunningProcess | undefined): void {
  if (run !== undefined && isRunning(run)) run.child.kill("SIGKILL");
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

/** Everything a process printed, for a failure message. */
export function describeOutput(run: RunningProcess): string {
  const status = isRunning(run) ? "running" : `exited (${run.child.exitCode ?? run.child.signalCode})`;
  return `process ${run.pid} ${status}\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`;
}

/** The process's exit, or an error with its output if it still runs after `timeoutMs` (a hang, not slowness). */
export async function exitWithin(run: RunningProcess, timeoutMs: number): Promise<ProcessExit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms: ${describeOutput(run)}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `run` has printed `line` as a whole line on stdout; rejects if it exits first or
 * has not after `timeoutMs` (which bounds a hang only).
 */
export function waitForLine(run: RunningProcess, line: string, timeoutMs = 120_000): Promise<void> {
  const printed = () => run.stdout().split("\n").slice(0, -1).includes(line);
  if (printed()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      unsubscribe();
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = setTimeout(
      () => finish(new Error(`no line '${line}' after ${timeoutMs} ms: ${describeOutput(run)}`)),
      timeoutMs,
    );
    const unsubscribe = run.onOutput(() => {
      if (printed()) finish();
    });
    // Resolved once all output is read: a line printed just before the exit still counts.
    void run.exited.then(() => {
      if (printed()) finish();
      else finish(new Error(`exited before printing '${line}': ${describeOutput(run)}`));
    });
  });
}
