import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { AgentError } from "../agent-error.js";
import type { ModelScript, ScriptReply } from "./model-script.js";
import {
  describeLastToolResult,
  matches,
  readConversation,
  type ScriptConversation,
} from "./script-conversation.js";

/** Characters per token for the usage a scripted model reports when its script gives none. */
const CHARACTERS_PER_TOKEN = 4;

/** What a scripted model plays. */
export interface ScriptedLanguageModelOptions {
  readonly script: ModelScript;
  /** How the model is named in transcripts and messages, e.g. the script's path. */
  readonly modelId: string;
}

/**
 * A real AI SDK language model (`LanguageModelV3`) that answers from a script instead of a network:
 * for offline demos, examples and tests of agents, not a test double of any provider. Turn N of the
 * script answers the model's Nth call in a conversation (counted from the assistant messages in the
 * prompt, so the model keeps no state); a turn's alternative replies are tried in order and the
 * first whose `when` holds for the last tool result is used. Usage is the script's, or an estimate
 * of one token per four characters of prompt and reply.
 */
export class ScriptedLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "scripted";
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #script: ModelScript;

  constructor(options: ScriptedLanguageModelOptions) {
    this.#script = options.script;
    this.modelId = options.modelId;
  }

  /** Answers one call with the reply its turn selects. */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    options.abortSignal?.throwIfAborted();
    const conversation = readConversation(options.prompt);
    const reply = this.#replyFor(conversation);
    const content: LanguageModelV3Content[] = [];
    if (reply.text !== undefined) content.push({ type: "text", text: reply.text });
    reply.toolCalls?.forEach((call, index) => {
      content.push({
        type: "tool-call",
        toolCallId: `call-${conversation.turn + 1}-${index + 1}`,
        toolName: call.tool,
        input: JSON.stringify(call.input),
      });
    });
    const calledTools = reply.toolCalls !== undefined;
    return {
      content,
      finishReason: {
        unified: calledTools ? "tool-calls" : "stop",
        raw: calledTools ? "tool_calls" : "stop",
      },
      usage: usageOf(reply, options, content),
      warnings: [],
      response: { modelId: this.modelId },
    };
  }

  /** Answers one call as a stream of the same reply. */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const result = await this.doGenerate(options);
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", modelId: this.modelId },
    ];
    result.content.forEach((part, index) => {
      if (part.type === "text") {
        const id = `text-${index + 1}`;
        parts.push(
          { type: "text-start", id },
          { type: "text-delta", id, delta: part.text },
          { type: "text-end", id },
        );
      } else if (part.type === "tool-call") {
        parts.push(part);
      }
    });
    parts.push({ type: "finish", usage: result.usage, finishReason: result.finishReason });
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    };
  }

  #replyFor(conversation: ScriptConversation): ScriptReply {
    const turns = this.#script.turns;
    let replies = turns[conversation.turn];
    if (replies === undefined) {
      if (this.#script.afterLastTurn === "fail") {
        throw new AgentError(
          "script_exhausted",
          `Model script '${this.modelId}' has ${turns.length} turn${turns.length === 1 ? "" : "s"} and was asked for turn ${conversation.turn + 1}. End the script with a turn that only has text, so the run finishes, or set "afterLastTurn": "repeat".`,
        );
      }
      replies = turns.at(-1) ?? [];
    }
    const reply = replies.find((each) => each.when === undefined || matches(each.when, conversation));
    if (reply === undefined) {
      const conditions = replies
        .map((each, index) => `#${index + 1} ${JSON.stringify(each.when)}`)
        .join(", ");
      throw new AgentError(
        "script_no_match",
        `Model script '${this.modelId}', turn ${Math.min(conversation.turn + 1, turns.length)}: no reply matches. Last tool result: ${describeLastToolResult(conversation.lastToolResult)}. Conditions: ${conditions}. Add a reply without 'when' as the fallback.`,
      );
    }
    return reply;
  }
}

function usageOf(
  reply: ScriptReply,
  options: LanguageModelV3CallOptions,
  content: readonly LanguageModelV3Content[],
): LanguageModelV3Usage {
  const input =
    reply.usage?.inputTokens ??
    estimateTokens(JSON.stringify(options.prompt) + JSON.stringify(options.tools ?? []));
  const output = reply.usage?.outputTokens ?? estimateTokens(JSON.stringify(content));
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}
