import { quoteList } from "@podkit/core";
import { z } from "zod";

/**
 * `z.strictObject` whose unknown-key error lists the keys allowed there, so a typo is answered
 * with the spelling that works; `hint` may add a sentence about the unknown keys.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  hint?: (unknownKeys: readonly string[]) => string,
) {
  const allowed = quoteList(Object.keys(shape));
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const extra = hint?.(issue.keys) ?? "";
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${quoteList(issue.keys)}. Allowed: ${allowed}.${extra === "" ? "" : ` ${extra}`}`;
    },
  });
}
