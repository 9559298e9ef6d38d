import type { ToolContext } from "@podkit/core";
import { z } from "zod";
import { WORKSPACE, type Workspace } from "../workspace.js";

/** A path as a model gives it: relative to the worktree root; containment is checked by the tools. */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .describe(
    "A path relative to the worktree root with '/' separators, e.g. 'src/index.ts'; '.' is the root.",
  );

/** The workspace registered in the feature's container. */
export function workspaceOf(context: ToolContext): Workspace {
  return context.container.resolve(WORKSPACE);
}

/** Cuts text to at most `max` characters on a code point boundary; says whether it cut. */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const end = isLowSurrogate(text.charCodeAt(max)) ? max - 1 : max;
  return { text: text.slice(0, end), cut: true };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Whether bytes look binary the way git decides it: a NUL in the first 8000 bytes. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}
