import { defineFeature, type FeatureGrant, type ToolNameOf } from "@podkit/core";
import type { WorktreeFilesOptions } from "./files/worktree-files.js";
import { openWorkspace } from "./open-workspace.js";
import { workspaceCommit } from "./tools/commit-tool.js";
import { workspaceDiff } from "./tools/diff-tool.js";
import { workspaceEdit } from "./tools/edit-tool.js";
import { workspaceList } from "./tools/list-tool.js";
import { workspaceRead } from "./tools/read-tool.js";
import { defineRunTool } from "./tools/run-tool.js";
import { workspaceSearch } from "./tools/search-tool.js";
import { workspaceWrite } from "./tools/write-tool.js";
import { WORKSPACE, type Workspace } from "./workspace.js";
import { resolveWorkspaceOptions, type WorkspaceOptions } from "./workspace-options.js";
import { WORKSPACE_ROLE_INSTRUCTIONS } from "./workspace-role-instructions.js";

/** The feature id of the workspace feature, as role grants and `requires` name it. */
export const WORKSPACE_FEATURE_ID = "workspace";

/** The authorities the workspace tools need: reading, changing files and committing, running commands. */
export type WorkspaceCapability = "read" | "write" | "exec";

/** Default grants: the coder reads, writes and runs; the reviewer reads; other roles get nothing. */
export const WORKSPACE_ROLE_GRANTS: Readonly<Record<string, FeatureGrant<WorkspaceCapability>>> = {
  coder: { capabilities: ["read", "write", "exec"] },
  reviewer: { capabilities: ["read"] },
};

/** Seams for tests; never part of the public options. */
export interface WorkspaceInternals {
  readonly files?: Omit<WorktreeFilesOptions, "realRoot">;
}

/**
 * The tools of one git worktree as a feature: list, read, search, write, edit, diff against the
 * ticket's base, run configured commands and commit. Install one per Pod, rooted at its worktree.
 * @throws WorkspaceError `invalid_options` for options it cannot use.
 */
export function createWorkspaceFeature(options: WorkspaceOptions) {
  return buildWorkspaceFeature(options, {});
}

/** {@link createWorkspaceFeature} with test seams. */
export function buildWorkspaceFeature(options: WorkspaceOptions, internals: WorkspaceInternals) {
  const resolved = resolveWorkspaceOptions(options);
  let workspace: Workspace | undefined;
  return defineFeature({
    id: WORKSPACE_FEATURE_ID,
    version: "0.1.0",
    description: "Files, search, diff, commits and configured commands of one git worktree, contained in it.",
    tools: [
      workspaceList,
      workspaceRead,
      workspaceSearch,
      workspaceDiff,
      workspaceWrite,
      workspaceEdit,
      workspaceCommit,
      defineRunTool(Object.keys(resolved.commands)),
    ],
    roles: WORKSPACE_ROLE_GRANTS,
    instructions: WORKSPACE_ROLE_INSTRUCTIONS,
    async setup(context) {
      const opened = await openWorkspace(resolved, internals.files);
      if ("unavailable" in opened) return opened;
      workspace = opened;
      context.container.register(WORKSPACE, { useValue: opened });
      return undefined;
    },
    dispose() {
      workspace?.dispose();
      workspace = undefined;
    },
  });
}

/** The feature `createWorkspaceFeature` builds. */
export type WorkspaceFeature = ReturnType<typeof createWorkspaceFeature>;

/** The names of the workspace tools, as a union of literals. */
export type WorkspaceToolName = ToolNameOf<WorkspaceFeature>;
