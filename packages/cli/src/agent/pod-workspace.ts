import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { createWorkspaceFeature, WorkspaceError } from "@podkit/workspace";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import type { Identity } from "../session/resolve-identity.js";

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
  const fromEnv = options.env[POD_ENV.baseBranch];
  const baseRef =
    fromEnv !== undefined && fromEnv !== "" ? fromEnv : (config.orchestrator?.baseBranch ?? "main");
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

/** The Pod as a commit author: its agent id, at an address that can never be delivered. */
function podAuthor(agentId: string): { name: string; email: string } {
  const local = agentId.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "") || "podkit-agent";
  return { name: agentId, email: `${local}@podkit.invalid` };
}
