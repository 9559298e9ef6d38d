/**
 * The orchestrator: accepts queued tickets through an orchestrator-role toolset, creates git
 * worktrees, runs coder and reviewer Pods, renews leases, and records every step and failure under
 * the ticket so a restart resumes where it stopped.
 *
 * @module @podkit/orchestrator-automation
 */

/** Pod ids (`<ticketId>-t<token>-<role>-<attempt>`) live in `@podkit/ticket-lifecycle`; re-exported for existing importers. */
export { type ParsedPodId, parsePodId, podIdFor } from "@podkit/ticket-lifecycle";
export { type AgentLock, AgentLockedError, acquireAgentLock } from "./agent-lock.js";
export { type AttemptOnDisk, listAttemptsOnDisk } from "./attempts-on-disk.js";
export {
  BranchMerger,
  type BranchMergerOptions,
  type MergeRequest,
  type MergeResult,
} from "./branch-merger.js";
export { ChildProcessPodLauncher, isAlive } from "./child-process-pod-launcher.js";
export { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
export { MergeError, type MergeFailure } from "./merge-error.js";
export { MERGE_LOCK, type Merger } from "./merge-step.js";
export { Orchestrator, type OrchestratorOptions } from "./orchestrator.js";
export type { PipelineStep } from "./orchestrator-events.js";
export {
  DEFAULT_ORCHESTRATOR_POLICY,
  type OrchestratorPolicy,
  type PodCommand,
} from "./orchestrator-policy.js";
export { PIPELINE_SPANS } from "./pipeline-spans.js";
export {
  describeTemplateProblem,
  expandPodCommand,
  POD_COMMAND_PLACEHOLDERS,
  type PodCommandPlaceholder,
  PodCommandTemplateError,
  type PodCommandValues,
  unknownPlaceholders,
} from "./pod-command-template.js";
export { isPodkitVariable, POD_ENV, type PodIdentity, podEnvironment } from "./pod-environment.js";
export {
  type AttachOptions,
  PodAlreadyLaunchedError,
  type PodExit,
  type PodFiles,
  type PodHandle,
  type PodLauncher,
  type PodSpec,
  podFiles,
} from "./pod-launcher.js";
export {
  type MintedPodCredential,
  POD_CREDENTIAL_SLACK_MS,
  type PodCredentialRequest,
  type PodSetup,
} from "./pod-setup.js";
export {
  POD_TASK_ENTRY_CHARS,
  POD_TASK_THREAD_ENTRIES,
  type PodTaskInput,
  renderPodPrompt,
  renderPodTask,
  reviewToAnswer,
} from "./pod-task.js";
export {
  formatUsageReport,
  type PodUsageReport,
  PodUsageReportSchema,
  parseUsageReport,
} from "./pod-usage-report.js";
export {
  POD_FILE_MODE,
  type PodToPrepare,
  type PreparedPod,
  preparePod,
  removePodSessionFiles,
} from "./prepare-pod.js";
export {
  type EventView,
  type LeaseView,
  type SweptLeaseView,
  TicketClient,
  type TicketDetailView,
  type TicketSummaryView,
} from "./ticket-client.js";
export { type RemovedAttempt, WorktreeCleaner } from "./worktree-cleaner.js";
export {
  GitWorktreeManager,
  type Worktree,
  WorktreeError,
  type WorktreeManager,
} from "./worktree-manager.js";
