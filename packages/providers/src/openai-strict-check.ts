import type { JsonSchema } from "@podkit/core";
import { checkStrictSchema } from "./strict/check-strict-schema.js";
import { OPENAI_STRICT } from "./strict/strict-profile.js";

/**
 * Checks a function's `parameters` against OpenAI's documented strict-mode rules and returns
 * every violation (empty when it passes): root is an object, every object lists all its
 * properties as required with `additionalProperties: false` and has some (a closed empty object
 * admits only `{}`), only the keywords and string formats OpenAI documents (no `default`,
 * `oneOf`, `prefixItems`, `minLength`, `format: "uri"`, …), at most 10 levels of nesting and 5000
 * properties.
 */
export function checkOpenAiStrictSchema(schema: JsonSchema): string[] {
  return checkStrictSchema(schema, OPENAI_STRICT);
}
