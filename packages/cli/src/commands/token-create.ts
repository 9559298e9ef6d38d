import { Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../cli-context.js";
import { usageError } from "../cli-error.js";
import { parseDuration } from "../format/parse-duration.js";
import { withSession } from "../session/open-session.js";
import { withConfigOption, withJsonOption } from "./common-options.js";
import { withCredentials } from "./with-credentials.js";

interface CreateOptions {
  readonly role: string;
  readonly agent: string;
  readonly ticket?: string;
  readonly expires?: number;
  readonly label?: string;
  readonly config?: string;
  readonly json?: boolean;
}

/**
 * `podkit token create --role R --agent ID [--ticket T-n] [--expires 8h] [--label TEXT]`: prints
 * the token once on stdout (only its hash is stored). The role must be one the configuration knows.
 */
export function tokenCreateCommand(context: CliContext): Command {
  const command = new Command("create")
    .description("Create a token for a role and agent id and print it once (only its hash is stored)")
    .requiredOption("--role <role>", "the role the token acts as (e.g. human, coder)")
    .requiredOption("--agent <id>", "the agent id history records for everything done with it")
    .option("--ticket <id>", "bind the token to one ticket (coder and reviewer tokens)")
    .option(
      "--expires <duration>",
      "expire after this long: 90s, 30m, 8h, 7d (default: never; revoke it)",
      expiry,
    )
    .option("--label <text>", "what the token is for, shown by 'podkit token list'");
  withJsonOption(command);
  withConfigOption(command);
  return command.action(async (options: CreateOptions) => {
    if (options.agent.trim() === "")
      throw usageError(
        `--agent is empty (was the variable you passed unset, such as $USER?): pass the agent id history records for this token, e.g. --agent "$(whoami)".`,
      );
    // The role is checked against the configured roles (built-in and role files) before anything is written.
    await withSession(context, options, async ({ podkit }) => {
      if (!podkit.roles.has(options.role))
        throw usageError(`Unknown role '${options.role}'. Roles: ${podkit.roles.roles().join(", ")}.`);
    });
    await withCredentials(context, options, async (store) => {
      const { token, credential } = await store.create({
        role: options.role,
        agentId: options.agent,
        ticketId: options.ticket,
        label: options.label,
        expiresAt: options.expires === undefined ? undefined : new Date(Date.now() + options.expires),
      });
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ ok: true, output: { token, credential } })}\n`);
        return;
      }
      context.stdout.write(`${token}\n`);
      const scope = credential.ticketId === undefined ? "" : `, ticket ${credential.ticketId}`;
      const until =
        credential.expiresAt === undefined ? "does not expire" : `expires ${credential.expiresAt}`;
      context.stderr.write(
        `Token ${credential.id} for ${credential.role} '${credential.agentId}'${scope}; ${until}. It is shown only now: keep it secret (PODKIT_TOKEN, or the board's sign-in).\n`,
      );
    });
  });
}

function expiry(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new InvalidArgumentError("expected a duration such as 90s, 30m, 8h or 7d (at most a year).");
  return ms;
}
