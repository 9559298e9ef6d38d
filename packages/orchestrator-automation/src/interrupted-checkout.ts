import type { CommandResult } from "./run-command.js";

/** Runs one git command in the main repository. */
export type GitRunner = (args: readonly string[]) => Promise<CommandResult>;

/** What {@link finishInterruptedMove} found of a main checkout that is on the base branch. */
export type CheckoutFinding =
  /** The index holds the base branch's tree: nothing to finish. */
  | { readonly state: "in-step" }
  /** A podkit merge moved the base and was cut short before the checkout followed; it follows now. */
  | { readonly state: "finished"; readonly note: string }
  /** The index is not the base branch's tree, and not as podkit's interrupted move left it: a person's. */
  | { readonly state: "left-as-is"; readonly reason: string };

/** The reflog message of the base branch's move by a podkit merge. */
export function mergeReflogMessage(branch: string): string {
  return `podkit: merge ${branch}`;
}

/**
 * Finishes a podkit merge that moved the base branch (`git update-ref`) and was killed before the
 * main checkout, which is on that branch, followed (`git read-tree -m -u`): HEAD then names the
 * merge commit while index and files are still the old commit's, so `git status` shows the merge
 * reversed. That state is recognised exactly — the base's newest reflog entry is a podkit merge,
 * the index is the tree of the base's value before it, the working tree has no changes against
 * the index — and only then is the move finished (read-tree refuses to overwrite untracked
 * files). Anything else is a person's work and is left as it is, with the reason.
 */
export async function finishInterruptedMove(git: GitRunner, baseBranch: string): Promise<CheckoutFinding> {
  const baseRef = `refs/heads/${baseBranch}`;
  await git(["update-index", "-q", "--refresh"]);
  const index = await git(["write-tree"]);
  if (index.code !== 0)
    return leftAsIs(`its index has unmerged entries (${firstLine(index.stderr)})`, baseBranch);
  const indexTree = index.stdout.trim();
  if (indexTree === (await treeOf(git, baseRef))) return { state: "in-step" };

  const newest = await git(["log", "-g", "-n", "1", "--format=%H%x00%gs", baseRef]);
  const [movedTo, message] = newest.stdout.trim().split("\0");
  const base = (await git(["rev-parse", "--verify", "--quiet", `${baseRef}^{commit}`])).stdout.trim();
  if (newest.code !== 0 || movedTo !== base || !message?.startsWith(mergeReflogMessage("")))
    return leftAsIs(
      `its index differs from '${baseBranch}' and '${baseBranch}' was last moved by someone else`,
      baseBranch,
    );
  const from = (await git(["rev-parse", "--verify", "--quiet", `${baseRef}@{1}^{commit}`])).stdout.trim();
  if (from === "" || indexTree !== (await treeOf(git, from)))
    return leftAsIs(
      `its index differs from '${baseBranch}' and from the commit before ${message.slice("podkit: ".length)} (staged changes)`,
      baseBranch,
    );
  if ((await git(["diff-files", "--quiet"])).code !== 0)
    return leftAsIs("its files differ from its index (local changes)", baseBranch);
  const moved = await git(["read-tree", "-m", "-u", from, base]);
  if (moved.code !== 0)
    return leftAsIs(`git read-tree -m -u refused to move it (${firstLine(moved.stderr)})`, baseBranch);
  return {
    state: "finished",
    note: `finished moving the main checkout from ${from.slice(0, 12)} to ${base.slice(0, 12)}, which the interrupted ${message.slice("podkit: ".length)} had left behind`,
  };
}

async function treeOf(git: GitRunner, commit: string): Promise<string> {
  return (await git(["rev-parse", "--verify", "--quiet", `${commit}^{tree}`])).stdout.trim();
}

function leftAsIs(why: string, baseBranch: string): CheckoutFinding {
  return {
    state: "left-as-is",
    reason: `the main checkout of '${baseBranch}' was left as it is: ${why}; run 'git status' there`,
  };
}

/** Git's first line of complaint, short enough for a ticket report's details. */
function firstLine(text: string): string {
  return (text.trim().split("\n")[0] ?? "").slice(0, 300);
}
