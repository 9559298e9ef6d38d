import { resolve } from "node:path";
import { type CheckoutFinding, finishInterruptedMove, mergeReflogMessage } from "./interrupted-checkout.js";
import { MergeError } from "./merge-error.js";
import { type CommandResult, runCommand } from "./run-command.js";

/** One ticket branch to merge into the base branch. */
export interface MergeRequest {
  readonly branch: string;
  readonly baseBranch: string;
  /** The merge commit's message (when one is needed): name the ticket id and title. */
  readonly message: string;
}

/** A merge that is in the base branch. */
export interface MergeResult {
  /** The commit that brought the branch into the base: the branch tip (fast-forward) or a merge commit. */
  readonly commit: string;
  /** `already-merged`: the base contained the branch before this call (a merge before a crash). */
  readonly how: "fast-forward" | "merge-commit" | "already-merged";
  /**
   * The main repository's checkout: `updated` — on the base branch and at the merged commit (moved
   * along, or found there); `not-on-base` — on another branch, untouched; `left-as-is` — on the base
   * branch with an index that is neither the base's tree nor what an interrupted podkit merge
   * leaves (a person's changes), untouched — see `checkoutNote`.
   */
  readonly checkout: "updated" | "not-on-base" | "left-as-is";
  /** Why the checkout was left as it is, or that an interrupted earlier merge's checkout move was finished. */
  readonly checkoutNote?: string;
}

/** Options of {@link BranchMerger}. */
export interface BranchMergerOptions {
  /** The repository branches are merged in (its main checkout is the one moved along). */
  readonly repository: string;
  /**
   * Called between the two git steps of {@link BranchMerger.merge}: the base branch has moved
   * (`git update-ref`), the main checkout has not yet followed. The crash tests stop a process exactly here.
   */
  readonly onBaseMoved?: (move: {
    readonly branch: string;
    readonly baseBranch: string;
    readonly from: string;
    readonly to: string;
  }) => void;
}

/** Used for a merge commit only when the repository has no identity of its own. */
const FALLBACK_IDENTITY = {
  GIT_AUTHOR_NAME: "podkit",
  GIT_AUTHOR_EMAIL: "podkit@localhost",
  GIT_COMMITTER_NAME: "podkit",
  GIT_COMMITTER_EMAIL: "podkit@localhost",
};

/**
 * Merges ticket branches into the base branch of the main repository without touching any
 * working tree but the main checkout's, and that only by fast-forwarding it when it is on the
 * base branch and clean. The conflict pre-flight is `git merge-tree --write-tree` (git ≥ 2.38);
 * the base moves by `git update-ref` with its expected old value, so a base that moved meanwhile
 * is refused, never overwritten. The caller serialises merges (the store lock). A kill between
 * moving the base and moving the checkout is finished by the next merge, when the checkout is
 * exactly as that kill left it (see `interrupted-checkout.ts`); a person's changes are left alone.
 */
export class BranchMerger {
  /** The repository branches are merged in, as an absolute path. */
  readonly repository: string;
  readonly #onBaseMoved: BranchMergerOptions["onBaseMoved"];

  constructor(options: BranchMergerOptions) {
    this.repository = resolve(options.repository);
    this.#onBaseMoved = options.onBaseMoved;
  }

