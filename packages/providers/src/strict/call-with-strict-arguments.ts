import type { ToolDescriptor, ToolResult, Toolset } from "@podkit/core";
import { fromStrictArguments } from "./from-strict-arguments.js";

/**
 * Calls a tool with arguments a model made from its strict schema: they are mapped back to the
 * tool's own shape ({@link fromStrictArguments}), then called with `nullsAsAbsent`. A tool the
 * role lacks is answered by the toolset before its arguments are read, as any unknown tool is.
 */
export async function callWithStrictArguments(
  toolset: Toolset,
  name: string,
  input: unknown,
): Promise<ToolResult> {
  const descriptor = descriptorsOf(toolset).get(name);
  if (descriptor === undefined) return toolset.call(name, {});
  const decoded = fromStrictArguments(input, descriptor.inputSchema);
  if (!decoded.ok) {
    const at = decoded.path === "" ? "" : `\n  → at ${decoded.path}`;
    return {
      ok: false,
      error: {
        code: "invalid_input",
        message: `Invalid input for tool '${name}':\n✖ ${decoded.problem}${at}`,
      },
    };
  }
  return toolset.call(name, decoded.value, { nullsAsAbsent: true });
}

function descriptorsOf(toolset: Toolset): ReadonlyMap<string, ToolDescriptor> {
  return toolset.render(
    "@podkit/providers:descriptors",
    (tools) => new Map(tools.map((tool) => [tool.name, tool])),
  );
}
