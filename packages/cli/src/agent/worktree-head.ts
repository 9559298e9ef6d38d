import { execFile } from "node:child_process";

/** Where a worktree stands: its HEAD commit and branch, each undefined when git cannot say. */
export interface WorktreeHead {
  readonly commit: string | undefined;
  readonly branch: string | undefined;
}

/** Reads the HEAD commit and current branch of the worktree at `cwd` with git. */
export async function readWorktreeHead(cwd: string): Promise<WorktreeHead> {
  const [commit, branch] = await Promise.all([
    git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD"]),
    git(cwd, ["branch", "--show-current"]),
  ]);
  return { commit, branch: branch === "" ? undefined : branch };
}

function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  // GIT_DIR, GIT_WORK_TREE and the like would point git elsewhere than the Pod's worktree.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_")));
  return new Promise((resolve) => {
    execFile("git", [...args], { cwd, env, encoding: "utf8" }, (error, stdout) =>
      resolve(error === null ? stdout.trim() : undefined),
    );
  });
}
