import { readFileSync } from "node:fs";
import { TOOL_NAME_PATTERN } from "@podkit/core";
import { z } from "zod";
import { AgentError } from "../agent-error.js";
import { formatIssues } from "../format-issues.js";
import { strictObject } from "../strict-object.js";

const ScriptToolCallSchema = strictObject({
  tool: z.string().regex(TOOL_NAME_PATTERN, "expected a tool name, e.g. 'ticket_show'"),
  input: z.record(z.string(), z.unknown()).default({}).describe("The tool's arguments (default {})."),
});

const MATCH_KEYS = ["tool", "ok", "code", "contains", "taskContains"] as const;

/**
 * A condition on the conversation so far; every field given must hold. `tool`, `ok`, `code` and
 * `contains` look at the last tool result the model received (none on the first step, so they do
 * not hold there); `taskContains` looks at the task (the user prompt).
 */
const ScriptMatchSchema = strictObject({
  tool: z.string().min(1).optional().describe("The last tool result came from this tool."),
  ok: z.boolean().optional().describe("The last tool call succeeded (true) or was refused (false)."),
  code: z
    .string()
    .min(1)
    .optional()
    .describe("The last tool call was refused with this code, e.g. 'not_found'."),
  contains: z.string().min(1).optional().describe("The last tool result's text contains this."),
  taskContains: z.string().min(1).optional().describe("The task contains this."),
}).refine((match) => MATCH_KEYS.some((key) => match[key] !== undefined), {
  error: `a condition needs at least one of ${MATCH_KEYS.map((key) => `'${key}'`).join(", ")}`,
});

const ScriptReplySchema = strictObject({
  when: ScriptMatchSchema.optional().describe("Answer with this reply only when it holds."),
  text: z.string().optional().describe("The model's text."),
  toolCalls: z.array(ScriptToolCallSchema).min(1).optional().describe("Tools to call, in order."),
  usage: strictObject({ inputTokens: z.int().min(0), outputTokens: z.int().min(0) })
    .optional()
    .describe("Tokens to report for this reply instead of the estimate."),
}).refine((reply) => reply.text !== undefined || reply.toolCalls !== undefined, {
  error: "a reply needs 'text', 'toolCalls' or both",
});

/** A turn is one reply, or a list of alternative replies of which the first that matches is used. */
const ScriptTurnSchema = z.preprocess(
  (turn) => (Array.isArray(turn) ? turn : [turn]),
  z.array(ScriptReplySchema).min(1),
);

/**
 * A scripted model's script: turn N answers the model's Nth call. `afterLastTurn` says what a call
 * past the last turn does: `fail` (an error, the default) or `repeat` the last turn (a model that
 * never finishes on its own).
 */
export const ModelScriptSchema = strictObject({
  description: z.string().optional(),
  turns: z.array(ScriptTurnSchema).min(1),
  afterLastTurn: z.enum(["fail", "repeat"]).default("fail"),
});

/** A validated model script; every turn is a list of alternative replies. */
export type ModelScript = z.output<typeof ModelScriptSchema>;
/** One reply of a scripted turn. */
export type ScriptReply = z.output<typeof ScriptReplySchema>;
/** A condition a reply can be guarded by. */
export type ScriptMatch = z.output<typeof ScriptMatchSchema>;

/**
 * Parses a model script from JSON text; `source` names it in messages.
 * @throws AgentError with code `invalid_script` naming every problem with its path.
 */
export function parseModelScript(text: string, source: string): ModelScript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AgentError(
      "invalid_script",
      `Model script '${source}' is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const parsed = ModelScriptSchema.safeParse(data);
  if (!parsed.success) {
    throw new AgentError(
      "invalid_script",
      `Invalid model script '${source}':\n${formatIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/**
 * Reads and parses a model script file.
 * @throws AgentError with code `unreadable_script` or `invalid_script`.
 */
export function loadModelScript(file: string): ModelScript {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AgentError(
      "unreadable_script",
      `Cannot read the model script '${file}': ${(error as Error).message}`,
      { cause: error },
    );
  }
  return parseModelScript(text, file);
}
