import { join } from "node:path";
import { brandGuard, PodkitError } from "@podkit/core";

/** What to run for one Pod: a role's command, in a worktree, for one (ticket, token, attempt). */
export interface PodSpec {
  /** `<ticketId>-t<token>-<role>-<attempt>`: unique per launch, never reused. */
  readonly podId: string;
  readonly role: string;
  readonly cwd: string;
  /** argv; the first element is the executable (no shell). */
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Where the Pod's files live (see {@link podFiles}). */
  readonly runDir: string;
  readonly timeoutMs: number;
}

/**
 * The files of one Pod: its launch marker, pid, exit status and output log, and while it runs its
 * prompt and MCP configuration (mode 0600, removed when it ends).
 */
export interface PodFiles {
  /** Created exclusively before the spawn: a podId is launched at most once, across processes and restarts. */
  readonly marker: string;
  readonly pid: string;
  readonly status: string;
  readonly log: string;
  /** The task prompt, as `PODKIT_PROMPT_FILE`. */
  readonly prompt: string;
  /** The MCP configuration, as `PODKIT_MCP_CONFIG`. */
  readonly mcpConfig: string;
}

/** The file names of a Pod under `runDir`. */
export function podFiles(runDir: string, podId: string): PodFiles {
  const base = join(runDir, podId);
  return {
    marker: `${base}.launched`,
    pid: `${base}.pid`,
    status: `${base}.status`,
    log: `${base}.log`,
    prompt: `${base}.prompt.md`,
    mcpConfig: `${base}.mcp.json`,
  };
}

/** How a Pod ended. `lost`: it is gone and left no status (never started, or killed with its wrapper). */
export interface PodExit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly lost: boolean;
}

/** A running (or finished) Pod. */
export interface PodHandle {
  readonly podId: string;
  readonly pid: number | undefined;
  readonly exited: Promise<PodExit>;
  /** Stops the Pod's whole process group: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<PodExit>;
}

/** A Pod id was launched before; launching it again would start duplicate work. Code `pod_already_launched`. */
export class PodAlreadyLaunchedError extends PodkitError<"pod_already_launched"> {
  static override readonly isInstance = brandGuard<PodAlreadyLaunchedError>(
    "podkit.pod-already-launched-error",
  );

  constructor(message: string, options?: { cause?: unknown }) {
    super("pod_already_launched", message, options);
  }
}

/** How an attached Pod is watched. */
export interface AttachOptions {
  /** The Pod's timeout, counted from its launch (as {@link PodSpec.timeoutMs}). */
  readonly timeoutMs: number;
}

/** Starts Pods and re-attaches to Pods that an earlier orchestrator process started. */
export interface PodLauncher {
  /** @throws PodAlreadyLaunchedError when the Pod's launch marker exists. */
  launch(spec: PodSpec): Promise<PodHandle>;
  /** Whether `podId` was ever launched (its marker exists). */
  wasLaunched(runDir: string, podId: string): boolean;
  /**
   * Watches a Pod launched earlier, maybe by a process that died, through its pid and status
   * files; stops it once `timeoutMs` has passed since its launch (its exit then says `timedOut`).
   */
  attach(runDir: string, podId: string, options: AttachOptions): PodHandle;
}
