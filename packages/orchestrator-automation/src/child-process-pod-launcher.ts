import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { isPodkitVariable } from "./pod-environment.js";
import {
  type AttachOptions,
  PodAlreadyLaunchedError,
  type PodExit,
  type PodFiles,
  type PodHandle,
  type PodLauncher,
  type PodSpec,
  podFiles,
} from "./pod-launcher.js";

const GRACE_MS = 2_000;
const POLL_MS = 100;
/** How long a launched Pod may take to write its pid file before a watcher calls it lost. */
const PID_WAIT_MS = 5_000;

// The wrapper writes its pid first and its exit status last, each atomically, so a restarted
// orchestrator learns how a Pod ended although it is no longer the Pod's parent.
const WRAPPER = [
  'pid="$1"; status="$2"; shift 2',
  'printf "%s" "$$" > "$pid.tmp" && mv "$pid.tmp" "$pid"',
  '"$@"; code=$?',
  'printf "%s" "$code" > "$status.tmp" && mv "$status.tmp" "$status"',
  "exit $code",
].join("\n");

/** Pods as child processes in their own process group, output captured to a log file. */
export class ChildProcessPodLauncher implements PodLauncher {
  async launch(spec: PodSpec): Promise<PodHandle> {
    mkdirSync(spec.runDir, { recursive: true });
    const files = podFiles(spec.runDir, spec.podId);
    try {
      writeFileSync(files.marker, `${new Date().toISOString()} ${process.pid}\n`, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        throw new PodAlreadyLaunchedError(
          `Pod '${spec.podId}' was launched before (${files.marker}); a Pod id is never launched twice.`,
        );
      }
      throw error;
    }
    const log = openSync(files.log, "a");
    try {
      const child = spawn(
        "/bin/sh",
        ["-c", WRAPPER, "podkit-pod", files.pid, files.status, ...spec.command],
        {
          cwd: spec.cwd,
          env: { ...inheritedEnvironment(), ...spec.env },
          stdio: ["ignore", log, log],
          detached: true,
        },
      );
      const pid = await new Promise<number>((resolve, reject) => {
        child.once("spawn", () => resolve(child.pid as number));
        child.once("error", reject);
      });
      child.unref();
      const exited = new Promise<PodExit>((resolve) => {
        child.once("exit", (code, signal) => resolve({ code, signal, timedOut: false, lost: false }));
      });
      return supervise(spec.podId, pid, exited, spec.timeoutMs);
    } finally {
      closeSync(log);
    }
  }

  wasLaunched(runDir: string, podId: string): boolean {
    return existsSync(podFiles(runDir, podId).marker);
  }

  attach(runDir: string, podId: string, options: AttachOptions): PodHandle {
    const files = podFiles(runDir, podId);
    const pid = readNumber(files.pid);
    const started = Date.now();
    const exited = new Promise<PodExit>((resolve) => {
      const check = (): void => {
        const status = readNumber(files.status);
        if (status !== undefined) {
          resolve({ code: status, signal: null, timedOut: false, lost: false });
          return;
        }
        const currentPid = readNumber(files.pid);
        const gone = currentPid === undefined ? Date.now() - started > PID_WAIT_MS : !isAlive(currentPid);
        if (gone) {
          const late = readNumber(files.status);
          resolve({ code: late ?? null, signal: null, timedOut: false, lost: late === undefined });
          return;
        }
        setTimeout(check, POLL_MS).unref();
      };
      check();
    });
    // The timeout counts from the launch (the marker's time), not from this attach: a restart never extends it.
    const launchedAt = launchTime(files.marker) ?? started;
    return supervise(podId, pid, exited, Math.max(0, launchedAt + options.timeoutMs - started), files);
  }
}

function supervise(
  podId: string,
  pid: number | undefined,
  exited: Promise<PodExit>,
  timeoutMs: number | undefined,
  files?: PodFiles,
): PodHandle {
  let timedOut = false;
  const groupLeader = () => pid ?? (files ? readNumber(files.pid) : undefined);
  const stop = async (): Promise<PodExit> => {
    signalGroup(groupLeader(), "SIGTERM");
    const killer = setTimeout(() => signalGroup(groupLeader(), "SIGKILL"), GRACE_MS);
    killer.unref();
    const exit = await exited;
    clearTimeout(killer);
    return exit;
  };
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          void stop();
        }, timeoutMs);
  timer?.unref();
  const finished = exited.then((exit) => {
    if (timer !== undefined) clearTimeout(timer);
    return timedOut ? { ...exit, timedOut: true } : exit;
  });
  return {
    podId,
    pid,
    exited: finished,
    stop: async () => {
      await stop();
      return finished;
    },
  };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Whether a process with this pid is running (signal 0 checks without signalling). A zombie — ended,
 * not yet reaped, as an orphan stays where the container's pid 1 does not reap — counts as ended.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Whether Linux's /proc says the process has ended but is not reaped (elsewhere: false). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** When the Pod was launched, from its marker (`<ISO time> <orchestrator pid>`); undefined if unreadable. */
function launchTime(marker: string): number | undefined {
  if (!existsSync(marker)) return undefined;
  const time = Date.parse(readFileSync(marker, "utf8").split(" ")[0] ?? "");
  return Number.isNaN(time) ? undefined : time;
}

function readNumber(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const value = Number.parseInt(readFileSync(file, "utf8"), 10);
  return Number.isNaN(value) ? undefined : value;
}

/** This process's environment without its own `PODKIT_*` variables: a Pod gets only those of its spec. */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !isPodkitVariable(name)) env[name] = value;
  return env;
}
