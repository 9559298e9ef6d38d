import { defineTool } from "@podkit/core";
import { z } from "zod";
import { joinSegments } from "../files/workspace-path.js";
import type { Workspace } from "../workspace.js";
import { parseNumstat } from "./numstat.js";
import { cutText, PathSchema, workspaceOf } from "./workspace-schemas.js";

/** Files listed at most, changed or untracked; the patch is bounded by the configured limit. */
const FILE_LIST_LIMIT = 500;

const FileStatusSchema = z
  .enum(["added", "modified", "deleted", "type_changed", "unmerged", "unknown"])
  .describe("How the file differs from the base.");

const STATUS_BY_LETTER: Record<string, z.infer<typeof FileStatusSchema>> = {
  A: "added",
  M: "modified",
  D: "deleted",
  T: "type_changed",
  U: "unmerged",
};

/** Options that keep a diff plain: no external diff programs, no text conversion filters, no rename pairing. */
const PLAIN_DIFF = ["--no-ext-diff", "--no-textconv", "--no-renames"];

export const workspaceDiff = defineTool({
  name: "workspace_diff",
  description:
    "Show what this worktree changed since the ticket's base: changed files with line counts, new untracked files and the patch (committed and uncommitted changes); bounded.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    paths: z
      .array(PathSchema)
      .max(50)
      .optional()
      .describe(
        "Only these files or directories, relative to the worktree root; omit for the whole worktree.",
      ),
    contextLines: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(3)
      .describe("Unchanged lines shown around each change in the patch."),
    includePatch: z
      .boolean()
      .default(true)
      .describe("Include the patch text; false returns only the file summary."),
  }),
  output: z.object({
    baseRef: z.string().describe("The ticket's base ref, as configured."),
    base: z.string().describe("The commit compared against: where this branch left the base ref."),
    head: z.string().describe("The worktree's current commit."),
    files: z
      .array(
        z.object({
          path: z.string().describe("Relative to the worktree root."),
          status: FileStatusSchema,
          additions: z.number().int().nullable().describe("Lines added; null for a binary file."),
          deletions: z.number().int().nullable().describe("Lines deleted; null for a binary file."),
        }),
      )
      .describe("Tracked files that differ from the base, committed or not."),
    filesTruncated: z.boolean().describe("True when more files changed than were listed."),
    untracked: z
      .array(z.string())
      .describe("New files git does not track yet (not ignored ones); not in the patch."),
    untrackedTruncated: z.boolean().describe("True when more untracked files exist than were listed."),
    patch: z.string().describe("The unified diff of the listed files; empty when includePatch is false."),
    patchTruncated: z.boolean().describe("True when the patch was cut at the limit; narrow it with paths."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const pathspecs = await Promise.all(
      (input.paths ?? []).map(async (path) => {
        // Deleted files are missing on disk but still have a diff; they are checked like new ones.
        const resolved = await workspace.files.resolve(path, { allowMissing: true });
        return joinSegments([...resolved.realSegments, ...resolved.missing]);
      }),
    );
    const base = (await workspace.gitText(["merge-base", workspace.baseRef, "HEAD"])).trim();
    const head = (await workspace.gitText(["rev-parse", "HEAD"])).trim();
    const [numstat, nameStatus, untracked] = await Promise.all([
      workspace.gitText(["diff", "--numstat", "-z", ...PLAIN_DIFF, base, "--", ...pathspecs]),
      workspace.gitText(["diff", "--name-status", "-z", ...PLAIN_DIFF, base, "--", ...pathspecs]),
      workspace.gitText(["ls-files", "--others", "--exclude-standard", "-z", "--", ...pathspecs]),
    ]);
    const statuses = parseNameStatus(nameStatus);
    const files = parseNumstat(numstat).map((file) => ({
      ...file,
      status: statuses.get(file.path) ?? "unknown",
    }));
    const untrackedFiles = untracked.split("\0").filter((path) => path !== "");
    const patch = input.includePatch
      ? await boundedPatch(workspace, [`-U${input.contextLines}`, base, "--", ...pathspecs])
      : { text: "", cut: false };
    return {
      baseRef: workspace.baseRef,
      base,
      head,
      files: files.slice(0, FILE_LIST_LIMIT),
      filesTruncated: files.length > FILE_LIST_LIMIT,
      untracked: untrackedFiles.slice(0, FILE_LIST_LIMIT),
      untrackedTruncated: untrackedFiles.length > FILE_LIST_LIMIT,
      patch: patch.text,
      patchTruncated: patch.cut,
    };
  },
});

/** The patch, read no further than the limit needs, and cut at the last whole line within it. */
async function boundedPatch(workspace: Workspace, args: string[]): Promise<{ text: string; cut: boolean }> {
  const limit = workspace.limits.diffChars;
  // UTF-8 needs at most 4 bytes a character; one more byte tells a patch of exactly the limit from a longer one.
  const text = await workspace.gitText(["diff", "--no-color", ...PLAIN_DIFF, ...args], {
    maxStdoutBytes: limit * 4 + 1,
  });
  const cut = cutText(text, limit);
  if (!cut.cut) return cut;
  const lastNewline = cut.text.lastIndexOf("\n");
  return { text: lastNewline > 0 ? cut.text.slice(0, lastNewline + 1) : cut.text, cut: true };
}

/** `git diff --name-status -z`: `LETTER NUL path NUL`, pairs in sequence. */
function parseNameStatus(output: string): Map<string, z.infer<typeof FileStatusSchema>> {
  const fields = output.split("\0");
  const statuses = new Map<string, z.infer<typeof FileStatusSchema>>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const letter = (fields[index] as string).charAt(0);
    statuses.set(fields[index + 1] as string, STATUS_BY_LETTER[letter] ?? "unknown");
  }
  return statuses;
}
