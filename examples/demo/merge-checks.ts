import { execFileSync } from "node:child_process";
import type { DemoTicket } from "./demo-report.js";

/**
 * What `onApproved: merge` must leave: every ticket's merge commit recorded and contained in the
 * base branch, with its change (`changes/<id>.md`) in the base's tree, and no worktree or
 * `podkit/` branch left behind. Each failed check is a line; empty means all held.
 */
export function checkMergedIntoBase(
  tickets: readonly DemoTicket[],
  repository: string,
  baseBranch = "main",
): string[] {
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repository,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  const holds = (...args: string[]) => {
    try {
      git(...args);
      return true;
    } catch {
      return false;
    }
  };
  const problems: string[] = [];
  for (const ticket of tickets) {
    if (ticket.merged === undefined) {
      problems.push(`${ticket.id} has no recorded merge commit`);
      continue;
    }
    if (!holds("merge-base", "--is-ancestor", ticket.merged, baseBranch))
      problems.push(`${ticket.id}'s merge commit ${ticket.merged} is not in '${baseBranch}'`);
    if (!holds("cat-file", "-e", `${baseBranch}:changes/${ticket.id}.md`))
      problems.push(`${ticket.id}'s change (changes/${ticket.id}.md) is not in '${baseBranch}'`);
  }
  const worktrees = git("worktree", "list", "--porcelain")
    .split("\n")
    .filter((line) => line.startsWith("worktree ")).length;
  if (worktrees !== 1) problems.push(`${worktrees - 1} worktree(s) left besides the main checkout`);
  const branches = git("for-each-ref", "--format=%(refname:short)", "refs/heads/podkit/");
  if (branches !== "") problems.push(`branches left: ${branches.split("\n").join(", ")}`);
  return problems;
}
