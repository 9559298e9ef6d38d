import { cachedJsonSchema } from "./schema/cached-json-schema.js";
import type { JsonSchema } from "./schema/json-schema.js";
import { type AnyTool, toolCapabilities } from "./tool.js";

/** A granted tool as a client sees it: data only, with JSON Schemas computed once. */
export interface ToolDescriptor {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly featureId: string;
  /** The capabilities any of which grants this tool. */
  readonly capabilities: readonly string[];
  readonly hints: { readonly readOnly: boolean; readonly destructive: boolean; readonly idempotent: boolean };
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  /** The grant rule that made this tool visible. */
  readonly rule: string;
}

/**
 * Descriptors are plain data that depend only on the tool, its feature and the grant rule: built
 * once, shared by toolsets. Most tools are only ever granted under one rule, so that descriptor
 * is kept directly; descriptors for further rules go in a per-tool map.
 */
const firstDescriptor = new WeakMap<AnyTool, ToolDescriptor>();
const otherDescriptors = new WeakMap<AnyTool, Map<string, ToolDescriptor>>();

/** The descriptor of `tool` as granted by `rule`: built once, then shared by every toolset. */
export function describeTool(tool: AnyTool, featureId: string, rule: string): ToolDescriptor {
  const first = firstDescriptor.get(tool);
  if (first === undefined) {
    const descriptor = buildDescriptor(tool, featureId, rule);
    firstDescriptor.set(tool, descriptor);
    return descriptor;
  }
  if (first.rule === rule && first.featureId === featureId) return first;
  let byRule = otherDescriptors.get(tool);
  if (byRule === undefined) {
    byRule = new Map();
    otherDescriptors.set(tool, byRule);
  }
  const key = `${featureId}\u0000${rule}`;
  let descriptor = byRule.get(key);
  if (descriptor === undefined) {
    descriptor = buildDescriptor(tool, featureId, rule);
    byRule.set(key, descriptor);
  }
  return descriptor;
}

/**
 * One frozen descriptor. `inputSchema` and `outputSchema` are own enumerable getters, so a
 * descriptor spreads and serializes like plain data, yet a zod schema is converted only when one
 * is first read — and then once per schema for every toolset ({@link cachedJsonSchema}).
 */
function buildDescriptor(tool: AnyTool, featureId: string, rule: string): ToolDescriptor {
  const hints = {
    readOnly: tool.hints?.readOnly ?? false,
    destructive: tool.hints?.destructive ?? false,
    idempotent: tool.hints?.idempotent ?? false,
  };
  const capabilities = toolCapabilities(tool);
  const descriptor: ToolDescriptor =
    tool.title === undefined
      ? {
          name: tool.name,
          description: tool.description,
          featureId,
          capabilities,
          hints,
          get inputSchema() {
            return cachedJsonSchema(tool.input, "input");
          },
          get outputSchema() {
            return cachedJsonSchema(tool.output, "output");
          },
          rule,
        }
      : {
          name: tool.name,
          title: tool.title,
          description: tool.description,
          featureId,
          capabilities,
          hints,
          get inputSchema() {
            return cachedJsonSchema(tool.input, "input");
          },
          get outputSchema() {
            return cachedJsonSchema(tool.output, "output");
          },
          rule,
        };
  return Object.freeze(descriptor);
}
