import { defineTool } from "@podkit/core";
import { z } from "zod";
import { gitFailure } from "../process/run-git.js";
import type { Workspace } from "../workspace.js";
import { WorkspaceError } from "../workspace-error.js";
import { parseNumstat } from "./numstat.js";
import { workspaceOf } from "./workspace-schemas.js";

/** Files of the new commit listed at most. */
const COMMIT_FILE_LIMIT = 200;

/**
 * Hooks are code from the repository (or, with `core.hooksPath`, from the worktree the agent
 * writes): running them would let the `write` capability run programs, which is `exec`'s job.
 */
const NO_HOOKS = { "core.hooksPath": "/dev/null" };

export const workspaceCommit = defineTool({
  name: "workspace_commit",
  description:
    "Stage every change in the worktree (new, modified and deleted files; ignored ones stay out) and commit it with a message.",
  capability: "write",
  hints: { destructive: false, idempotent: false },
  input: z.strictObject({
    message: z
      .string()
      .max(10_000)
      .refine((message) => message.trim() !== "", "the commit message must not be empty")
      .describe("The commit message: a short summary line, then a blank line and details if needed."),
  }),
  output: z.object({
    commit: z.string().describe("The new commit's full id."),
    branch: z.string().nullable().describe("The branch the commit is on; null on a detached HEAD."),
    subject: z.string().describe("The message's first line."),
    files: z
      .array(
        z.object({
          path: z.string().describe("Relative to the worktree root."),
          additions: z.number().int().nullable().describe("Lines added; null for a binary file."),
          deletions: z.number().int().nullable().describe("Lines deleted; null for a binary file."),
        }),
      )
      .describe("The files the commit changed."),
    filesChanged: z.number().int().describe("How many files the commit changed."),
    filesTruncated: z.boolean().describe("True when more files changed than were listed."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    return workspace.exclusive(async () => {
      await gitOrRefuse(workspace, ["add", "--all"]);
      const staged = await workspace.git(["diff", "--cached", "--quiet"]);
      if (staged.code === 0) {
        const head = (await workspace.gitText(["rev-parse", "--short", "HEAD"])).trim();
        throw new WorkspaceError(
          "nothing_to_commit",
          `There is nothing to commit: the worktree has no changes since its last commit (${head}). Change files with workspace_write or workspace_edit first.`,
        );
      }
      if (staged.code !== 1) throw gitFailure(["diff"], staged);
      const author =
        workspace.author === undefined
          ? {}
          : { "user.name": workspace.author.name, "user.email": workspace.author.email };
      await gitOrRefuse(workspace, ["commit", "--quiet", "--no-verify", "--message", input.message], {
        ...NO_HOOKS,
        ...author,
      });
      const [commit, branch, numstat] = await Promise.all([
        workspace.gitText(["rev-parse", "HEAD"]),
        workspace.git(["symbolic-ref", "--quiet", "--short", "HEAD"]),
        workspace.gitText([
          "diff-tree",
          "--no-commit-id",
          "--numstat",
          "-r",
          "--root",
          "--no-renames",
          "-z",
          "HEAD",
        ]),
      ]);
      const files = parseNumstat(numstat).map((file) => ({ ...file }));
      return {
        commit: commit.trim(),
        branch: branch.code === 0 ? branch.stdout.toString("utf8").trim() : null,
        subject: input.message.trim().split("\n")[0] as string,
        files: files.slice(0, COMMIT_FILE_LIMIT),
        filesChanged: files.length,
        filesTruncated: files.length > COMMIT_FILE_LIMIT,
      };
    });
  },
});

async function gitOrRefuse(
  workspace: Workspace,
  args: string[],
  config: Readonly<Record<string, string>> = {},
): Promise<void> {
  const result = await workspace.git(args, { config });
  if (result.code !== 0) throw gitFailure(args, result);
}
