import { brandGuard, PodkitError } from "@podkit/core";

/** Why a merge into the base branch was refused; the branch is kept either way. */
export type MergeFailure = "conflict" | "base_moved" | "dirty_checkout" | "missing_branch" | "git_failed";

/**
 * A merge of a ticket's branch into the base branch that did not happen, with the reason in
 * `failure` and git's own words in the message; code `merge_failed`. Nothing was merged.
 */
export class MergeError extends PodkitError<"merge_failed"> {
  static override readonly isInstance = brandGuard<MergeError>("podkit.merge-error");
  /** Why the merge was refused. */
  readonly failure: MergeFailure;

  constructor(failure: MergeFailure, message: string, options?: { cause?: unknown }) {
    super("merge_failed", message, options);
    this.failure = failure;
  }
}
