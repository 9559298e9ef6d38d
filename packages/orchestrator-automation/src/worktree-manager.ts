import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PodkitError } from "@podkit/core";
import { runCommand } from "./run-command.js";

/** Where one attempt's work happens: a worktree on a branch, both named from (ticket id, token). */
export interface Worktree {
  readonly path: string;
  readonly branch: string;
}

/** Creates and inspects per-attempt worktrees. The default is {@link GitWorktreeManager}. */
export interface WorktreeManager {
  /** The worktree an attempt would use; pure naming, nothing is touched. */
  planned(ticketId: string, token: number): Worktree;
  /** Creates the worktree from `baseBranch`; fails if it exists already (an attempt never reuses another's). */
  create(options: { ticketId: string; token: number; baseBranch: string }): Promise<Worktree>;
  /** Whether the attempt's worktree exists and is registered with git. */
  exists(ticketId: string, token: number): Promise<boolean>;
  /** Whether `branch` exists in the repository. */
  hasBranch(branch: string): Promise<boolean>;
}

const WORKTREE_ERROR = "podkit.worktree-error";
const worktreeErrorBrand = Symbol.for(WORKTREE_ERROR);

/** A failure creating or inspecting a worktree, with git's own words; code `worktree_failed`. */
export class WorktreeError extends PodkitError {
  protected readonly [worktreeErrorBrand] = true;
  declare readonly code: "worktree_failed";

  constructor(message: string, options?: { cause?: unknown }) {
    super("worktree_failed", message, options);
  }

  /** Whether `error` is a worktree failure, from any copy of `@podkit/orchestrator-automation`. */
  static override isInstance(error: unknown): error is WorktreeError {
    return PodkitError.hasBrand(error, WORKTREE_ERROR);
  }
}

/** Real git worktrees under `root` (default `.podkit/worktrees` in the repository). */
export class GitWorktreeManager implements WorktreeManager {
  readonly repository: string;
  readonly root: string;

  constructor(options: { repository: string; root?: string }) {
    this.repository = resolve(options.repository);
    this.root = resolve(this.repository, options.root ?? ".podkit/worktrees");
  }

  planned(ticketId: string, token: number): Worktree {
    const name = `${ticketId}-t${token}`;
    return { path: join(this.root, name), branch: `podkit/${name}` };
  }

  async create(options: { ticketId: string; token: number; baseBranch: string }): Promise<Worktree> {
    const worktree = this.planned(options.ticketId, options.token);
    if (existsSync(worktree.path)) {
      throw new WorktreeError(
        `Worktree path '${worktree.path}' exists already; an attempt never reuses another attempt's worktree.`,
      );
    }
    await mkdir(this.root, { recursive: true });
    const result = await runCommand(
      "git",
      ["worktree", "add", "-b", worktree.branch, worktree.path, options.baseBranch],
      {
        cwd: this.repository,
      },
    );
    if (result.code !== 0) {
      throw new WorktreeError(
        `git worktree add for '${worktree.branch}' failed (exit ${result.code}): ${result.stderr.trim()}`,
      );
    }
    return worktree;
  }

  async exists(ticketId: string, token: number): Promise<boolean> {
    const { path } = this.planned(ticketId, token);
    const result = await runCommand("git", ["worktree", "list", "--porcelain"], { cwd: this.repository });
    if (result.code !== 0) throw new WorktreeError(`git worktree list failed: ${result.stderr.trim()}`);
    return result.stdout.split("\n").some((line) => line === `worktree ${path}`);
  }

  async hasBranch(branch: string): Promise<boolean> {
    const result = await runCommand("git", ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], {
      cwd: this.repository,
    });
    return result.code === 0;
  }
}
