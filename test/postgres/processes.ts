import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: child processes run here so `tsx` finds the tsconfig and the source condition resolves. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** A child process with its output collected and its end as a promise. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Starts `node --conditions=@podkit/source --import tsx <script> <json>` from the repository root. */
export function startTsxWorker(script: string, options: unknown): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=@podkit/source", "--import", "tsx", script, JSON.stringify(options)],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves once `worker` has printed `line` on stdout; rejects if it exits first or takes too long. */
export async function waitForLine(worker: WorkerProcess, line: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void worker.exited.then(() => {
    done = true;
  });
  while (!worker.stdout().split("\n").includes(line)) {
    if (done) throw new Error(`worker exited before printing '${line}': ${worker.stderr()}`);
    if (Date.now() > deadline) throw new Error(`worker did not print '${line}' within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Releases workers waiting in {@link waitForGo}: one line on each one's standard input. */
export function go(workers: readonly WorkerProcess[]): void {
  for (const worker of workers) worker.child.stdin?.write("go\n");
}

/** The worker side: resolves when the test writes a line to standard input. */
export function waitForGo(): Promise<void> {
  return new Promise((resolve) => process.stdin.once("data", () => resolve()));
}

/** Complete lines of a log file (a line cut short by a kill is not a claim). */
export function readLogLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((line) => line !== "");
}
