import { type ChildProcess, spawn } from "node:child_process";
import { PODKIT_BIN, SCENARIO_TIMEOUT_MS } from "./agent-repository.js";

/** A `podkit` child process with its output collected and its end as a promise. */
export interface PodkitProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Starts `podkit args…` in `cwd` with a clean environment (no PODKIT_* of the test runner) plus `env`. */
export function startPodkit(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): PodkitProcess {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  const child = spawn(process.execPath, [PODKIT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `podkit args…` to its end. */
export async function runPodkit(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> {
  const run = startPodkit(args, options);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Kills a process a test started if it still runs (clean-up after a failure). */
export function killPodkit(run: PodkitProcess | undefined): void {
  if (run !== undefined && run.child.exitCode === null && run.child.signalCode === null)
    run.child.kill("SIGKILL");
}

/** Polls `check` until it returns something other than undefined; the ceiling only bounds a hang. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = SCENARIO_TIMEOUT_MS / 2,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
