import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Podkit, Toolset } from "@podkit/core";
import { generateText } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AgentConfig, AgentsConfigSchema } from "./agent-config.js";
import { AgentError } from "./agent-error.js";
import { type LocalModelServer, startLocalModelServer } from "./fixtures/local-model-server.js";
import { BOUND_TALLY, createTallyPodkit } from "./fixtures/tally-feature.js";
import { type ResolveAgentModelOptions, resolveAgentModel } from "./resolve-agent-model.js";
import { runAgent } from "./run-agent.js";

let server: LocalModelServer | undefined;
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "podkit-resolve-model-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(directory, { recursive: true, force: true });
});

/** The AgentError resolving `config` throws; fails the test when it throws anything else or nothing. */
function resolveError(config: unknown, options: ResolveAgentModelOptions = {}): AgentError {
  try {
    resolveAgentModel(config as AgentConfig, options);
  } catch (error) {
    if (AgentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an AgentError");
}

const OPENAI_RESPONSE = {
  id: "resp_1",
  object: "response",
  created_at: 1_700_000_000,
  status: "completed",
  model: "gpt-5-mini",
  output: [
    {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hello from OpenAI.", annotations: [] }],
    },
  ],
  incomplete_details: null,
  usage: {
    input_tokens: 11,
    output_tokens: 4,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  },
};

const ANTHROPIC_RESPONSE = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "text", text: "Hello from Anthropic." }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 5 },
};

/** An OpenAI chat completion, as Ollama, vLLM and other OpenAI-compatible servers answer. */
function chatCompletion(message: Record<string, unknown>, finishReason: string) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "llama3.1:8b",
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finishReason }],
    usage: { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 },
  };
}

