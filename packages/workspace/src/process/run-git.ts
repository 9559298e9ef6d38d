import { spawn } from "node:child_process";
import { WorkspaceError } from "../workspace-error.js";
import { childEnvironment } from "./child-environment.js";

/** The longest a git command the tools run may take. */
export const GIT_TIMEOUT_MS = 60_000;
const STDERR_LIMIT = 16_384;

/**
 * Options every git command gets: paths printed verbatim, no colour, pathspecs taken literally
 * (a model's `*` is a file name, not a glob), and no file-system monitor hook started.
 */
const GLOBAL_ARGS = [
  "--literal-pathspecs",
  "-c",
  "core.quotePath=false",
  "-c",
  "color.ui=false",
  "-c",
  "core.fsmonitor=false",
];

export interface GitOptions {
  readonly cwd: string;
  /** Configuration for this command only, passed as `-c name=value`. */
  readonly config?: Readonly<Record<string, string>>;
  /** Stop reading (and end git) once stdout has this many bytes; the result says it was cut. */
  readonly maxStdoutBytes?: number;
  /** Sees each stdout chunk; returning true ends git early, e.g. once N matches were read. */
  readonly enough?: (chunk: Buffer) => boolean;
  readonly timeoutMs?: number;
}

/** What a git command printed and how it ended. */
export interface GitResult {
  /** The exit code; `null` when the tool ended git early because it had read enough. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** True when git was ended before it finished printing. */
  readonly cutShort: boolean;
}

/**
 * Runs git in the worktree without a shell and with the host's repository-redirecting variables
 * removed. Never rejects on an exit code; rejects with `git_failed` when git cannot start or
 * takes longer than the timeout.
 */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const config = Object.entries(options.config ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const child = spawn("git", [...GLOBAL_ARGS, ...config, ...args], {
    cwd: options.cwd,
    env: childEnvironment({ GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: Buffer[] = [];
  let stdoutBytes = 0;
  let stderr = "";
  let cutShort = false;
  const endEarly = (): void => {
    cutShort = true;
    child.stdout.destroy();
    child.kill("SIGTERM");
  };
  child.stdout.on("data", (chunk: Buffer) => {
    if (cutShort) return;
    chunks.push(chunk);
    stdoutBytes += chunk.length;
    if (options.maxStdoutBytes !== undefined && stdoutBytes >= options.maxStdoutBytes) endEarly();
    else if (options.enough?.(chunk)) endEarly();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk.toString("utf8");
  });
  return new Promise<GitResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new WorkspaceError(
          "git_failed",
          `git ${args[0] ?? ""} took longer than ${options.timeoutMs ?? GIT_TIMEOUT_MS} ms and was stopped.`,
        ),
      );
    }, options.timeoutMs ?? GIT_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new WorkspaceError("git_failed", `git could not be started: ${error.message}`, { cause: error }),
      );
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks);
      resolve({
        code: cutShort ? null : code,
        stdout: options.maxStdoutBytes === undefined ? stdout : stdout.subarray(0, options.maxStdoutBytes),
        stderr: stderr.slice(0, STDERR_LIMIT),
        cutShort,
      });
    });
  });
}

/** Runs git and returns its stdout as text, or refuses with git's own words when it fails. */
export async function gitText(args: readonly string[], options: GitOptions): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0 && !result.cutShort) throw gitFailure(args, result);
  return result.stdout.toString("utf8");
}

/** The refusal for a failed git command, with its exit code and stderr. */
export function gitFailure(args: readonly string[], result: GitResult): WorkspaceError {
  return new WorkspaceError(
    "git_failed",
    `git ${args[0] ?? ""} failed (exit ${String(result.code)}): ${result.stderr.trim() || "(no message)"}`,
  );
}
