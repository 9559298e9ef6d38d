import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { createWorkspaceFeature, WorkspaceError } from "@podkit/workspace";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import type { Identity } from "../session/resolve-identity.js";
import { readWorktreeHead } from "./worktree-head.js";

/**
 * The workspace feature of a Pod: rooted at its working directory (the worktree the orchestrator
 * made), diffing against the base branch it was launched from (`PODKIT_BASE_BRANCH`, else the
 * orchestrator's `baseBranch`, else `main`), running the commands `workspace.commands` names, and
 * committing as `workspace.author` or, by default, as the Pod itself.
 */
export function createPodWorkspace(options: {
  readonly config: PodkitConfig;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly identity: Pick<Identity, "agentId">;
}) {
  const { config, identity } = options;
  const baseRef = podBaseRef(config, options.env);
  try {
    return createWorkspaceFeature({
      root: options.cwd,
      baseRef,
      commands: config.workspace.commands,
      author: config.workspace.author ?? podAuthor(identity.agentId),
    });
  } catch (error) {
    if (!WorkspaceError.isInstance(error)) throw error;
    throw new CliError("invalid_config", `The Pod's workspace cannot be set up: ${error.message}`, {
      exitCode: EXIT.usage,
      cause: error,
    });
  }
}

/** The branch a Pod's work is compared with: `PODKIT_BASE_BRANCH`, else the orchestrator's `baseBranch`, else `main`. */
export function podBaseRef(config: PodkitConfig, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env[POD_ENV.baseBranch];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : (config.orchestrator?.baseBranch ?? "main");
}

/**
 * Refuses a working directory whose HEAD is the base branch itself — the main checkout, say — where
 * a coder's commits would land on that branch directly instead of on the ticket's own.
 */
export async function requireTicketBranch(cwd: string, baseRef: string): Promise<void> {
  const { branch } = await readWorktreeHead(cwd);
  if (branch !== baseRef) return;
  throw new CliError(
    "invalid_config",
    `The Pod cannot start in ${cwd}; nothing was started: its HEAD is '${baseRef}', the base branch the Pod's work is compared with, so its commits would land there directly. podkit agent runs in the ticket's git worktree, on the branch the orchestrator makes for each attempt ('podkit worktrees' lists them).`,
    { exitCode: EXIT.usage },
  );
}

/** The Pod as a commit author: its agent id, at an address that can never be delivered. */
function podAuthor(agentId: string): { name: string; email: string } {
  const local = agentId.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "") || "podkit-agent";
  return { name: agentId, email: `${local}@podkit.invalid` };
}
