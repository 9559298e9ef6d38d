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

/** Descriptors are plain data that depend only on the tool and the grant rule: built once, shared by toolsets. */
const descriptorCache = new WeakMap<AnyTool, Map<string, ToolDescriptor>>();

/** The descriptor of `tool` as granted by `rule`: built once, then shared by every toolset. */
export function describeTool(tool: AnyTool, featureId: string, rule: string): ToolDescriptor {
  let byRule = descriptorCache.get(tool);
  if (byRule === undefined) {
    byRule = new Map();
    descriptorCache.set(tool, byRule);
  }
  const key = `${featureId}\u0000${rule}`;
  let descriptor = byRule.get(key);
  if (descriptor === undefined) {
    descriptor = Object.freeze(buildDescriptor(tool, featureId, rule));
    byRule.set(key, descriptor);
  }
  return descriptor;
}

function buildDescriptor(tool: AnyTool, featureId: string, rule: string): ToolDescriptor {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    featureId,
    capabilities: toolCapabilities(tool),
    hints: {
      readOnly: tool.hints?.readOnly ?? false,
      destructive: tool.hints?.destructive ?? false,
      idempotent: tool.hints?.idempotent ?? false,
    },
    // Converted on first read and shared by every toolset: listing names costs no conversion.
    get inputSchema() {
      return cachedJsonSchema(tool.input, "input");
    },
    get outputSchema() {
      return cachedJsonSchema(tool.output, "output");
    },
    rule,
  };
}
