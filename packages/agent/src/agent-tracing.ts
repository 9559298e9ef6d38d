import type { LanguageModelV3, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { type Attributes, type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { inSpan, PODKIT_ATTRIBUTES, type Toolset } from "@podkit/core";
import { type Tool, type ToolSet, wrapLanguageModel } from "ai";
import type { AgentResult } from "./agent-result.js";

/**
 * The `gen_ai.operation.name` of `runAgent`'s spans, after the OpenTelemetry GenAI semantic
 * conventions; each span is named `<operation> <model, tool or role>`.
 */
export const AGENT_OPERATIONS = {
  /** The whole run: `invoke_agent <role>`. */
  invokeAgent: "invoke_agent",
  /** One model call: `chat <model id>`, with its token usage. */
  chat: "chat",
  /** One tool call through the toolset: `execute_tool <tool>`. */
  executeTool: "execute_tool",
} as const;

/** GenAI semantic-convention attribute names (spelled here, as the conventions are still in development). */
const GEN_AI = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  maxTokens: "gen_ai.request.max_tokens",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  agentName: "gen_ai.agent.name",
  agentId: "gen_ai.agent.id",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolType: "gen_ai.tool.type",
} as const;

/** Runs a whole agent run in an `invoke_agent` span; its outcome is the stop reason. */
export function inAgentSpan(
  toolset: Toolset,
  model: LanguageModelV3,
  run: () => Promise<AgentResult>,
): Promise<AgentResult> {
  const { role, agentId } = toolset.actor;
  const ticket = toolset.bindings.ticket;
  const attributes: Attributes = {
    [GEN_AI.operation]: AGENT_OPERATIONS.invokeAgent,
    [GEN_AI.agentName]: role,
    [GEN_AI.agentId]: agentId,
    [GEN_AI.provider]: model.provider,
    [GEN_AI.requestModel]: model.modelId,
    [PODKIT_ATTRIBUTES.role]: role,
    [PODKIT_ATTRIBUTES.agentId]: agentId,
    ...(ticket === undefined ? {} : { [PODKIT_ATTRIBUTES.ticketId]: ticket }),
  };
  return inSpan(`${AGENT_OPERATIONS.invokeAgent} ${role}`, attributes, async (span) => {
    const result = await run();
    span.setAttributes({
      [PODKIT_ATTRIBUTES.outcome]: result.stopReason,
      [GEN_AI.inputTokens]: result.usage.inputTokens,
      [GEN_AI.outputTokens]: result.usage.outputTokens,
    });
    if (result.stopReason === "error") {
      span.setStatus({ code: SpanStatusCode.ERROR, message: result.detail });
      span.setAttribute("error.type", result.error?.code ?? result.error?.name ?? "error");
    }
    return result;
  });
}

/** The model, each of its calls in a `chat <model id>` span with the tokens the provider reported. */
export function tracedModel(model: LanguageModelV3): LanguageModelV3 {
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: "v3",
      wrapGenerate: ({ doGenerate, params }) =>
        inSpan(
          `${AGENT_OPERATIONS.chat} ${model.modelId}`,
          {
            [GEN_AI.operation]: AGENT_OPERATIONS.chat,
            [GEN_AI.provider]: model.provider,
            [GEN_AI.requestModel]: model.modelId,
            ...(params.maxOutputTokens === undefined ? {} : { [GEN_AI.maxTokens]: params.maxOutputTokens }),
          },
          async (span) => {
            const result = await doGenerate();
            recordResponse(span, result);
            return result;
          },
          SpanKind.CLIENT,
        ),
    },
  });
}

function recordResponse(span: Span, result: LanguageModelV3GenerateResult): void {
  if (!span.isRecording()) return;
  const { inputTokens, outputTokens } = result.usage;
  span.setAttributes({
    [GEN_AI.finishReasons]: [result.finishReason.unified],
    ...(inputTokens.total === undefined ? {} : { [GEN_AI.inputTokens]: inputTokens.total }),
    ...(outputTokens.total === undefined ? {} : { [GEN_AI.outputTokens]: outputTokens.total }),
    ...(result.response?.modelId === undefined ? {} : { [GEN_AI.responseModel]: result.response.modelId }),
    ...(result.response?.id === undefined ? {} : { [GEN_AI.responseId]: result.response.id }),
  });
}

/** The tools, each call in an `execute_tool <tool>` span; a refusal marks it failed with its code. */
export function tracedTools(tools: Readonly<Record<string, Tool<unknown, unknown>>>): ToolSet {
  return Object.fromEntries(
    Object.entries(tools).map(([name, tool]) => {
      const execute = tool.execute;
      if (execute === undefined) return [name, tool];
      return [
        name,
        {
          ...tool,
          execute: (input, options) =>
            inSpan(
              `${AGENT_OPERATIONS.executeTool} ${name}`,
              {
                [GEN_AI.operation]: AGENT_OPERATIONS.executeTool,
                [GEN_AI.toolName]: name,
                [GEN_AI.toolCallId]: options.toolCallId,
                [GEN_AI.toolType]: "function",
              },
              () => execute(input, options),
            ),
        } satisfies Tool<unknown, unknown>,
      ];
    }),
  );
}
