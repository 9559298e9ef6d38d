import { type RunningProcess, type StartOptions, startNodeProcess } from "./running-process.js";

/**
 * Starts `node --conditions=@podkit/source --import tsx <script> <json options>`: a worker run
 * from TypeScript source, in the repository root.
 */
export function startTsxWorker(script: string, options: unknown, start: StartOptions = {}): RunningProcess {
  return startNodeProcess(
    ["--conditions=@podkit/source", "--import", "tsx", script, JSON.stringify(options)],
    start,
  );
}

/** Starts `node <file> <json options>`: a worker bundled by {@link bundleWorker}, which starts fast. */
export function startNodeWorker(file: string, options: unknown, start: StartOptions = {}): RunningProcess {
  return startNodeProcess([file, JSON.stringify(options)], start);
}
