import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitWorktreeManager } from "./worktree-manager.js";

let directory: string;
let repository: string;
let gitLog: string;
const savedEnv = { ...process.env };

/**
 * Puts a `git` first on PATH that logs each call's start and end to `gitLog` around the real
 * git, and — when `CLEAR_AFTER_FAILURE` names a path — removes that path after a failed call.
 */
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "podkit-worktrees-"));
  repository = join(directory, "repository");
  mkdirSync(repository);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repository, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "root");
  const realGit = execFileSync("/bin/sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const bin = join(directory, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "git"),
    [
      "#!/bin/sh",
      'printf "start %s %s\\n" "$$" "$*" >> "$GIT_LOG"',
      '"$REAL_GIT" "$@"',
      "code=$?",
      'printf "end %s %s\\n" "$$" "$*" >> "$GIT_LOG"',
      'if [ "$code" -ne 0 ] && [ "$1" = worktree ] && [ -n "$CLEAR_AFTER_FAILURE" ]; then rm -rf "$CLEAR_AFTER_FAILURE"; fi',
      "exit $code",
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "git"), 0o755);
  gitLog = join(directory, "git.log");
  Object.assign(process.env, { PATH: `${bin}:${process.env.PATH}`, REAL_GIT: realGit, GIT_LOG: gitLog });
});

afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  rmSync(directory, { recursive: true, force: true });
});

/** The most `git worktree` commands that ran at the same time, from the wrapper's log. */
function mostWorktreeCommandsAtOnce(): number {
  let running = 0;
  let most = 0;
  for (const line of readFileSync(gitLog, "utf8").split("\n")) {
    const [edge, , command] = line.split(" ");
    if (command !== "worktree") continue;
    running += edge === "start" ? 1 : -1;
    most = Math.max(most, running);
  }
  return most;
}

/** What `git worktree add` of another process leaves while it is still writing: an empty `commondir`. */
function halfWrittenWorktree(): string {
  const admin = join(repository, ".git/worktrees/elsewhere");
  mkdirSync(admin, { recursive: true });
  writeFileSync(join(admin, "gitdir"), join(directory, "elsewhere/.git\n"));
  writeFileSync(join(admin, "HEAD"), `${"0".repeat(40)}\n`);
  writeFileSync(join(admin, "commondir"), "");
  return admin;
}

describe("GitWorktreeManager", () => {
  it("runs one git worktree command at a time, however many attempts create worktrees at once", async () => {
    const worktrees = new GitWorktreeManager({ repository });
    const tickets = Array.from({ length: 8 }, (_, index) => `T-${index + 1}`);
    const created = await Promise.all(
      tickets.map((ticketId) => worktrees.create({ ticketId, token: 4, baseBranch: "main" })),
    );
    expect(created.map((worktree) => worktree.branch)).toEqual(
      tickets.map((ticketId) => `podkit/${ticketId}-t4`),
    );
    expect(await Promise.all(tickets.map((ticketId) => worktrees.exists(ticketId, 4)))).toEqual(
      tickets.map(() => true),
    );
    expect(mostWorktreeCommandsAtOnce()).toBe(1);
  });

  it("creates the worktree when another process was midway through adding one of its own", async () => {
    // The other process finishes (here: cleans up) just after this one's first try failed on its files.
    process.env.CLEAR_AFTER_FAILURE = halfWrittenWorktree();
    const worktrees = new GitWorktreeManager({ repository });
    const worktree = await worktrees.create({ ticketId: "T-1", token: 4, baseBranch: "main" });
    expect(existsSync(join(worktree.path, ".git"))).toBe(true);
    expect(await worktrees.exists("T-1", 4)).toBe(true);
    const adds = readFileSync(gitLog, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("start ") && line.includes(" worktree add "));
    expect(adds.length).toBe(2);
  });

  it("fails with git's words after its tries while the other worktree stays half-written, leaving the branch", async () => {
    halfWrittenWorktree();
    const worktrees = new GitWorktreeManager({ repository });
    await expect(worktrees.create({ ticketId: "T-1", token: 4, baseBranch: "main" })).rejects.toThrow(
      /^git worktree add for 'podkit\/T-1-t4' failed \(exit 128, 4 tries\): .*failed to read .*commondir/s,
    );
    expect(existsSync(worktrees.planned("T-1", 4).path)).toBe(false);
    expect(await worktrees.hasBranch("podkit/T-1-t4")).toBe(true);
  });

  it("calls onBranchCreated between the branch and the worktree", async () => {
    const seen: unknown[] = [];
    const worktrees = new GitWorktreeManager({
      repository,
      onBranchCreated: (attempt) => {
        seen.push({ ...attempt, worktreeExists: existsSync(attempt.path) });
      },
    });
    const worktree = await worktrees.create({ ticketId: "T-2", token: 7, baseBranch: "main" });
    expect(seen).toEqual([{ ticketId: "T-2", token: 7, ...worktree, worktreeExists: false }]);
  });

  it("reuses the attempt's branch a crash left without its worktree when it is at the attempt's base", async () => {
    const worktrees = new GitWorktreeManager({ repository });
    const base = (await worktrees.baseCommit("main")) as string;
    execFileSync("git", ["branch", "podkit/T-3-t5", "main"], { cwd: repository });
    // The base branch moves on meanwhile: the attempt's recorded base is what the branch must match.
    execFileSync(
      "git",
      ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "later"],
      {
        cwd: repository,
      },
    );
    const worktree = await worktrees.create({
      ticketId: "T-3",
      token: 5,
      baseBranch: "main",
      baseCommit: base,
    });
    expect(await worktrees.exists("T-3", 5)).toBe(true);
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: worktree.path, encoding: "utf8" }).trim();
    expect(head).toBe(base);
  });

  it("refuses an existing branch that is not at the attempt's base, naming both commits, and adds no worktree", async () => {
    const worktrees = new GitWorktreeManager({ repository });
    const base = (await worktrees.baseCommit("main")) as string;
    const commit = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repository });
    commit("checkout", "-q", "-b", "podkit/T-4-t6");
    commit("commit", "-q", "--allow-empty", "-m", "someone else's work");
    commit("checkout", "-q", "main");
    const tip = (await worktrees.baseCommit("podkit/T-4-t6")) as string;
    await expect(
      worktrees.create({ ticketId: "T-4", token: 6, baseBranch: "main", baseCommit: base }),
    ).rejects.toThrow(
      `Branch 'podkit/T-4-t6' exists already at ${tip}, not at this attempt's base ${base} ('${base}'); it is not reused.`,
    );
    expect(await worktrees.exists("T-4", 6)).toBe(false);
    expect(await worktrees.baseCommit("podkit/T-4-t6")).toBe(tip);
  });

  it("starts the branch at the recorded base commit, not at the base branch's later tip", async () => {
    const worktrees = new GitWorktreeManager({ repository });
    const base = (await worktrees.baseCommit("main")) as string;
    execFileSync(
      "git",
      ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "later"],
      {
        cwd: repository,
      },
    );
    await worktrees.create({ ticketId: "T-5", token: 2, baseBranch: "main", baseCommit: base });
    expect(await worktrees.baseCommit("podkit/T-5-t2")).toBe(base);
    expect(await worktrees.baseCommit("no-such-branch")).toBeUndefined();
  });
});
