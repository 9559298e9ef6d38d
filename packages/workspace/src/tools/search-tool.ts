import { defineTool } from "@podkit/core";
import { z } from "zod";
import { joinSegments } from "../files/workspace-path.js";
import { gitFailure } from "../process/run-git.js";
import { WorkspaceError } from "../workspace-error.js";
import { cutText, PathSchema, workspaceOf } from "./workspace-schemas.js";

/** Characters of each matching line returned at most. */
const MATCH_TEXT_LIMIT = 500;
/** Bytes of git grep output read at most, whatever the match limit. */
const SEARCH_OUTPUT_BYTES = 4 * 1024 * 1024;

export const workspaceSearch = defineTool({
  name: "workspace_search",
  description:
    "Search the worktree's text files (tracked and new, not ignored ones) for a string or regular expression with git grep; bounded by limit.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    pattern: z
      .string()
      .min(1)
      .max(1000)
      .describe("The text to find, or a regular expression when regex is true."),
    path: PathSchema.default(".").describe(
      "Search only below this file or directory; '.' is the whole worktree.",
    ),
    regex: z
      .boolean()
      .default(false)
      .describe("Treat pattern as a POSIX extended regular expression instead of a literal string."),
    ignoreCase: z.boolean().default(false).describe("Match regardless of letter case."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe("Most matching lines to return; the workspace's configured limit caps it."),
  }),
  output: z.object({
    matches: z
      .array(
        z.object({
          path: z.string().describe("The file, relative to the worktree root."),
          line: z.number().int().describe("The line number, counting from 1."),
          text: z.string().describe("The matching line, cut at 500 characters."),
        }),
      )
      .describe("Matching lines, by file then line."),
    returned: z.number().int().describe("How many matches were returned."),
    truncated: z
      .boolean()
      .describe("True when more lines match than were returned; narrow the path or pattern."),
  }),
  async execute(input, context) {
    const workspace = workspaceOf(context);
    const resolved = await workspace.files.resolve(input.path, { allowMissing: false });
    const limit = Math.min(input.limit, workspace.limits.searchMatches);
    let newlines = 0;
    const args = [
      "grep",
      "-n",
      "-z",
      "-I",
      "--untracked",
      input.regex ? "-E" : "-F",
      ...(input.ignoreCase ? ["-i"] : []),
      "-e",
      input.pattern,
      "--",
      joinSegments(resolved.realSegments),
    ];
    const result = await workspace.git(args, {
      maxStdoutBytes: SEARCH_OUTPUT_BYTES,
      enough: (chunk) => {
        for (const byte of chunk) if (byte === 0x0a) newlines++;
        return newlines > limit;
      },
    });
    if (result.code !== 0 && result.code !== 1 && !result.cutShort) {
      if (input.regex && result.code === 128) {
        throw new WorkspaceError(
          "invalid_pattern",
          `The regular expression ${JSON.stringify(input.pattern)} is not valid POSIX extended syntax: ${result.stderr.trim()}`,
        );
      }
      throw gitFailure(args, result);
    }
    const matches = parseGrepOutput(result.stdout);
    return {
      matches: matches.slice(0, limit),
      returned: Math.min(matches.length, limit),
      truncated: result.cutShort || matches.length > limit,
    };
  },
});

/** Parses `git grep -n -z` records: `path NUL line NUL text LF`; a path may hold any byte but NUL. */
function parseGrepOutput(stdout: Buffer): { path: string; line: number; text: string }[] {
  const matches: { path: string; line: number; text: string }[] = [];
  let offset = 0;
  while (offset < stdout.length) {
    const pathEnd = stdout.indexOf(0, offset);
    const lineEnd = pathEnd < 0 ? -1 : stdout.indexOf(0, pathEnd + 1);
    const textEnd = lineEnd < 0 ? -1 : stdout.indexOf(0x0a, lineEnd + 1);
    // A record cut off by an early stop is dropped whole.
    if (textEnd < 0) break;
    matches.push({
      path: stdout.toString("utf8", offset, pathEnd),
      line: Number.parseInt(stdout.toString("utf8", pathEnd + 1, lineEnd), 10),
      text: cutText(stdout.toString("utf8", lineEnd + 1, textEnd), MATCH_TEXT_LIMIT).text,
    });
    offset = textEnd + 1;
  }
  return matches;
}
