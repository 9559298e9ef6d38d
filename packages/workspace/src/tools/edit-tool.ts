import { defineTool } from "@podkit/core";
import { z } from "zod";
import { quote } from "../files/workspace-path.js";
import { WorkspaceError } from "../workspace-error.js";
import { looksBinary, PathSchema, workspaceOf } from "./workspace-schemas.js";

export const workspaceEdit = defineTool({
  name: "workspace_edit",
  description:
    "Replace an exact string in a worktree file; it must occur exactly once unless replaceAll is set.",
  capability: "write",
  hints: { destructive: false, idempotent: false },
  input: z
    .strictObject({
      path: PathSchema.describe("The file to edit, relative to the worktree root, e.g. 'src/index.ts'."),
      oldString: z
        .string()
        .min(1)
        .max(1_000_000)
        .describe(
          "The exact text to replace, including indentation and line breaks, as workspace_read shows it.",
        ),
      newString: z.string().max(10_000_000).describe("The text to put in its place; empty deletes it."),
      replaceAll: z
        .boolean()
        .default(false)
        .describe("Replace every occurrence; otherwise oldString must occur exactly once."),
    })
    .refine((input) => input.oldString !== input.newString, {
      message: "newString is the same as oldString; the edit would change nothing",
      path: ["newString"],
    }),
  output: z.object({
    path: z.string().describe("The file edited, normalised."),
    replacements: z.number().int().describe("How many occurrences were replaced."),
    bytes: z.number().int().describe("The file's size now, in bytes."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const path = quote(input.path);
    return workspace.exclusive(() =>
      workspace.files.updateFile(
        input.path,
        { maxBytes: workspace.limits.fileBytes },
        (before, normalized) => {
          const text = decodeForEdit(before, path);
          const parts = text.split(input.oldString);
          const occurrences = parts.length - 1;
          if (occurrences === 0) throw noMatch(text, input.oldString, path);
          if (occurrences > 1 && !input.replaceAll) {
            throw new WorkspaceError(
              "ambiguous_match",
              `oldString occurs ${occurrences} times in ${path}. Include more of the surrounding text so it occurs exactly once, or set replaceAll to replace all ${occurrences}. Nothing was changed.`,
            );
          }
          // split/join, not String.replace: a '$&' in newString is text, not a replacement pattern.
          const bytes = Buffer.from(parts.join(input.newString), "utf8");
          if (bytes.length > workspace.limits.writeBytes) {
            throw new WorkspaceError(
              "too_large",
              `After the edit ${path} would be ${bytes.length} bytes; workspace tools write at most ${workspace.limits.writeBytes} bytes. Nothing was changed.`,
            );
          }
          return {
            bytes,
            result: { path: normalized, replacements: occurrences, bytes: bytes.length },
          };
        },
      ),
    );
  },
});

/** The file as text, refusing what would not survive a round trip (binary, invalid UTF-8); a BOM is kept. */
function decodeForEdit(bytes: Buffer, path: string): string {
  if (looksBinary(bytes)) {
    throw new WorkspaceError(
      "not_text",
      `File ${path} is binary (it contains NUL bytes); only text files can be edited.`,
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new WorkspaceError(
      "not_text",
      `File ${path} is not valid UTF-8, so an edit could corrupt it; replace it whole with workspace_write if you mean to.`,
      { cause: error },
    );
  }
}

function noMatch(text: string, oldString: string, path: string): WorkspaceError {
  const lineEndings =
    text.includes("\r\n") && oldString.includes("\n") && !oldString.includes("\r\n")
      ? " The file uses CRLF line endings; write them as \\r\\n in oldString."
      : "";
  return new WorkspaceError(
    "no_match",
    `oldString does not occur in ${path}. Read the file with workspace_read and copy the exact text, including indentation and line breaks.${lineEndings} Nothing was changed.`,
  );
}
