import { defineTool } from "@podkit/core";
import { z } from "zod";
import { quote } from "../files/workspace-path.js";
import { WorkspaceError } from "../workspace-error.js";
import { PathSchema, workspaceOf } from "./workspace-schemas.js";

export const workspaceWrite = defineTool({
  name: "workspace_write",
  description:
    "Create a file in the worktree, or replace a file's whole content; missing parent directories are created.",
  capability: "write",
  hints: { destructive: true, idempotent: true },
  input: z.strictObject({
    path: PathSchema.describe("The file to write, relative to the worktree root, e.g. 'src/retry.ts'."),
    content: z.string().max(50_000_000).describe("The file's complete new content, as UTF-8 text."),
  }),
  output: z.object({
    path: z.string().describe("The file written, normalised."),
    created: z.boolean().describe("True when the file did not exist before."),
    bytes: z.number().int().describe("The file's size now, in bytes."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const bytes = Buffer.from(input.content, "utf8");
    if (bytes.length > workspace.limits.writeBytes) {
      throw new WorkspaceError(
        "too_large",
        `The content for ${quote(input.path)} is ${bytes.length} bytes; workspace_write writes at most ${workspace.limits.writeBytes} bytes.`,
      );
    }
    const { path, created } = await workspace.exclusive(() => workspace.files.writeFile(input.path, bytes));
    return { path, created, bytes: bytes.length };
  },
});
