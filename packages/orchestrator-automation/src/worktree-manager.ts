import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { brandGuard, PodkitError } from "@podkit/core";
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
  /**
   * Creates the worktree from `baseCommit` (else `baseBranch`'s tip); fails if its path exists
   * already (an attempt never reuses another's). An attempt's branch left without its worktree
   * (a crash between the two steps) is reused when it points at exactly that base, else refused.
   */
  create(options: CreateWorktreeOptions): Promise<Worktree>;
  /** The commit `baseBranch` points at now, or undefined when it does not exist. */
  baseCommit(baseBranch: string): Promise<string | undefined>;
  /** Whether the attempt's worktree exists and is registered with git. */
  exists(ticketId: string, token: number): Promise<boolean>;
  /** Whether `branch` exists in the repository. */
  hasBranch(branch: string): Promise<boolean>;
}

/** What {@link WorktreeManager.create} needs: the attempt, and the base its branch starts at. */
export interface CreateWorktreeOptions {
  readonly ticketId: string;
  readonly token: number;
  readonly baseBranch: string;
  /** The base commit recorded with the attempt's worktree intent; `baseBranch`'s tip when absent. */
  readonly baseCommit?: string;
}

/** A failure creating or inspecting a worktree, with git's own words; code `worktree_failed`. */
export class WorktreeError extends PodkitError<"worktree_failed"> {
  static override readonly isInstance = brandGuard<WorktreeError>("podkit.worktree-error");

  constructor(message: string, options?: { cause?: unknown }) {
    super("worktree_failed", message, options);
  }
}

/** Options of {@link GitWorktreeManager}. */
export interface GitWorktreeManagerOptions {
  /** The git repository worktrees are created from. */
  readonly repository: string;
  /** Where worktrees go (default `.podkit/worktrees` in the repository). */
  readonly root?: string;
  /**
   * Called between the two git steps of {@link GitWorktreeManager.create}: the attempt's branch
   * exists, its worktree does not yet. The crash tests stop a process exactly here.
   */
  readonly onBranchCreated?: (
    attempt: { readonly ticketId: string; readonly token: number } & Worktree,
  ) => void;
}

/** Tries of a `git worktree` command that fails (see {@link GitWorktreeManager}); waits 50, 100, 200 ms between. */
const WORKTREE_COMMAND_TRIES = 4;
/** Worktree commands of this process, one at a time per repository (across every manager on it). */
const worktreeQueues = new Map<string, Promise<unknown>>();

/**
 * Real git worktrees under `root` (default `.podkit/worktrees` in the repository).
 *
 * `git worktree add` and `git worktree list` read every other worktree's administrative files,
 * and die ("failed to read …/commondir") on one that a concurrent `git worktree add` has not
 * finished writing. So this process runs its worktree commands one at a time per repository,
 * creates the branch first (`git branch`, which does not read them), and tries a failed
 * `git worktree` command again: another process (a second orchestrator on the same repository)
 * may have been midway through its own, and a failed `add` leaves nothing behind. A branch left
 * by a crash between the two steps is reused when it is still at the attempt's base.
 */
export class GitWorktreeManager implements WorktreeManager {
  /** The repository worktrees are created from, as an absolute path. */
  readonly repository: string;
  /** The directory the worktrees go in, as an absolute path. */
  readonly root: string;
  readonly #onBranchCreated: GitWorktreeManagerOptions["onBranchCreated"];

  constructor(options: GitWorktreeManagerOptions) {
    this.repository = resolve(options.repository);
    this.root = resolve(this.repository, options.root ?? ".podkit/worktrees");
    this.#onBranchCreated = options.onBranchCreated;
  }

  planned(ticketId: string, token: number): Worktree {
    const name = `${ticketId}-t${token}`;
    return { path: join(this.root, name), branch: `podkit/${name}` };
  }

  async create(options: CreateWorktreeOptions): Promise<Worktree> {
    const worktree = this.planned(options.ticketId, options.token);
    if (existsSync(worktree.path)) {
      throw new WorktreeError(
        `Worktree path '${worktree.path}' exists already; an attempt never reuses another attempt's worktree.`,
      );
    }
    return this.#oneAtATime(async () => {
      await mkdir(this.root, { recursive: true });
      const base = options.baseCommit ?? options.baseBranch;
      const start = await this.#commitOf(base);
      if (start === undefined)
        throw new WorktreeError(
          `Base '${base}' of branch '${worktree.branch}' is not a commit in the repository.`,
        );
      const existing = await this.#commitOf(`refs/heads/${worktree.branch}`);
      if (existing !== undefined && existing !== start) {
        throw new WorktreeError(
          `Branch '${worktree.branch}' exists already at ${existing}, not at this attempt's base ${start} ('${base}'); it is not reused.`,
        );
      }
      // An existing branch at the base is this attempt's own, left by a crash before its worktree was added.
      if (existing === undefined) {
        const branch = await runCommand("git", ["branch", worktree.branch, start], { cwd: this.repository });
        if (branch.code !== 0) {
          throw new WorktreeError(
            `git branch '${worktree.branch}' from '${base}' failed (exit ${branch.code}): ${branch.stderr.trim()}`,
          );
        }
      }
      this.#onBranchCreated?.({ ticketId: options.ticketId, token: options.token, ...worktree });
      await this.#worktreeCommand(["add", worktree.path, worktree.branch], `for '${worktree.branch}'`);
      return worktree;
    });
  }

  async exists(ticketId: string, token: number): Promise<boolean> {
    const { path } = this.planned(ticketId, token);
    const stdout = await this.#oneAtATime(() => this.#worktreeCommand(["list", "--porcelain"], ""));
    return stdout.split("\n").some((line) => line === `worktree ${path}`);
  }

  /** Runs `git worktree <args>`, again after a failure up to {@link WORKTREE_COMMAND_TRIES} tries; its stdout. */
  async #worktreeCommand(args: readonly string[], what: string): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const result = await runCommand("git", ["worktree", ...args], { cwd: this.repository });
      if (result.code === 0) return result.stdout;
      if (attempt >= WORKTREE_COMMAND_TRIES) {
        throw new WorktreeError(
          `git worktree ${args[0]}${what === "" ? "" : ` ${what}`} failed (exit ${result.code}, ${attempt} tries): ${result.stderr.trim()}`,
        );
      }
      await new Promise((done) => setTimeout(done, 50 * 2 ** (attempt - 1)));
    }
  }

  /** Runs `work` after every worktree command of this process on this repository before it. */
  #oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const previous = worktreeQueues.get(this.repository) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => {});
    worktreeQueues.set(this.repository, settled);
    // The last one out removes the queue, so a long-lived process keeps no entry per repository.
    void settled.then(() => {
      if (worktreeQueues.get(this.repository) === settled) worktreeQueues.delete(this.repository);
    });
    return run;
  }

  async baseCommit(baseBranch: string): Promise<string | undefined> {
    return this.#commitOf(baseBranch);
  }

  /** The commit `ref` names, or undefined when it names none. */
  async #commitOf(ref: string): Promise<string | undefined> {
    const result = await runCommand("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      cwd: this.repository,
    });
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  async hasBranch(branch: string): Promise<boolean> {
    const result = await runCommand("git", ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], {
      cwd: this.repository,
    });
    return result.code === 0;
  }
}
