/**
 * The `agents:` configuration schema alone (model, API key variable, limits per role), for hosts
 * that validate configuration without loading the agent loop.
 *
 * @module @podkit/agent/config
 */

import { z } from "zod";
import { strictObject } from "./strict-object.js";

/** The step limit `runAgent` uses when none is given. */
export const DEFAULT_MAX_STEPS = 20;

/** `provider:model-id`; the model id may itself contain `:` (e.g. `openai-compatible:llama3.1:8b`). */
export const MODEL_SPEC_PATTERN = /^[a-z][a-z0-9-]*:.+$/;

const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys someone might put a secret under, e.g. `apiKey: sk-…`. */
const SECRET_KEY = /^(api[-_]?key|key|secret|token|auth[-_]?token|password)$/i;

/** The limits of one agent run; the same fields in `runAgent` options and in configuration. */
export const AgentLimitsSchema = z.object({
  maxSteps: z
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe(`Model calls in one run, at most (default ${DEFAULT_MAX_STEPS}).`),
  maxOutputTokens: z.int().min(1).optional().describe("Output tokens of one model call, at most."),
  tokenBudget: z
    .int()
    .min(1)
    .optional()
    .describe("Input plus output tokens of all model calls of one run; no model call starts past it."),
});

/** The limits of one agent run, as validated. */
export type AgentLimits = z.output<typeof AgentLimitsSchema>;

const shape = {
  model: z
    .string()
    .regex(
      MODEL_SPEC_PATTERN,
      "expected 'provider:model-id', e.g. 'openai:gpt-5-mini', 'anthropic:claude-sonnet-4-5', 'openai-compatible:llama3.1' or 'scripted:agents/coder.json'",
    )
    .describe("The model as `provider:model-id`."),
  apiKeyEnv: z
    .string()
    .regex(ENVIRONMENT_VARIABLE_NAME, "expected an environment variable name, e.g. 'OPENAI_API_KEY'")
    .optional()
    .describe(
      "The NAME of the environment variable that holds the API key (default OPENAI_API_KEY for openai, ANTHROPIC_API_KEY for anthropic, none for openai-compatible). Never the key itself.",
    ),
  baseURL: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL, e.g. 'http://localhost:11434/v1'" })
    .optional()
    .describe("The provider's API base URL; required for openai-compatible (Ollama, vLLM, …)."),
  ...AgentLimitsSchema.shape,
};

/**
 * One role's agent: which model, where its key comes from, and the run limits. The CLI embeds it
 * per role under `agents:` in `podkit.config.yaml`; unknown keys are refused, and a key that looks
 * like a secret is answered with where the secret goes instead.
 */
export const AgentConfigSchema = strictObject(shape, (unknownKeys) =>
  unknownKeys.some((key) => SECRET_KEY.test(key))
    ? "An API key never goes in the configuration: put it in an environment variable and name that variable with apiKeyEnv."
    : "",
);

/** One role's agent configuration, as validated. */
export type AgentConfig = z.output<typeof AgentConfigSchema>;

/** Agents by role name (`coder`, `reviewer`, …): the `agents:` section of `podkit.config.yaml`. */
export const AgentsConfigSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, "role names are kebab-case"),
  AgentConfigSchema,
);

/** Agents by role name, as validated. */
export type AgentsConfig = z.output<typeof AgentsConfigSchema>;
