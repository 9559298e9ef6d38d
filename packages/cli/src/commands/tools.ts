import type { Toolset } from "@podkit/core";
import { toMcpTools } from "@podkit/mcp";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import {
  estimateRolePromptTokens,
  formatRolePromptCost,
  toAnthropicTools,
  toOpenAiResponsesTools,
  toOpenAiTools,
} from "@podkit/providers";
import { ticketRoleWarnings } from "@podkit/ticket-lifecycle";
import { Command, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import { renderRoleInstructions } from "../format/role-instructions-view.js";
import { formatRoleWarning } from "../format/role-warning-view.js";
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

/**
 * `podkit tools --role R [--format F]`: the tools a role is granted, for a person or an agent
 * runtime. The table also shows the role's instructions and what both cost a model in tokens.
 */
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
    await withSession(context, options, async ({ podkit }) => {
      const identity = resolveIdentity({ role: options.role }, context.env, {
        knownRoles: podkit.roles.roles(),
      });
      const toolset = podkit.toolset({ role: identity.role, agentId: identity.agentId });
      const tools = toolset.list();
      if (options.format !== "table") {
        context.stdout.write(`${JSON.stringify(RENDERERS[options.format](toolset), null, 2)}\n`);
        return;
      }
      // Printed on stderr at load for every role; here again, beside the tools it is about.
      for (const warning of ticketRoleWarnings(podkit.roles))
        if (warning.role === identity.role) context.stdout.write(formatRoleWarning(warning));
      context.stdout.write(renderRoleInstructions(identity.role, toolset.instructions()));
      context.stdout.write(renderToolsTable(identity.role, tools));
      if (tools.length > 0 || toolset.instructions() !== "")
        context.stdout.write(`${formatRolePromptCost(await estimateRolePromptTokens(toolset))}\n`);
    });
  });
}
