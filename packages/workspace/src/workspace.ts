import { createToken } from "@podkit/core";
import { WorktreeFiles, type WorktreeFilesOptions } from "./files/worktree-files.js";
import { type GitOptions, type GitResult, gitText, runGit } from "./process/run-git.js";
import { type RunOutcome, runProcess } from "./process/run-process.js";
import type { ResolvedWorkspaceOptions, WorkspaceLimits } from "./workspace-options.js";

/** DI token for the open workspace, registered in the feature's container by `setup`. */
export const WORKSPACE = createToken<Workspace>("workspace.workspace");

/** One worktree the tools act on: its files, git, the configured commands and the limits. */
export class Workspace {
  /** The worktree's real top-level directory. */
  readonly root: string;
  readonly baseRef: string;
  readonly commands: Readonly<Record<string, readonly string[]>>;
  readonly limits: WorkspaceLimits;
  readonly author: ResolvedWorkspaceOptions["author"];
  readonly files: WorktreeFiles;
  #mutations: Promise<unknown> = Promise.resolve();
  readonly #running = new Set<AbortController>();

  constructor(options: {
    realRoot: string;
    resolved: ResolvedWorkspaceOptions;
    files?: Omit<WorktreeFilesOptions, "realRoot">;
  }) {
    this.root = options.realRoot;
    this.baseRef = options.resolved.baseRef;
    this.commands = options.resolved.commands;
    this.limits = options.resolved.limits;
    this.author = options.resolved.author;
    this.files = new WorktreeFiles({ realRoot: options.realRoot, ...options.files });
  }

  /**
   * Runs changes to the worktree one at a time: a model that calls `workspace_edit` twice in
   * parallel on one file must not lose the first edit.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#mutations.then(work);
    this.#mutations = result.catch(() => undefined);
    return result;
  }

  /** Runs git in the worktree. */
  git(args: readonly string[], options: Omit<GitOptions, "cwd"> = {}): Promise<GitResult> {
    return runGit(args, { ...options, cwd: this.root });
  }

  /** Runs git in the worktree for its stdout as text; refuses with git's own words when it fails. */
  gitText(args: readonly string[], options: Omit<GitOptions, "cwd"> = {}): Promise<string> {
    return gitText(args, { ...options, cwd: this.root });
  }

  /** Runs a configured command's argv in the worktree; `dispose` ends it if it is still running. */
  async run(argv: readonly string[], timeoutMs: number): Promise<RunOutcome> {
    const controller = new AbortController();
    this.#running.add(controller);
    try {
      return await runProcess({
        argv,
        cwd: this.root,
        timeoutMs,
        maxOutputChars: this.limits.runOutputChars,
        signal: controller.signal,
      });
    } finally {
      this.#running.delete(controller);
    }
  }

  /** Ends every command still running. */
  dispose(): void {
    for (const controller of this.#running) controller.abort();
  }
}
