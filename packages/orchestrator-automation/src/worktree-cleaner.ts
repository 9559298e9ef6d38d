import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { type CommandResult, runCommand } from "./run-command.js";
import { type Worktree, WorktreeError } from "./worktree-manager.js";

/** Tries of a `git worktree remove` that fails while another process's `git worktree add` is midway. */
const REMOVE_TRIES = 4;

/** What removing one attempt's worktree did. */
export interface RemovedAttempt {
  readonly worktreeRemoved: boolean;
  readonly branchDeleted: boolean;
  /** The worktree was kept because it holds changes no commit has (asked with `keepUncommitted`). */
  readonly keptUncommitted: boolean;
}

/**
 * Removes what an attempt left in the repository once its ticket is finished: the worktree
 * (`git worktree remove --force`, then `git worktree prune` for a directory already gone) and,
 * when asked, the branch — only if the base branch contains it, so unmerged work is never lost.
 * Each step is safe to repeat, so a crash midway leaves nothing the next run cannot finish.
 */
export class WorktreeCleaner {
  /** The repository whose worktrees and branches are removed, as an absolute path. */
  readonly repository: string;

  constructor(options: { readonly repository: string }) {
    this.repository = resolve(options.repository);
  }

  /**
   * Removes `worktree` and, with `deleteBranch`, its branch once `baseBranch` contains it; says
   * what it removed. With `keepUncommitted`, a worktree holding changes no commit has (modified,
   * staged or untracked files git does not ignore) is kept, and so is its branch.
   */
  async remove(
    worktree: Worktree,
    options: {
      readonly deleteBranch: boolean;
      readonly baseBranch: string;
      readonly keepUncommitted?: boolean;
    },
  ): Promise<RemovedAttempt> {
    let worktreeRemoved = false;
    if (existsSync(worktree.path)) {
      const registered = await this.#isRegistered(worktree.path);
      if (registered && options.keepUncommitted === true && (await this.hasUncommittedChanges(worktree.path)))
        return { worktreeRemoved: false, branchDeleted: false, keptUncommitted: true };
      if (registered)
        await this.#retrying(
          ["worktree", "remove", "--force", worktree.path],
          `removing worktree '${worktree.path}'`,
        );
      // A directory git no longer knows as a worktree: what a crash midway through a removal leaves.
      else rmSync(worktree.path, { recursive: true, force: true });
      worktreeRemoved = true;
    }
    await this.#retrying(["worktree", "prune"], "pruning worktree records");
    let branchDeleted = false;
    if (options.deleteBranch && (await this.isMerged(worktree.branch, options.baseBranch))) {
      const deleted = await this.#git(["branch", "-D", worktree.branch]);
      if (deleted.code !== 0 && (await this.#hasBranch(worktree.branch)))
        throw new WorktreeError(`git branch -D '${worktree.branch}' failed: ${deleted.stderr.trim()}`);
      branchDeleted = true;
    }
    return { worktreeRemoved, branchDeleted, keptUncommitted: false };
  }

  /** Whether the worktree at `path` has modified, staged or (not ignored) untracked files. */
  async hasUncommittedChanges(path: string): Promise<boolean> {
    const status = await runCommand("git", ["status", "--porcelain"], { cwd: path });
    if (status.code !== 0)
      throw new WorktreeError(
        `git status in '${path}' failed (exit ${status.code}): ${status.stderr.trim()}`,
      );
    return status.stdout.trim() !== "";
  }

  /** Whether `branch` exists and `baseBranch` contains its tip. */
  async isMerged(branch: string, baseBranch: string): Promise<boolean> {
    if (!(await this.#hasBranch(branch))) return false;
    const result = await this.#git([
      "merge-base",
      "--is-ancestor",
      `refs/heads/${branch}`,
      `refs/heads/${baseBranch}`,
    ]);
    return result.code === 0;
  }

  async #isRegistered(path: string): Promise<boolean> {
    const listed = await this.#git(["worktree", "list", "--porcelain"]);
    return listed.stdout.split("\n").includes(`worktree ${path}`);
  }

  async #hasBranch(branch: string): Promise<boolean> {
    return (await this.#git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])).code === 0;
  }

  async #retrying(args: readonly string[], what: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.#git(args);
      if (result.code === 0) return;
      if (attempt >= REMOVE_TRIES)
        throw new WorktreeError(
          `${what} failed (exit ${result.code}, ${attempt} tries): ${result.stderr.trim()}`,
        );
      await new Promise((done) => setTimeout(done, 50 * 2 ** (attempt - 1)));
    }
  }

  #git(args: readonly string[]): Promise<CommandResult> {
    return runCommand("git", args, { cwd: this.repository });
  }
}
