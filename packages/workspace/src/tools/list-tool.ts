import { defineTool } from "@podkit/core";
import { z } from "zod";
import { listDirectory } from "../files/list-directory.js";
import { PathSchema, workspaceOf } from "./workspace-schemas.js";

export const workspaceList = defineTool({
  name: "workspace_list",
  description:
    "List a directory of the worktree with each entry's type and size, breadth first down to a depth; bounded by limit.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    path: PathSchema.default(".").describe(
      "The directory to list, relative to the worktree root; '.' is the root.",
    ),
    depth: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe("How many levels to descend: 1 lists only the directory's own entries."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(200)
      .describe("Most entries to return; the workspace's configured limit caps it."),
  }),
  output: z.object({
    path: z.string().describe("The listed directory, normalised."),
    entries: z
      .array(
        z.object({
          path: z.string().describe("Relative to the worktree root."),
          type: z
            .enum(["file", "directory", "symlink", "other"])
            .describe("Symlinks are reported, never followed."),
          size: z.number().int().optional().describe("Bytes, for files."),
        }),
      )
      .describe("Entries, breadth first and sorted by name within each directory; '.git' is never listed."),
    returned: z.number().int().describe("How many entries were returned."),
    truncated: z.boolean().describe("True when entries were left out to stay within the limit."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const listing = await listDirectory(workspace.files, input.path, {
      depth: input.depth,
      limit: Math.min(input.limit, workspace.limits.listEntries),
    });
    return {
      path: listing.path,
      entries: listing.entries.map((entry) => ({ ...entry })),
      returned: listing.entries.length,
      truncated: listing.truncated,
    };
  },
});
