import type { JsonSchema, ToolDescriptor, ToolResult, Toolset } from "@podkit/core";
import { toStrictSchema } from "./openai-strict-schema.js";

/** An OpenAI function tool in strict mode. */
export interface OpenAiFunctionTool {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: JsonSchema;
    readonly strict: true;
  };
}

/** A Chat Completions `message.tool_calls[i]`. */
export interface OpenAiChatToolCall {
  readonly id: string;
  readonly type?: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A Responses API output item of type `function_call`. */
export interface OpenAiFunctionCallItem {
  readonly type: "function_call";
  readonly call_id: string;
  readonly name: string;
  readonly arguments: string;
  readonly id?: string;
}

/** The Chat Completions message that answers a tool call. */
export interface OpenAiToolMessage {
  readonly role: "tool";
  readonly tool_call_id: string;
  readonly content: string;
}

/** The Responses API input item that answers a `function_call`. */
export interface OpenAiFunctionCallOutput {
  readonly type: "function_call_output";
  readonly call_id: string;
  readonly output: string;
}

/**
 * The role's granted tools as OpenAI strict-mode function tools (cached per registry generation):
 * every property required, optional ones nullable — answer the calls with {@link callOpenAiTool},
 * which maps those nulls back to absent.
 */
export function toOpenAiTools(toolset: Toolset): readonly OpenAiFunctionTool[] {
  return toolset.render("openai", renderFunctionTools);
}

function renderFunctionTools(tools: readonly ToolDescriptor[]): OpenAiFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: toStrictSchema(tool.inputSchema),
      strict: true,
    },
  }));
}

/**
 * Runs a model's tool call through the toolset and returns what to send back. Arguments are a JSON
 * string; the strict-mode `null`s of optional fields are mapped back to absent before validation.
 * A refusal is the JSON `{"error":{"code","message"}}`, since OpenAI has no error flag.
 */
export function callOpenAiTool(toolset: Toolset, call: OpenAiChatToolCall): Promise<OpenAiToolMessage>;
export function callOpenAiTool(
  toolset: Toolset,
  call: OpenAiFunctionCallItem,
): Promise<OpenAiFunctionCallOutput>;
export async function callOpenAiTool(
  toolset: Toolset,
  call: OpenAiChatToolCall | OpenAiFunctionCallItem,
): Promise<OpenAiToolMessage | OpenAiFunctionCallOutput> {
  if ("function" in call) {
    const content = await runCall(toolset, call.function.name, call.function.arguments);
    return { role: "tool", tool_call_id: call.id, content };
  }
  const output = await runCall(toolset, call.name, call.arguments);
  return { type: "function_call_output", call_id: call.call_id, output };
}

async function runCall(toolset: Toolset, name: string, json: string): Promise<string> {
  return formatResult(await callWithJsonArguments(toolset, name, json));
}

/**
 * Parses the arguments and calls. An ungranted tool is refused before its arguments are read, so
 * bad JSON for a tool the role lacks still gets the unknown-tool answer and reveals nothing.
 */
async function callWithJsonArguments(toolset: Toolset, name: string, json: string): Promise<ToolResult> {
  if (!toolset.has(name)) return toolset.call(name, {});
  let input: unknown;
  try {
    input = json.trim() === "" ? {} : JSON.parse(json);
  } catch (error) {
    return {
      ok: false,
      error: {
        code: "invalid_input",
        message: `Invalid input for tool '${name}': the arguments are not valid JSON (${(error as Error).message}). Send one JSON object.`,
      },
    };
  }
  return toolset.call(name, input, { nullsAsAbsent: true });
}

function formatResult(result: ToolResult): string {
  return JSON.stringify(result.ok ? result.output : { error: result.error }) ?? "null";
}
