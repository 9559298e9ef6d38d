import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { childEnvironment } from "./child-environment.js";
import { OutputTail } from "./output-tail.js";

/** How long a timed-out or cancelled command gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2_000;

export interface RunProcessOptions {
  /** Program and arguments, run without a shell. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Characters of combined stdout and stderr kept, from the end. */
  readonly maxOutputChars: number;
  /** Ends the command (its whole process group) early. */
  readonly signal?: AbortSignal;
}

/** How a command ended, with the tail of what it printed. */
export interface RunOutcome {
  /** The exit code, or `null` when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly durationMs: number;
  /** Combined stdout and stderr in arrival order; the tail when it was longer than the limit. */
  readonly output: string;
  readonly outputChars: number;
  readonly truncated: boolean;
}

/**
 * Runs a command in its own process group, without a shell and with stdin closed. On timeout or
 * abort the whole group gets SIGTERM, then SIGKILL after a grace period; when the command exits,
 * anything it left running in its group is killed too, so no stray child holds the output open,
 * and output still held open by a process outside the group is waited for only a grace period.
 * Rejects only when the program cannot be started (e.g. `ENOENT`).
 */
export function runProcess(options: RunProcessOptions): Promise<RunOutcome> {
  const [program, ...args] = options.argv;
  if (program === undefined) return Promise.reject(new Error("runProcess needs a program to run."));
  const started = performance.now();
  const tail = new OutputTail(options.maxOutputChars);
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: childEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder("utf8");
    stream.on("data", (chunk: Buffer) => tail.append(decoder.write(chunk)));
    stream.on("end", () => tail.append(decoder.end()));
  }
  return new Promise<RunOutcome>((resolve, reject) => {
    let timedOut = false;
    let cancelled = false;
    let killer: NodeJS.Timeout | undefined;
    let drain: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const stop = (): void => {
      signalGroup(child.pid, "SIGTERM");
      killer ??= setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const cleanUp = (): void => {
      clearTimeout(timer);
      if (killer !== undefined) clearTimeout(killer);
      if (drain !== undefined) clearTimeout(drain);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.once("error", (error) => {
      cleanUp();
      reject(error);
    });
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      // Whatever the command left behind in its group would keep the pipes open forever.
      signalGroup(child.pid, "SIGKILL");
      // A process that left the group (setsid) escapes that kill: stop waiting for its output.
      drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, KILL_GRACE_MS);
    });
    child.once("close", (code, signal) => {
      cleanUp();
      const ended = exit ?? { code, signal };
      resolve({
        exitCode: ended.code,
        signal: ended.signal,
        timedOut,
        cancelled,
        durationMs: Math.round(performance.now() - started),
        output: tail.text,
        outputChars: tail.totalChars,
        truncated: tail.truncated,
      });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}
