import { defineTool } from "@podkit/core";
import { z } from "zod";
import { quote } from "../files/workspace-path.js";
import { WorkspaceError } from "../workspace-error.js";
import { cutText, looksBinary, PathSchema, workspaceOf } from "./workspace-schemas.js";

export const workspaceRead = defineTool({
  name: "workspace_read",
  description:
    "Read a text file of the worktree, or a range of its lines; long files are cut and the output says where to continue.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    path: PathSchema.describe("The file to read, relative to the worktree root, e.g. 'src/index.ts'."),
    startLine: z.number().int().min(1).default(1).describe("The first line to return, counting from 1."),
    endLine: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("The last line to return (inclusive); omit to read as far as the limits allow."),
  }),
  output: z.object({
    path: z.string().describe("The file, normalised."),
    size: z.number().int().describe("The file's size in bytes."),
    totalLines: z.number().int().describe("Lines in the whole file."),
    startLine: z.number().int().describe("The first line returned."),
    endLine: z.number().int().describe("The last line returned; less than startLine when none were."),
    content: z.string().describe("The returned lines, joined by newlines, exactly as in the file."),
    truncated: z
      .boolean()
      .describe("True when fewer lines or characters were returned than asked for, because of the limits."),
    nextStartLine: z
      .number()
      .int()
      .optional()
      .describe("Where to continue reading, when the file has more lines after endLine."),
    note: z.string().optional().describe("Why the output was cut, when it was."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const {
      path: normalized,
      bytes,
      size,
    } = await workspace.files.readFile(input.path, {
      maxBytes: workspace.limits.fileBytes,
    });
    const path = quote(input.path);
    if (looksBinary(bytes)) {
      throw new WorkspaceError(
        "not_text",
        `File ${path} is binary (it contains NUL bytes); workspace_read returns text only.`,
      );
    }
    const lines = splitLines(new TextDecoder("utf-8").decode(bytes));
    const totalLines = lines.length;
    if (input.startLine > Math.max(totalLines, 1)) {
      throw new WorkspaceError(
        "invalid_range",
        `startLine ${input.startLine} is past the end of ${path}, which has ${totalLines} lines.`,
      );
    }
    if (input.endLine !== undefined && input.endLine < input.startLine) {
      throw new WorkspaceError(
        "invalid_range",
        `endLine ${input.endLine} is before startLine ${input.startLine}; give endLine ≥ startLine.`,
      );
    }
    const wantedEnd = Math.min(input.endLine ?? totalLines, totalLines);
    const lineLimitEnd = Math.min(wantedEnd, input.startLine + workspace.limits.readLines - 1);
    const picked = pickLines(lines, input.startLine, lineLimitEnd, workspace.limits.readChars);
    const truncated = picked.endLine < wantedEnd || picked.lineCut;
    const nextStartLine = picked.endLine < totalLines ? picked.endLine + 1 : undefined;
    return {
      path: normalized,
      size,
      totalLines,
      startLine: input.startLine,
      endLine: picked.endLine,
      content: picked.content,
      truncated,
      ...(nextStartLine === undefined ? {} : { nextStartLine }),
      ...(truncated
        ? {
            note: picked.lineCut
              ? `Line ${picked.endLine} is longer than ${workspace.limits.readChars} characters and was cut.`
              : `Showing lines ${input.startLine}–${picked.endLine} of ${totalLines} (the limits are ${workspace.limits.readLines} lines and ${workspace.limits.readChars} characters per read); continue with startLine ${picked.endLine + 1}.`,
          }
        : {}),
    };
  },
});

/** Lines as an editor counts them: a final newline ends the last line, it does not start another. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Whole lines from `start` to `end` while they fit in `maxChars`; a first line too long alone is cut. */
function pickLines(
  lines: readonly string[],
  start: number,
  end: number,
  maxChars: number,
): { content: string; endLine: number; lineCut: boolean } {
  const kept: string[] = [];
  let chars = 0;
  for (let number = start; number <= end; number++) {
    const line = lines[number - 1] as string;
    const cost = line.length + (kept.length > 0 ? 1 : 0);
    if (chars + cost > maxChars) {
      if (kept.length > 0) break;
      return { content: cutText(line, maxChars).text, endLine: number, lineCut: true };
    }
    kept.push(line);
    chars += cost;
  }
  return { content: kept.join("\n"), endLine: start + kept.length - 1, lineCut: false };
}
