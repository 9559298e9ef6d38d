import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { runCommand } from "./run-command.js";
import { WorktreeError } from "./worktree-manager.js";

/** What one attempt (ticket id and token) left in the repository: its worktree, its branch, or both. */
export interface AttemptOnDisk {
  readonly ticketId: string;
  readonly token: number;
  /** The worktree's path, where podkit puts it (`<root>/<ticket>-t<token>`). */
  readonly path: string;
  readonly branch: string;
  /** The worktree is registered with git or its directory is there. */
  readonly hasWorktree: boolean;
  readonly hasBranch: boolean;
}

const ATTEMPT_NAME = /^(.+)-t(\d+)$/;
const BRANCH_PREFIX = "podkit/";

/**
 * The worktrees and branches podkit made in `repository`: worktrees under `root` (registered, or
 * a directory left there), and `podkit/<ticket>-t<token>` branches, one entry per attempt.
 */
export async function listAttemptsOnDisk(options: {
  readonly repository: string;
  readonly root: string;
}): Promise<AttemptOnDisk[]> {
  const repository = resolve(options.repository);
  const root = resolve(repository, options.root);
  const names = new Map<string, { worktree: boolean; branch: boolean }>();
  const note = (name: string, part: "worktree" | "branch") => {
    if (!ATTEMPT_NAME.test(name)) return;
    const entry = names.get(name) ?? { worktree: false, branch: false };
    entry[part] = true;
    names.set(name, entry);
  };
  const listed = await runCommand("git", ["worktree", "list", "--porcelain"], { cwd: repository });
  if (listed.code !== 0) throw new WorktreeError(`git worktree list failed: ${listed.stderr.trim()}`);
  for (const line of listed.stdout.split("\n")) {
    if (!line.startsWith("worktree ")) continue;
    const path = line.slice("worktree ".length);
    if (resolve(path, "..") === root) note(basename(path), "worktree");
  }
  try {
    for (const entry of readdirSync(root, { withFileTypes: true }))
      if (entry.isDirectory()) note(entry.name, "worktree");
  } catch {
    // No worktree root yet: no worktrees.
  }
  const refs = await runCommand(
    "git",
    ["for-each-ref", "--format=%(refname:short)", `refs/heads/${BRANCH_PREFIX}`],
    {
      cwd: repository,
    },
  );
  if (refs.code !== 0) throw new WorktreeError(`git for-each-ref failed: ${refs.stderr.trim()}`);
  for (const branch of refs.stdout.split("\n"))
    if (branch.startsWith(BRANCH_PREFIX)) note(branch.slice(BRANCH_PREFIX.length), "branch");
  return [...names.entries()]
    .map(([name, found]) => {
      const [, ticketId = "", token = "0"] = ATTEMPT_NAME.exec(name) ?? [];
      return {
        ticketId,
        token: Number(token),
        path: join(root, name),
        branch: `${BRANCH_PREFIX}${name}`,
        hasWorktree: found.worktree,
        hasBranch: found.branch,
      };
    })
    .sort((left, right) =>
      left.ticketId === right.ticketId
        ? left.token - right.token
        : left.ticketId.localeCompare(right.ticketId, "en", { numeric: true }),
    );
}
