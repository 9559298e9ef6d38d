import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AnyFeature, ToolResult, Toolset } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";

/** The secret beside the repository that no workspace tool may read or change. */
export const SECRET = "TOP-SECRET-OUTSIDE-THE-WORKTREE";

/**
 * A temp directory holding a git repository with one commit on `main`, a worktree of it on a
 * ticket branch (where the orchestrator puts one: `.podkit/worktrees/T-1-t4`), and an
 * `outside` directory with a secret file.
 */
export interface GitFixture {
  readonly directory: string;
  readonly repository: string;
  /** The Pod's worktree: the workspace root in most tests. */
  readonly worktree: string;
  readonly outside: string;
  /** Runs git and returns its trimmed stdout; in the worktree unless `cwd` says otherwise. */
  git(args: readonly string[], cwd?: string): string;
  /** Writes a file below `root` (the worktree by default), creating directories. */
  write(path: string, content: string | Buffer, root?: string): void;
  read(path: string, root?: string): string;
  /** Every file, directory and symlink below `root` with a hash of its content, for "nothing touched" checks. */
  snapshot(root: string): Record<string, string>;
  cleanup(): void;
}

/** Creates the fixture; `files` are committed on `main` before the worktree is added. */
export function createGitFixture(files: Record<string, string> = { "README.md": "# demo\n" }): GitFixture {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), "podkit-workspace-")));
  const repository = join(directory, "repository");
  const outside = join(directory, "outside");
  const worktree = join(repository, ".podkit", "worktrees", "T-1-t4");
  const git = (args: readonly string[], cwd = worktree): string =>
    execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const write = (path: string, content: string | Buffer, root = worktree): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), `${SECRET}\n`);
  mkdirSync(repository);
  git(["init", "--quiet", "--initial-branch=main"], repository);
  // Appended by hand rather than with three `git config` processes: fixtures are made often.
  appendFileSync(
    join(repository, ".git", "config"),
    "[user]\n\tname = Fixture\n\temail = fixture@example.com\n[commit]\n\tgpgSign = false\n",
  );
  write(".gitignore", ".podkit/\n", repository);
  for (const [path, content] of Object.entries(files)) write(path, content, repository);
  git(["add", "--all"], repository);
  git(["commit", "--quiet", "--message", "initial"], repository);
  git(["worktree", "add", "--quiet", "-b", "podkit/T-1-t4", worktree, "main"], repository);
  return {
    directory,
    repository,
    worktree,
    outside,
    git,
    write,
    read: (path, root = worktree) => readFileSync(join(root, path), "utf8"),
    snapshot,
    cleanup: () => rmSync(directory, { recursive: true, force: true }),
  };
}

function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const visit = (path: string, shown: string): void => {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) entries[shown] = `symlink ${readlinkSync(path)}`;
    else if (stats.isDirectory()) {
      entries[shown] = "directory";
      for (const name of readdirSync(path).sort()) visit(join(path, name), `${shown}/${name}`);
    } else if (!stats.isFile()) {
      // A FIFO would block a read forever.
      entries[shown] = `special ${stats.mode.toString(8)}`;
    } else {
      const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
      entries[shown] = `file ${stats.size} ${hash} ${stats.mode.toString(8)}`;
    }
  };
  visit(root, ".");
  return entries;
}

/** A toolset of `role` over `feature`, with a helper that returns a call's output or throws its error. */
export async function toolsetFor(feature: AnyFeature, role = "coder") {
  const { toolset, report } = await createTestToolset(feature, role, { agentId: `${role}-1` });
  return { toolset, report, ok: (tool: string, input: unknown) => expectOk(toolset, tool, input) };
}

/** Calls a tool and returns its output, or throws with its error code and message. */
export async function expectOk(toolset: Toolset, tool: string, input: unknown) {
  const result: ToolResult = await toolset.call(tool, input);
  if (!result.ok) throw new Error(`${tool} failed: ${result.error.code}: ${result.error.message}`);
  // biome-ignore lint/suspicious/noExplicitAny: tests read outputs loosely; the toolset checked them against the schemas.
  return result.output as any;
}
