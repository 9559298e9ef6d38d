import { quoteList } from "@podkit/core";
import { z } from "zod";

/**
 * `z.strictObject` whose unknown-key error lists the keys allowed at that place, so a typo in
 * the configuration file is answered with the spelling that works.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = quoteList(Object.keys(shape));
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${quoteList(issue.keys)}. Allowed: ${allowed}.`
        : undefined,
  });
}
