import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
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

/**
 * Starts `node --conditions=@podkit/source --import tsx <script> <json>`: a worker run from source.
 * `stdin: "pipe"` lets the test signal it through its standard input.
 */
export function startTsxWorker(
  script: string,
  options: unknown,
  stdio: { readonly stdin?: "pipe" | "ignore" } = {},
): WorkerProcess {
  return startProcess(
    ["--conditions=@podkit/source", "--import", "tsx", script, JSON.stringify(options)],
    stdio.stdin ?? "ignore",
  );
}

/** Starts `node <file> <json>`: for a pre-bundled worker that must start fast. */
export function startNodeWorker(file: string, options: unknown): WorkerProcess {
  return startProcess([file, JSON.stringify(options)], "ignore");
}

/**
 * Bundles a TypeScript worker into one ES module with the esbuild that tsx ships, so hundreds of
 * processes can start in a fraction of the ~0.8 s each takes through the tsx loader.
 */
export async function bundleWorker(script: string, outputDirectory: string): Promise<string> {
  const require = createRequire(import.meta.url);
  // Not a dependency of the repository itself: reached through tsx, which depends on it.
  const esbuild = createRequire(require.resolve("tsx"))("esbuild") as {
    build(options: object): Promise<unknown>;
  };
  const outfile = path.join(outputDirectory, `${path.basename(script, ".ts")}.mjs`);
  await esbuild.build({
    entryPoints: [script],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    conditions: ["@podkit/source"],
    tsconfig: path.join(REPO_ROOT, "tsconfig.json"),
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
    logLevel: "error",
  });
  return outfile;
}

function startProcess(args: string[], stdin: "pipe" | "ignore"): WorkerProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: [stdin, "pipe", "pipe"] });
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

/** Resolves once `worker` has printed `line` as a whole line on stdout; rejects if it exits first or takes too long. */
export async function waitForLine(worker: WorkerProcess, line: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void worker.exited.then(() => {
    done = true;
  });
  while (!worker.stdout().split("\n").slice(0, -1).includes(line)) {
    if (done) throw new Error(`worker exited before printing '${line}': ${worker.stderr()}`);
    if (Date.now() > deadline) throw new Error(`worker did not print '${line}' within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A start line for processes: each worker announces itself with a file, the test opens the
 * barrier once all have, and they all start at once (within a poll interval).
 */
export async function openBarrierWhenReady(
  directory: string,
  workers: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fs.readdirSync(directory).filter((name) => name.startsWith("ready-")).length < workers) {
    if (Date.now() > deadline)
      throw new Error(`only some of ${workers} workers reached the barrier in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  fs.writeFileSync(path.join(directory, "go"), "");
}

/** The worker side of the barrier: announce, then wait for the start signal. */
export async function passBarrier(directory: string, worker: number): Promise<void> {
  fs.writeFileSync(path.join(directory, `ready-${worker}`), "");
  while (!fs.existsSync(path.join(directory, "go"))) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Complete lines of a log file (a line cut short by a kill is not a claim). */
export function readLogLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((line) => line !== "");
}
