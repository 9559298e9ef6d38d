import type { JsonSchema, ToolDescriptor, ToolResult, Toolset } from "@podkit/core";
import { callWithStrictArguments } from "./strict/call-with-strict-arguments.js";
import { OPENAI_STRICT } from "./strict/strict-profile.js";
import { toStrictSchema } from "./strict/to-strict-schema.js";

/** An OpenAI Chat Completions function tool in strict mode (`chat.completions.create({ tools })`). */
export interface OpenAiFunctionTool {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: JsonSchema;
    readonly strict: true;
  };
}

/** An OpenAI Responses API function tool in strict mode (`responses.create({ tools })`): flat, no `function` wrapper. */
export interface OpenAiResponsesFunctionTool {
  readonly type: "function";
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly strict: true;
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
 * The role's granted tools as OpenAI Chat Completions function tools in strict mode: every
 * property required (optional ones nullable), records as lists of `{ key, value }` entries,
 * only the keywords OpenAI documents (see `toStrictSchema`). Answer the calls with
 * {@link callOpenAiTool}, which maps the arguments back. Rendered once per registry generation;
 * each call returns a new array of the shared tool objects.
 */
export function toOpenAiTools(toolset: Toolset): OpenAiFunctionTool[] {
  return [...toolset.render("openai", renderChatTools)];
}

/**
 * The same tools in the Responses API's shape (`{ type, name, description, parameters, strict }`),
 * for `responses.create({ tools })`; answer its `function_call` items with {@link callOpenAiTool}.
 */
export function toOpenAiResponsesTools(toolset: Toolset): OpenAiResponsesFunctionTool[] {
  return [...toolset.render("openai-responses", renderResponsesTools)];
}

function renderChatTools(tools: readonly ToolDescriptor[]): OpenAiFunctionTool[] {
  return renderResponsesTools(tools).map(({ name, description, parameters, strict }) => ({
    type: "function",
    function: { name, description, parameters, strict },
  }));
}

function renderResponsesTools(tools: readonly ToolDescriptor[]): OpenAiResponsesFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    name: tool.name,
    description: tool.description,
    parameters: toStrictSchema(tool.inputSchema, OPENAI_STRICT),
    strict: true,
  }));
}

/**
 * Runs a model's tool call through the toolset and returns what to send back. Arguments are a JSON
 * string made from the strict schema: records given as entries and the `null`s of optional fields
 * are mapped back to the tool's own shape before validation. A refusal is the JSON
 * `{"error":{"code","message"}}`, since OpenAI has no error flag.
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
  return callWithStrictArguments(toolset, name, input);
}

function formatResult(result: ToolResult): string {
  return JSON.stringify(result.ok ? result.output : { error: result.error }) ?? "null";
}