describe("resolveAgentModel", () => {
  it("builds the OpenAI provider with the key from the named environment variable", async () => {
    server = await startLocalModelServer(() => OPENAI_RESPONSE);
    const model = resolveAgentModel(
      { model: "openai:gpt-5-mini", apiKeyEnv: "PODKIT_TEST_OPENAI_KEY", baseURL: `${server.url}/v1` },
      { env: { PODKIT_TEST_OPENAI_KEY: "sk-test-openai" } },
    );
    expect(model.provider).toMatch(/^openai\./);
    expect(model.modelId).toBe("gpt-5-mini");

    const { text } = await generateText({ model, prompt: "Say hello." });
    expect(text).toBe("Hello from OpenAI.");
    expect(server.requests).toEqual([
      expect.objectContaining({
        path: "/v1/responses",
        headers: expect.objectContaining({ authorization: "Bearer sk-test-openai" }),
        body: expect.objectContaining({ model: "gpt-5-mini" }),
      }),
    ]);
  });

  it("builds the Anthropic provider with the key from the named environment variable", async () => {
    server = await startLocalModelServer(() => ANTHROPIC_RESPONSE);
    const model = resolveAgentModel(
      {
        model: "anthropic:claude-sonnet-4-5",
        apiKeyEnv: "PODKIT_TEST_ANTHROPIC_KEY",
        baseURL: `${server.url}/v1`,
      },
      { env: { PODKIT_TEST_ANTHROPIC_KEY: "sk-ant-test" } },
    );
    expect(model.provider).toMatch(/^anthropic\./);
    expect(model.modelId).toBe("claude-sonnet-4-5");

    const { text } = await generateText({ model, prompt: "Say hello." });
    expect(text).toBe("Hello from Anthropic.");
    expect(server.requests).toEqual([
      expect.objectContaining({
        path: "/v1/messages",
        headers: expect.objectContaining({ "x-api-key": "sk-ant-test" }),
        body: expect.objectContaining({ model: "claude-sonnet-4-5" }),
      }),
    ]);
  });

  it("reads OPENAI_API_KEY and ANTHROPIC_API_KEY when no variable is named", async () => {
    server = await startLocalModelServer(() => OPENAI_RESPONSE);
    const model = resolveAgentModel(
      { model: "openai:gpt-5-mini", baseURL: `${server.url}/v1` },
      { env: { OPENAI_API_KEY: "sk-default-name" } },
    );
    await generateText({ model, prompt: "Say hello." });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-default-name");
    expect(
      resolveAgentModel({ model: "anthropic:claude-sonnet-4-5" }, { env: { ANTHROPIC_API_KEY: "sk-ant" } })
        .modelId,
    ).toBe("claude-sonnet-4-5");
  });

  it("runs an agent against a local OpenAI-compatible server, with no key and a model id containing ':'", async () => {
    const { podkit, coder, human } = await createTallyPodkit();
    try {
      server = await startLocalModelServer((request) =>
        (request.body.messages as unknown[]).length === 2
          ? chatCompletion(
              {
                content: null,
                tool_calls: [
                  {
                    id: "call_1",
                    type: "function",
                    function: {
                      name: "tally_add",
                      arguments: JSON.stringify({ name: BOUND_TALLY, amount: 3 }),
                    },
                  },
                ],
              },
              "tool_calls",
            )
          : chatCompletion({ content: "Added 3." }, "stop"),
      );
      const model = resolveAgentModel(
        { model: "openai-compatible:llama3.1:8b", baseURL: `${server.url}/v1` },
        { env: {} },
      );
      expect(model.modelId).toBe("llama3.1:8b");

      const result = await runAgent({ toolset: coder, model, instructions: "You count.", task: "Add 3." });
      expect(result.stopReason).toBe("finished");
      expect(result.text).toBe("Added 3.");
      expect(result.usage).toMatchObject({ inputTokens: 40, outputTokens: 12, steps: 2, toolCalls: 1 });
      expect(server.requests.map((request) => request.path)).toEqual([
        "/v1/chat/completions",
        "/v1/chat/completions",
      ]);
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
      expect(server.requests[0]?.body).toMatchObject({
        model: "llama3.1:8b",
        tools: [
          { type: "function", function: { name: "tally_read" } },
          { type: "function", function: { name: "tally_add" } },
        ],
      });
      expect(await human.call("tally_read", { name: BOUND_TALLY })).toMatchObject({ output: { value: 3 } });
    } finally {
      await podkit.dispose();
    }
  });

  it("sends an OpenAI-compatible server the key from apiKeyEnv when one is named", async () => {
    server = await startLocalModelServer(() => chatCompletion({ content: "Hi." }, "stop"));
    const model = resolveAgentModel(
      { model: "openai-compatible:qwen3", baseURL: `${server.url}/v1`, apiKeyEnv: "PODKIT_TEST_VLLM_KEY" },
      { env: { PODKIT_TEST_VLLM_KEY: "vllm-token" } },
    );
    await generateText({ model, prompt: "Hi." });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer vllm-token");
  });

  it("refuses a model whose key variable is not set, or empty, naming the variable", () => {
    const unset = resolveError(
      { model: "openai:gpt-5-mini", apiKeyEnv: "PODKIT_TEST_OPENAI_KEY" },
      { env: {} },
    );
    expect(unset.code).toBe("missing_api_key");
    expect(unset.message).toBe(
      "Model 'openai:gpt-5-mini' needs an API key in the environment variable 'PODKIT_TEST_OPENAI_KEY', which is not set. Set it there (keys are never read from the configuration), or name another variable with apiKeyEnv.",
    );
    const empty = resolveError({ model: "anthropic:claude-sonnet-4-5" }, { env: { ANTHROPIC_API_KEY: " " } });
    expect(empty.code).toBe("missing_api_key");
    expect(empty.message).toContain("'ANTHROPIC_API_KEY', which is empty");
    const compatible = resolveError(
      {
        model: "openai-compatible:qwen3",
        baseURL: "http://127.0.0.1:9/v1",
        apiKeyEnv: "PODKIT_TEST_VLLM_KEY",
      },
      { env: {} },
    );
    expect(compatible.code).toBe("missing_api_key");
  });

  it("refuses an unknown provider, listing the known ones", () => {
    const error = resolveError({ model: "gemini:gemini-2.5-pro" }, { env: {} });
    expect(error.code).toBe("unknown_provider");
    expect(error.message).toBe(
      "Unknown model provider 'gemini' in model 'gemini:gemini-2.5-pro'. Allowed providers: 'openai', 'anthropic', 'openai-compatible', 'scripted'.",
    );
  });

  it("refuses an OpenAI-compatible model without a base URL", () => {
    const error = resolveError({ model: "openai-compatible:llama3.1" }, { env: {} });
    expect(error.code).toBe("missing_base_url");
    expect(error.message).toContain("http://localhost:11434/v1");
  });

  it("refuses a configuration that does not fit the schema, without echoing a key put in it", () => {
    const notASpec = resolveError({ model: "gpt-5-mini", maxSteps: 0 });
    expect(notASpec.code).toBe("invalid_agent_config");
    expect(notASpec.message).toContain("  model: expected 'provider:model-id'");
    expect(notASpec.message).toContain("  maxSteps: ");

    const withKey = resolveError({ model: "openai:gpt-5-mini", apiKey: "sk-secret-value" });
    expect(withKey.code).toBe("invalid_agent_config");
    expect(withKey.message).toContain("unknown key 'apiKey'.");
    expect(withKey.message).toContain("name that variable with apiKeyEnv");
    expect(withKey.message).not.toContain("sk-secret-value");

    const typo = resolveError({ model: "openai:gpt-5-mini", maxTokens: 100 });
    expect(typo.message).toContain(
      "unknown key 'maxTokens'. Allowed: 'model', 'apiKeyEnv', 'baseURL', 'maxSteps', 'maxOutputTokens', 'tokenBudget'.",
    );
    expect(typo.message).not.toContain("never goes in the configuration");

    const badVariable = resolveError({ model: "openai:gpt-5-mini", apiKeyEnv: "sk-secret-value" });
    expect(badVariable.message).toContain("apiKeyEnv: expected an environment variable name");
  });

  it("loads a scripted model relative to the base directory, and needs no key or URL", async () => {
    await mkdir(join(directory, "agents"));
    await writeFile(
      join(directory, "agents", "coder.json"),
      JSON.stringify({ turns: [{ text: "Scripted." }] }),
    );
    const model = resolveAgentModel(
      { model: "scripted:agents/coder.json", apiKeyEnv: "PODKIT_TEST_UNSET" },
      { baseDirectory: directory, env: {} },
    );
    expect(model).toMatchObject({ provider: "scripted", modelId: "agents/coder.json" });
    expect((await generateText({ model, prompt: "Go." })).text).toBe("Scripted.");
  });

  it("refuses a scripted model whose script is missing or invalid", async () => {
    const missing = resolveError({ model: "scripted:nowhere.json" }, { baseDirectory: directory });
    expect(missing.code).toBe("unreadable_script");
    expect(missing.message).toContain(`'${join(directory, "nowhere.json")}'`);

    await writeFile(join(directory, "bad.json"), JSON.stringify({ turns: [{}] }));
    const invalid = resolveError({ model: "scripted:bad.json" }, { baseDirectory: directory });
    expect(invalid.code).toBe("invalid_script");
  });

  it("refuses a model spec with no model id after the provider", () => {
    const error = resolveError({ model: "openai: " }, { env: { OPENAI_API_KEY: "sk" } });
    expect(error.code).toBe("invalid_model_spec");
  });
});

