import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, ProviderV3 } from "@ai-sdk/provider";
import { quoteList } from "@podkit/core";
import { createProviderRegistry } from "ai";
import { type AgentConfig, AgentConfigSchema } from "./agent-config.js";
import { AgentError } from "./agent-error.js";
import { formatIssues } from "./format-issues.js";
import { createScriptedProvider } from "./scripted/scripted-provider.js";

/** Where `resolveAgentModel` reads keys and scripts from. */
export interface ResolveAgentModelOptions {
  /** Environment to read API keys from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Relative `scripted:` paths are resolved from here, e.g. the configuration file's directory. */
  readonly baseDirectory?: string;
}

interface ProviderSettings {
  readonly apiKey: string | undefined;
  readonly baseURL: string | undefined;
  readonly baseDirectory: string | undefined;
}

interface ProviderEntry {
  /** The variable read when the configuration names none; `undefined` means no key is needed. */
  readonly defaultApiKeyEnv: string | undefined;
  readonly needsBaseURL: boolean;
  /** Whether API keys and base URLs apply at all (not for scripts). */
  readonly remote: boolean;
  readonly create: (settings: ProviderSettings) => ProviderV3;
}

/** The providers a model spec can name, by the id before the `:`. */
const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  openai: {
    defaultApiKeyEnv: "OPENAI_API_KEY",
    needsBaseURL: false,
    remote: true,
    create: ({ apiKey, baseURL }) => createOpenAI({ ...withApiKey(apiKey), ...withBaseURL(baseURL) }),
  },
  anthropic: {
    defaultApiKeyEnv: "ANTHROPIC_API_KEY",
    needsBaseURL: false,
    remote: true,
    create: ({ apiKey, baseURL }) => createAnthropic({ ...withApiKey(apiKey), ...withBaseURL(baseURL) }),
  },
  "openai-compatible": {
    defaultApiKeyEnv: undefined,
    needsBaseURL: true,
    remote: true,
    create: ({ apiKey, baseURL }) =>
      createOpenAICompatible({ name: "openai-compatible", baseURL: baseURL ?? "", ...withApiKey(apiKey) }),
  },
  scripted: {
    defaultApiKeyEnv: undefined,
    needsBaseURL: false,
    remote: false,
    create: ({ baseDirectory }) =>
      createScriptedProvider(baseDirectory === undefined ? {} : { baseDirectory }),
  },
};

/** The provider ids a model spec can start with. */
export const MODEL_PROVIDERS: readonly string[] = Object.keys(PROVIDERS);

function withApiKey(apiKey: string | undefined) {
  return apiKey === undefined ? {} : { apiKey };
}

function withBaseURL(baseURL: string | undefined) {
  return baseURL === undefined ? {} : { baseURL };
}

/**
 * Resolves one role's configured model through the AI SDK provider registry: `openai:…`,
 * `anthropic:…`, `openai-compatible:…` (a local server at `baseURL`) or `scripted:PATH`. The API key
 * is read now from the environment variable the configuration names, so a missing key fails here,
 * before anything starts; no network is used.
 * @throws AgentError with code `invalid_agent_config`, `invalid_model_spec`, `unknown_provider`,
 *   `missing_api_key`, `missing_base_url`, `unreadable_script` or `invalid_script`.
 */
export function resolveAgentModel(
  config: AgentConfig,
  options: ResolveAgentModelOptions = {},
): LanguageModelV3 {
  const parsed = AgentConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new AgentError(
      "invalid_agent_config",
      `Invalid agent configuration:\n${formatIssues(parsed.error)}`,
    );
  }
  const { model, apiKeyEnv, baseURL } = parsed.data;
  const separator = model.indexOf(":");
  const providerId = model.slice(0, separator);
  const modelId = model.slice(separator + 1);
  const provider = PROVIDERS[providerId];
  if (provider === undefined) {
    throw new AgentError(
      "unknown_provider",
      `Unknown model provider '${providerId}' in model '${model}'. Allowed providers: ${quoteList(MODEL_PROVIDERS)}.`,
    );
  }
  if (modelId.trim() === "") {
    throw new AgentError(
      "invalid_model_spec",
      `Model '${model}' names no model after '${providerId}:'; expected '${providerId}:model-id'.`,
    );
  }
  if (provider.remote && provider.needsBaseURL && baseURL === undefined) {
    throw new AgentError(
      "missing_base_url",
      `Model '${model}' needs baseURL: the address of the OpenAI-compatible server, e.g. 'http://localhost:11434/v1' for Ollama or 'http://localhost:8000/v1' for vLLM.`,
    );
  }
  const keyVariable = provider.remote ? (apiKeyEnv ?? provider.defaultApiKeyEnv) : undefined;
  const apiKey =
    keyVariable === undefined ? undefined : readApiKey(model, keyVariable, options.env ?? process.env);
  const registry = createProviderRegistry({
    [providerId]: provider.create({
      apiKey,
      baseURL: provider.remote ? baseURL : undefined,
      baseDirectory: options.baseDirectory,
    }),
  });
  return registry.languageModel(`${providerId}:${modelId}`);
}

function readApiKey(
  model: string,
  variable: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const value = env[variable];
  if (value === undefined || value.trim() === "") {
    throw new AgentError(
      "missing_api_key",
      `Model '${model}' needs an API key in the environment variable '${variable}', which is ${value === undefined ? "not set" : "empty"}. Set it there (keys are never read from the configuration), or name another variable with apiKeyEnv.`,
    );
  }
  return value;
}
