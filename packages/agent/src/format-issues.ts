import { formatPath } from "@podkit/core";
import type { z } from "zod";

/** Every issue of a failed parse, one indented line each: `  turns[2].text: Invalid input: …`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.length === 0 ? "(root)" : formatPath(issue.path)}: ${issue.message}`)
    .join("\n");
}