  /** Merges, or finds the branch already merged; refusals throw {@link MergeError}, having changed nothing. */
  async merge(request: MergeRequest): Promise<MergeResult> {
    const baseRef = `refs/heads/${request.baseBranch}`;
    const tip = await this.#commitOf(`refs/heads/${request.branch}`, "missing_branch", request.branch);
    const base = await this.#commitOf(baseRef, "git_failed", request.baseBranch);
    const onBase = (await this.#git(["symbolic-ref", "-q", "HEAD"])).stdout.trim() === baseRef;
    const found = onBase
      ? await finishInterruptedMove((args) => this.#git(args), request.baseBranch)
      : undefined;
    if (await this.#isAncestor(tip, base)) {
      return { commit: await this.#mergeCommitOf(tip, base), how: "already-merged", ...checkout(found) };
    }
    const fastForward = await this.#isAncestor(base, tip);
    const next = fastForward ? tip : await this.#mergeCommit(base, tip, request);
    if (onBase) await this.#checkCheckout(base, next, request.baseBranch);
    const moved = await this.#git([
      "update-ref",
      "-m",
      mergeReflogMessage(request.branch),
      baseRef,
      next,
      base,
    ]);
    if (moved.code !== 0) {
      const now = await this.#git(["rev-parse", "--verify", "--quiet", baseRef]);
      if (now.stdout.trim() !== base)
        throw new MergeError(
          "base_moved",
          `The base branch '${request.baseBranch}' moved from ${base.slice(0, 12)} to ${now.stdout.trim().slice(0, 12) || "nothing"} during the merge of '${request.branch}'; nothing was merged.`,
        );
      throw gitFailed(`git update-ref ${baseRef}`, moved);
    }
    this.#onBaseMoved?.({ branch: request.branch, baseBranch: request.baseBranch, from: base, to: next });
    if (onBase) {
      const updated = await this.#git(["read-tree", "-m", "-u", base, next]);
      if (updated.code !== 0) throw gitFailed("updating the main checkout (git read-tree -m -u)", updated);
    }
    return { commit: next, how: fastForward ? "fast-forward" : "merge-commit", ...checkout(found) };
  }

  /** The conflict pre-flight and the merge commit, both without a working tree. */
  async #mergeCommit(base: string, tip: string, request: MergeRequest): Promise<string> {
    const tree = await this.#git(["merge-tree", "--write-tree", "--name-only", "--no-messages", base, tip]);
    if (tree.code === 1) {
      const files = tree.stdout
        .split("\n")
        .slice(1)
        .filter((line) => line.trim() !== "");
      throw new MergeError(
        "conflict",
        `Merging '${request.branch}' into '${request.baseBranch}' conflicts in ${files.length} file(s): ${files.join(", ")}. The branch is kept for a person to resolve.`,
      );
    }
    if (tree.code !== 0) throw gitFailed("git merge-tree", tree);
    const treeId = tree.stdout.split("\n")[0]?.trim() ?? "";
    const identity = (await this.#git(["var", "GIT_COMMITTER_IDENT"])).code === 0 ? {} : FALLBACK_IDENTITY;
    const commit = await this.#git(
      ["commit-tree", treeId, "-p", base, "-p", tip, "-m", request.message],
      identity,
    );
    if (commit.code !== 0) throw gitFailed("git commit-tree", commit);
    return commit.stdout.trim();
  }

  /** Refuses to move a checkout of the base branch that has local changes the update would touch or hide. */
  async #checkCheckout(base: string, next: string, baseBranch: string): Promise<void> {
    await this.#git(["update-index", "-q", "--refresh"]);
    const status = await this.#git(["status", "--porcelain", "--untracked-files=no"]);
    const dryRun = await this.#git(["read-tree", "-m", "-u", "-n", base, next]);
    if (status.stdout.trim() !== "" || dryRun.code !== 0) {
      const changes = status.stdout.trim().split("\n").slice(0, 10).join("; ");
      throw new MergeError(
        "dirty_checkout",
        `The main checkout is on '${baseBranch}' and has local changes (${changes || dryRun.stderr.trim()}); commit or stash them, then queue the ticket again. Nothing was merged.`,
      );
    }
  }

  /** The commit that brought `tip` into `base`: the oldest of base's first-parent line that contains it. */
  async #mergeCommitOf(tip: string, base: string): Promise<string> {
    const line = await this.#git(["rev-list", "--first-parent", "--ancestry-path", `${tip}..${base}`]);
    const oldest = line.stdout.trim().split("\n").filter(Boolean).at(-1);
    if (oldest === undefined) return tip;
    const parent = (await this.#git(["rev-parse", `${oldest}^1`])).stdout.trim();
    return parent === tip ? tip : oldest;
  }

  async #commitOf(ref: string, failure: "missing_branch" | "git_failed", name: string): Promise<string> {
    const result = await this.#git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (result.code !== 0)
      throw new MergeError(failure, `There is no branch '${name}' in '${this.repository}'.`);
    return result.stdout.trim();
  }

  async #isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const result = await this.#git(["merge-base", "--is-ancestor", ancestor, descendant]);
    if (result.code > 1) throw gitFailed("git merge-base --is-ancestor", result);
    return result.code === 0;
  }

  #git(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
    return runCommand("git", args, { cwd: this.repository, env: { ...process.env, ...env } });
  }
}

/** The result's checkout fields from what was found before the merge (undefined: not on the base). */
function checkout(found: CheckoutFinding | undefined): Pick<MergeResult, "checkout" | "checkoutNote"> {
  if (found === undefined) return { checkout: "not-on-base" };
  if (found.state === "left-as-is") return { checkout: "left-as-is", checkoutNote: found.reason };
  return { checkout: "updated", ...(found.state === "finished" ? { checkoutNote: found.note } : {}) };
}

function gitFailed(what: string, result: CommandResult): MergeError {
  return new MergeError("git_failed", `${what} failed (exit ${result.code}): ${result.stderr.trim()}`);
}
