import type { Toolset } from "@podkit/core";
import { toMcpTools } from "@podkit/mcp";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import {
  estimateToolListTokens,
  formatToolListCost,
  toAnthropicTools,
  toOpenAiResponsesTools,
  toOpenAiTools,
} from "@podkit/providers";
import { Command, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import { renderToolsTable } from "../format/tools-table.js";
import { withSession } from "../session/open-session.js";
import { resolveIdentity } from "../session/resolve-identity.js";
import { withConfigOption } from "./common-options.js";

/** Output formats of `podkit tools`. */
export const TOOL_FORMATS = ["table", "json", "mcp", "openai", "openai-responses", "anthropic"] as const;
type ToolFormat = (typeof TOOL_FORMATS)[number];

interface ToolsOptions {
  readonly role?: string;
  readonly format: ToolFormat;
  readonly config?: string;
}

const RENDERERS: Record<Exclude<ToolFormat, "table">, (toolset: Toolset) => unknown> = {
  json: (toolset) =>
    toolset.list().map(({ name, description, inputSchema, outputSchema }) => ({
      name,
      description,
      inputSchema,
      outputSchema,
    })),
  mcp: toMcpTools,
  openai: toOpenAiTools,
  "openai-responses": toOpenAiResponsesTools,
  anthropic: toAnthropicTools,
};

/** `podkit tools --role R [--format F]`: the tools a role is granted, for a person or an agent runtime. */
export function toolsCommand(context: CliContext): Command {
  const command = new Command("tools")
    .description("List the tools a role is granted, as a table or as tool definitions for an agent runtime")
    .option("--role <role>", `the role (default: $${POD_ENV.role})`)
    .addOption(
      new Option(
        "--format <format>",
        "table, or JSON for a runtime: json, mcp, openai (Chat Completions, strict), openai-responses (Responses API, strict), anthropic",
      )
        .choices(TOOL_FORMATS)
        .default("table"),
    );
  withConfigOption(command);
  return command.action(async (options: ToolsOptions) => {
    const identity = resolveIdentity({ role: options.role }, context.env);
    await withSession(context, options, async ({ podkit }) => {
      const toolset = podkit.toolset({ role: identity.role, agentId: identity.agentId });
      const tools = toolset.list();
      context.stdout.write(
        options.format === "table"
          ? renderToolsTable(identity.role, tools)
          : `${JSON.stringify(RENDERERS[options.format](toolset), null, 2)}\n`,
      );
      if (options.format === "table" && tools.length > 0)
        context.stdout.write(`${formatToolListCost(await estimateToolListTokens(toolset))}\n`);
    });
  });
}