describe("AgentsConfigSchema", () => {
  it("reads agents by role, as the CLI embeds them under `agents:`", () => {
    const parsed = AgentsConfigSchema.safeParse({
      coder: { model: "openai:gpt-5-mini", apiKeyEnv: "OPENAI_API_KEY", maxSteps: 40, maxOutputTokens: 4096 },
      reviewer: { model: "scripted:agents/reviewer.json", tokenBudget: 50_000 },
    });
    expect(parsed.success).toBe(true);
    expect(AgentsConfigSchema.safeParse({ Coder: { model: "openai:gpt-5-mini" } }).success).toBe(false);
  });
});

describe("the model from configuration in a run", () => {
  let podkit: Podkit;
  let coder: Toolset;
  beforeEach(async () => {
    ({ podkit, coder } = await createTallyPodkit());
  });
  afterEach(() => podkit.dispose());

  it("drives runAgent with a scripted model resolved from configuration", async () => {
    await writeFile(
      join(directory, "coder.json"),
      JSON.stringify({
        turns: [
          { toolCalls: [{ tool: "tally_add", input: { name: BOUND_TALLY, amount: 2 } }] },
          { text: "Done." },
        ],
      }),
    );
    const model = resolveAgentModel({ model: "scripted:coder.json" }, { baseDirectory: directory });
    const result = await runAgent({ toolset: coder, model, task: "Add 2." });
    expect(result.stopReason).toBe("finished");
    expect(result.model).toEqual({ provider: "scripted", modelId: "coder.json" });
  });
});
