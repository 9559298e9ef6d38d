import { realpath, stat } from "node:fs/promises";
import { type FeatureUnavailable, unavailable } from "@podkit/core";
import type { WorktreeFilesOptions } from "./files/worktree-files.js";
import { runGit } from "./process/run-git.js";
import { Workspace } from "./workspace.js";
import type { ResolvedWorkspaceOptions } from "./workspace-options.js";

/**
 * Opens the workspace, or says why it cannot be used: the root must exist, be the top level of
 * a git worktree or repository, and the base ref must name a commit there.
 */
export async function openWorkspace(
  options: ResolvedWorkspaceOptions,
  files: Omit<WorktreeFilesOptions, "realRoot"> = {},
): Promise<Workspace | FeatureUnavailable> {
  const { root, baseRef } = options;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    return unavailable(`the workspace root '${root}' cannot be opened: ${(error as Error).message}`);
  }
  if (!(await stat(realRoot)).isDirectory()) {
    return unavailable(`the workspace root '${root}' is not a directory`);
  }
  let topLevel: Awaited<ReturnType<typeof runGit>>;
  try {
    topLevel = await runGit(["rev-parse", "--show-toplevel"], { cwd: realRoot });
  } catch (error) {
    return unavailable(`git cannot be run: ${(error as Error).message}`);
  }
  if (topLevel.code !== 0) {
    return unavailable(
      `the workspace root '${root}' is not inside a git worktree or repository: ${topLevel.stderr.trim()}`,
    );
  }
  const top = await realpath(topLevel.stdout.toString("utf8").trim());
  if (top !== realRoot) {
    return unavailable(
      `the workspace root '${root}' is a subdirectory of the git worktree '${top}'; give the worktree's top-level directory`,
    );
  }
  const base = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${baseRef}^{commit}`], {
    cwd: realRoot,
  });
  if (base.code !== 0) {
    return unavailable(`the base ref '${baseRef}' does not name a commit in the repository of '${root}'`);
  }
  return new Workspace({ realRoot, resolved: options, files });
}
