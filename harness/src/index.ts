export { ACCEPT_WORKER, type AcceptWorkerOptions, type AcceptWorkerStore } from "./accept-worker-options.js";
export { bundleWorker } from "./bundle-worker.js";
export { readLogLines } from "./log-lines.js";
export { NaiveTicketBackend } from "./naive-ticket-backend.js";
export { PODKIT_BIN, REPO_ROOT } from "./repository-root.js";
export {
  cleanEnvironment,
  describeOutput,
  exitWithin,
  isRunning,
  isStopped,
  killProcess,
  type ProcessExit,
  type RunningProcess,
  type StartOptions,
  startNodeProcess,
  stopProcess,
  waitForLine,
} from "./running-process.js";
export { startTogether } from "./start-signal.js";
export {
  type ReportedEvent,
  type ReportedTicket,
  reportTicket,
  reportTickets,
} from "./ticket-history-report.js";
export { type FileSpan, readTraceFile, traceToFileEnvironment } from "./trace-file.js";
export { fileChanges, processOutput, type WaitOptions, type WakeSource, waitUntil } from "./wait-until.js";
export { startNodeWorker, startTsxWorker } from "./worker-process.js";
