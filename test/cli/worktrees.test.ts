import { execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConformanceContext } from "../../packages/ticket-lifecycle/src/conformance/index.js";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/index.js";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, stdoutJson } from "./run-podkit.js";

interface Row {
  ticketId: string;
  token: number;
  state: string;
  leaseToken?: number;
  branch: string;
  path: string;
  hasWorktree: boolean;
  hasBranch: boolean;
}

describe("podkit worktrees", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], {
      cwd: repository,
      stdio: "pipe",
    })
      .toString()
      .trim();
  const podkit = (args: string[]) => runPodkit(args, { cwd: repository });
  const worktreePath = (name: string) => join(repository, ".podkit/worktrees", name);

  /** An attempt as the orchestrator leaves it: branch `podkit/<name>` and its worktree, with one commit. */
  const attempt = (name: string) => {
    git("branch", `podkit/${name}`, "main");
    git("worktree", "add", "-q", worktreePath(name), `podkit/${name}`);
    writeFileSync(join(worktreePath(name), `${name}.txt`), `${name}\n`);
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", "add", "."], {
      cwd: worktreePath(name),
    });
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", name], {
      cwd: worktreePath(name),
    });
  };

  beforeAll(async () => {
    repository = await makeInitializedRepository();
    writeFileSync(join(repository, ".gitignore"), ".podkit/\npodkit.config.yaml\n");
    git("symbolic-ref", "HEAD", "refs/heads/main");
    git("add", ".gitignore");
    git("commit", "-q", "-m", "root");
    // T-1 done and merged, T-2 in progress under token 4 (t2: an attempt whose lease was taken
    // over), T-3 closed unmerged, T-4 blocked, T-5 done and merged with its removal cut short by a
    // crash (the directory left, git's record of it gone).
    const backend = createFileTicketBackend({ root: join(repository, ".podkit/tickets") });
    const tickets = new ConformanceContext({ backend, cleanup: () => backend.close() });
    for (const state of ["done", "inprogress", "closed", "blocked", "done"] as const)
      await tickets.driveTo(state);
    await backend.close();
    for (const ticket of ["T-1", "T-2", "T-3", "T-4", "T-5"]) attempt(`${ticket}-t4`);
    attempt("T-2-t2");
    git("merge", "-q", "--no-edit", "podkit/T-1-t4", "podkit/T-5-t4");
    rmSync(join(repository, ".git/worktrees/T-5-t4"), { recursive: true, force: true });
  }, CLI_TIMEOUT_MS);

  it("lists every attempt's worktree and branch with its ticket's state, as a table and as JSON", async () => {
    const listed = await podkit(["worktrees", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = stdoutJson<{ worktrees: Row[] }>(listed).worktrees;
    expect(
      rows.map((row) => [row.ticketId, row.token, row.state, row.leaseToken, row.hasWorktree, row.hasBranch]),
    ).toEqual([
      ["T-1", 4, "done", undefined, true, true],
      ["T-2", 2, "inprogress", 4, true, true],
      ["T-2", 4, "inprogress", 4, true, true],
      ["T-3", 4, "closed", undefined, true, true],
      ["T-4", 4, "blocked", undefined, true, true],
      ["T-5", 4, "done", undefined, true, true],
    ]);
    expect(rows[2]).toMatchObject({ branch: "podkit/T-2-t4", path: worktreePath("T-2-t4") });
    const table = await podkit(["worktrees"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TICKET\s+TOKEN\s+STATE\s+BRANCH\s+WORKTREE$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^T-2\\s+4\\s+inprogress\\s+podkit/T-2-t4\\s+${worktreePath("T-2-t4")}$`, "m"),
    );
  });

  it("prunes the worktrees of finished tickets and superseded attempts, deletes only done tickets' merged branches, finishes a crashed removal, keeps uncommitted work unless --force, and never touches the live attempt", async () => {
    // The blocked ticket's worktree holds a change no commit has: prune keeps it until --force.
    writeFileSync(join(worktreePath("T-4-t4"), "half-done.txt"), "not committed\n");
    const pruned = await podkit(["worktrees", "prune", "--json"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    const { removed, kept } = stdoutJson<{
      removed: (Row & { reason: string; worktreeRemoved: boolean; branchDeleted: boolean })[];
      kept: (Row & { reason: string })[];
    }>(pruned);
    expect(
      removed.map((row) => [row.ticketId, row.token, row.reason, row.worktreeRemoved, row.branchDeleted]),
    ).toEqual([
      ["T-1", 4, "done", true, true],
      ["T-2", 2, "inprogress, superseded by t4", true, false],
      ["T-3", 4, "closed", true, false],
      ["T-5", 4, "done", true, true],
    ]);
    expect(kept.map((row) => [row.ticketId, row.token, row.reason])).toEqual([["T-4", 4, "blocked"]]);
    expect(existsSync(join(worktreePath("T-4-t4"), "half-done.txt"))).toBe(true);
    const keptLine = await podkit(["worktrees", "prune"]);
    expect(keptLine.stdout).toContain(
      `T-4 t4 (blocked): kept worktree ${worktreePath("T-4-t4")}: it has uncommitted changes (commit or discard them, or prune --force)`,
    );

    const forced = await podkit(["worktrees", "prune", "--force", "--json"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(
      stdoutJson<{ removed: (Row & { reason: string })[] }>(forced).removed.map((row) => [
        row.ticketId,
        row.reason,
      ]),
    ).toEqual([["T-4", "blocked"]]);
    for (const name of ["T-1-t4", "T-2-t2", "T-3-t4", "T-4-t4", "T-5-t4"])
      expect(existsSync(worktreePath(name))).toBe(false);
    expect(existsSync(join(worktreePath("T-2-t4"), "T-2-t4.txt"))).toBe(true);
    // Unmerged work stays on its branch: the superseded attempt's, the closed and the blocked ticket's.
    expect(git("branch", "--format=%(refname:short)").split("\n").sort()).toEqual([
      "main",
      "podkit/T-2-t2",
      "podkit/T-2-t4",
      "podkit/T-3-t4",
      "podkit/T-4-t4",
    ]);
    expect(
      git("worktree", "list", "--porcelain")
        .split("\n")
        .filter((line) => line.startsWith("worktree ")),
    ).toEqual([`worktree ${repository}`, `worktree ${worktreePath("T-2-t4")}`]);
    const again = await podkit(["worktrees", "prune"]);
    expect(again).toMatchObject({ code: 0, stdout: "Nothing to prune.\n" });
  });
});
