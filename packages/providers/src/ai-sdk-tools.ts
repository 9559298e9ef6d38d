import { type ToolDescriptor, ToolRefusedError, type Toolset } from "@podkit/core";
import { jsonSchema, type Tool, tool } from "ai";
import { callWithStrictArguments } from "./strict/call-with-strict-arguments.js";
import { PORTABLE_STRICT } from "./strict/strict-profile.js";
import { toStrictSchema } from "./strict/to-strict-schema.js";

/** An AI SDK tool set: tool name to `tool(...)`, for `generateText({ tools })` and friends. */
export type AiSdkToolSet = Readonly<Record<string, Tool<unknown, unknown>>>;

/**
 * Which tools wait for a person's approval before they run (the AI SDK's `needsApproval`):
 * `"none"`, `"destructive"` (tools hinted destructive, e.g. `ticket_close`), `"writes"` (every
 * tool not hinted read-only), or a predicate over the tool's descriptor.
 */
export type AiSdkApprovalPolicy = "none" | "destructive" | "writes" | ((tool: ToolDescriptor) => boolean);

/** A choice per tool: for every tool (`true`/`false`) or by a predicate over its descriptor. */
export type AiSdkToolChoice = boolean | ((tool: ToolDescriptor) => boolean);

/** How `toAiSdkTools` turns a toolset into AI SDK tools: strict mode and approval per tool. */
export interface AiSdkToolsOptions {
  /**
   * Strict mode, the AI SDK's `strict` tool option (off by default; `true` for every tool, or a
   * predicate). A strict tool is sent with `strict: true` and a strict schema that both OpenAI and
   * Anthropic accept (every property required, optional ones nullable, records as `{ key, value }`
   * entries, bounds said in the description), so a provider that supports it only generates
   * inputs the schema allows; the calls are mapped back before the toolset validates them. Off,
   * the tool's own JSON Schema is sent with `strict: false`. Off by default because Anthropic's
   * strict tool use compiles all strict tools of a request into one grammar with caps on optional
   * and union-typed parameters that a role's tool list soon exceeds, failing the whole request;
   * turn it on for OpenAI models, or for the few tools that need it.
   */
  readonly strict?: AiSdkToolChoice;
  /**
   * Which tools wait for approval (`"none"` by default). A tool that needs approval is not run by
   * `generateText`: the step ends with a `tool-approval-request` for the host to answer. Off by
   * default because the role already decides what an agent may call, checked on every call, and
   * an unattended agent (a Pod) has nobody to ask; turn it on where a person is at hand.
   */
  readonly needsApproval?: AiSdkApprovalPolicy;
}

/**
 * The role's granted tools as Vercel AI SDK tools, built with the SDK's own `tool` and `jsonSchema`
 * helpers. `execute` goes through the toolset; a refusal throws {@link ToolRefusedError}, which the
 * SDK turns into a `tool-error` the model reads. Rendered once per registry generation and options.
 */
export function toAiSdkTools(toolset: Toolset, options: AiSdkToolsOptions = {}): AiSdkToolSet {
  const strict = options.strict ?? false;
  const approval = options.needsApproval ?? "none";
  return toolset.render(`ai-sdk:${choiceKey(strict)}:${choiceKey(approval)}`, (descriptors) =>
    Object.fromEntries(
      descriptors.map((descriptor) => [
        descriptor.name,
        toAiSdkTool(
          toolset,
          descriptor,
          typeof strict === "function" ? strict(descriptor) : strict,
          approval,
        ),
      ]),
    ),
  );
}

function toAiSdkTool(
  toolset: Toolset,
  descriptor: ToolDescriptor,
  strict: boolean,
  approval: AiSdkApprovalPolicy,
): Tool<unknown, unknown> {
  // Providers get the schema without the dialect URI, as Anthropic's tool format does too.
  const { $schema: _dialect, ...inputSchema } = descriptor.inputSchema;
  return tool<unknown, unknown>({
    description: descriptor.description,
    ...(descriptor.title === undefined ? {} : { title: descriptor.title }),
    // No `validate`: the toolset validates, and returns errors the model can act on.
    inputSchema: jsonSchema<unknown>(
      strict ? toStrictSchema(descriptor.inputSchema, PORTABLE_STRICT) : { ...inputSchema, type: "object" },
    ),
    strict,
    needsApproval: needsApproval(descriptor, approval),
    execute: async (input) => {
      const result = strict
        ? await callWithStrictArguments(toolset, descriptor.name, input)
        : await toolset.call(descriptor.name, input, { nullsAsAbsent: true });
      if (!result.ok) throw new ToolRefusedError(descriptor.name, result.error);
      return result.output;
    },
  });
}

function needsApproval(descriptor: ToolDescriptor, approval: AiSdkApprovalPolicy): boolean {
  if (typeof approval === "function") return approval(descriptor);
  if (approval === "destructive") return descriptor.hints.destructive;
  if (approval === "writes") return !descriptor.hints.readOnly;
  return false;
}

const predicateKeys = new WeakMap<(tool: ToolDescriptor) => boolean, number>();
let nextPredicateKey = 0;

/** A cache key for an option; each predicate function gets one of its own. */
function choiceKey(choice: AiSdkToolChoice | AiSdkApprovalPolicy): string {
  if (typeof choice !== "function") return String(choice);
  let key = predicateKeys.get(choice);
  if (key === undefined) {
    key = nextPredicateKey++;
    predicateKeys.set(choice, key);
  }
  return `predicate-${key}`;
}
