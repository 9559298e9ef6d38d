import { featureToolset } from "@podkit/core";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import type {
  TicketFeature,
  TicketToolInput,
  TicketToolName,
  TicketToolOutput,
} from "@podkit/ticket-lifecycle";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import { authenticate } from "../session/authenticate.js";
import { type Session, withSession } from "../session/open-session.js";
import { describeRole, type Identity, resolveIdentity, toolsetOptions } from "../session/resolve-identity.js";

/** Options of the human-facing `podkit ticket …` commands. */
export interface TicketCommandOptions {
  readonly config?: string;
  readonly agent?: string;
  readonly json?: boolean;
}

export interface TicketToolRun<Name extends TicketToolName> {
  readonly options: TicketCommandOptions;
  readonly tool: Name;
  readonly input: TicketToolInput<Name>;
  /** The output as text for a person. */
  readonly render: (output: TicketToolOutput<Name>, session: Session) => string;
  /** The exit status of a successful call (default 0), e.g. 1 when doctor found problems. */
  readonly exitCode?: (output: TicketToolOutput<Name>) => number;
}

/**
 * Runs one ticket tool for a human-facing command and prints the result: text through `render`,
 * or with `--json` the tool result as is. The command acts as role `human` unless PODKIT_ROLE
 * names another, so an agent's shell gets its own role's answer (a refusal, for the gate); under
 * `auth: required` a `PODKIT_TOKEN` that is set is the identity, as for `podkit call` — so a Pod
 * running `podkit ticket …` acts as its own credential (role, agent, ticket), never as the human.
 */
export async function runTicketTool<Name extends TicketToolName>(
  context: CliContext,
  run: TicketToolRun<Name>,
): Promise<void> {
  await withSession(context, run.options, async (session) => {
    const identity = await ticketCommandIdentity(context, session, run.options);
    const tickets = featureToolset<TicketFeature>(session.podkit.toolset(toolsetOptions(identity)));
    const result = await tickets.call(run.tool, run.input);
    if (result.ok) {
      const output = result.output;
      context.exitCode = run.exitCode?.(output) ?? EXIT.ok;
      context.stdout.write(run.options.json ? `${JSON.stringify(result)}\n` : run.render(output, session));
      return;
    }
    if (run.options.json) {
      context.stdout.write(`${JSON.stringify(result)}\n`);
      context.exitCode = EXIT.refused;
      return;
    }
    throw new CliError(
      result.error.code,
      `${run.tool} refused (${result.error.code}) for ${describeRole(identity)}: ${result.error.message}`,
      { exitCode: EXIT.refused },
    );
  });
}

/** The human at the terminal, unless `auth: required` and a `PODKIT_TOKEN` say who this is. */
async function ticketCommandIdentity(
  context: CliContext,
  session: Session,
  options: TicketCommandOptions,
): Promise<Identity> {
  const token = context.env[POD_ENV.token];
  if (session.config.auth === "required" && token !== undefined && token !== "")
    return (await authenticate(context, session.config, { agent: options.agent })).identity;
  return resolveIdentity({ agent: options.agent }, context.env, { defaultRole: "human" });
}
