import type { Toolset } from "@podkit/core";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { EXIT, usageError } from "../cli-error.js";
import { readStream } from "../read-stream.js";
import { authenticate } from "../session/authenticate.js";
import { withSession } from "../session/open-session.js";
import { toolsetOptions } from "../session/resolve-identity.js";
import { withConfigOption, withTokenIdentityNote } from "./common-options.js";

interface CallOptions {
  readonly role?: string;
  readonly tool: string;
  readonly input: string;
  readonly agent?: string;
  readonly ticket?: string;
  readonly leaseToken?: string;
  readonly config?: string;
}

/**
 * `podkit call --role R --tool T --input JSON`: one tool call, exactly as an agent makes it.
 * Prints one JSON object, `{ ok: true, output }` or `{ ok: false, error }`; exit 0 or 1.
 */
export function callCommand(context: CliContext): Command {
  const command = new Command("call")
    .description(
      "Call one tool as a role and print the result as one JSON object (exit 0 ok, 1 refused, 2 usage)",
    )
    .option(
      "--role <role>",
      `the role to act as (default: $${POD_ENV.role}); under 'auth: required' the role of $${POD_ENV.token}`,
    )
    .requiredOption("--tool <name>", "the tool to call, e.g. ticket_show")
    .requiredOption(
      "--input <json>",
      "the tool input as a JSON object, or '-' to read it from standard input",
    )
    .option(
      "--agent <id>",
      `agent id recorded in history (default: $${POD_ENV.agentId}, else your user name)`,
    )
    .option("--ticket <id>", `the ticket this agent is bound to (default: $${POD_ENV.ticketId})`)
    .option(
      "--lease-token <n>",
      `fills a missing 'token' field of the input (default: $${POD_ENV.leaseToken})`,
    );
  withConfigOption(command);
  withTokenIdentityNote(command);
  return command.action(async (options: CallOptions) => {
    const input = parseInput(options.input === "-" ? await readStream(context.stdin) : options.input);
    await withSession(context, options, async ({ config, podkit }) => {
      // Under `auth: required` the identity is PODKIT_TOKEN's alone; checked before any tool runs.
      const { identity } = await authenticate(context, config, options, { withLeaseToken: true });
      const toolset = podkit.toolset(toolsetOptions(identity));
      const filled = withLeaseToken(toolset, options.tool, input, identity.leaseToken);
      // A model in OpenAI strict mode sends null for fields it leaves out; read those as absent.
      const result = await toolset.call(options.tool, filled, { nullsAsAbsent: true });
      context.stdout.write(`${JSON.stringify(result)}\n`);
      context.exitCode = result.ok ? EXIT.ok : EXIT.refused;
    });
  });
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(
      `--input is not valid JSON (${(error as Error).message}). Pass the tool input as one JSON object, e.g. --input '{"ticketId":"T-1"}'.`,
      error,
    );
  }
}

/** Fills `token` from PODKIT_LEASE_TOKEN or --lease-token when the tool's input has one and the caller left it out. */
function withLeaseToken(toolset: Toolset, tool: string, input: unknown, token: number | undefined): unknown {
  if (token === undefined || typeof input !== "object" || input === null || Array.isArray(input))
    return input;
  if ((input as Record<string, unknown>).token != null) return input;
  const properties = toolset.list().find((descriptor) => descriptor.name === tool)?.inputSchema.properties;
  if (typeof properties !== "object" || properties === null || !Object.hasOwn(properties, "token"))
    return input;
  return { ...input, token };
}
