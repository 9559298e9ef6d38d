import type { TicketBackend } from "@podkit/ticket-lifecycle";
import { copyTickets } from "@podkit/ticket-lifecycle/import";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT, errorMessage, usageError } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { openTicketBackend } from "../config/open-ticket-backend.js";
import { renderCopyResult } from "../format/copy-view.js";
import { resolveConfig } from "../session/resolve-config.js";
import { describeRole, resolveIdentity } from "../session/resolve-identity.js";
import { withAgentOption, withJsonOption } from "./common-options.js";

interface CopyOptions {
  readonly fromConfig: string;
  readonly toConfig: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly agent?: string;
}

/**
 * `podkit ticket copy --from-config A --to-config B [--dry-run]`: copies every ticket with its
 * whole history from the store A configures to the one B configures (a file queue into
 * PostgreSQL, or back). Tickets B has already are skipped, never merged. Exit status 1 when a
 * ticket was skipped for any reason but having been copied before.
 */
export function ticketCopyCommand(context: CliContext): Command {
  const command = new Command("copy")
    .description("Copy every ticket with its history from one configured store to another (file ⇄ postgres)")
    .requiredOption("--from-config <file>", "the configuration whose backend is read")
    .requiredOption("--to-config <file>", "the configuration whose backend receives the tickets")
    .option("--dry-run", "check and report everything, write nothing");
  for (const add of [withJsonOption, withAgentOption]) add(command);
  return command.action(async (options: CopyOptions) => {
    const identity = resolveIdentity({ agent: options.agent }, context.env, { defaultRole: "human" });
    // Whole histories go straight to the store, past every tool: a human's act only.
    if (identity.role !== "human")
      throw usageError(
        `Only the human operator copies tickets; this command runs as ${describeRole(identity)}.`,
      );
    const from = resolveConfig({ config: options.fromConfig, cwd: context.cwd });
    const to = resolveConfig({ config: options.toConfig, cwd: context.cwd });
    const source = await open(from, context);
    try {
      const target = await open(to, context);
      try {
        const result = await copyTickets({
          from: source,
          to: target,
          ...(options.dryRun ? { dryRun: true } : {}),
        });
        const refused = result.skipped.filter((skipped) => skipped.reason !== "already_copied");
        context.exitCode = refused.length === 0 ? EXIT.ok : EXIT.refused;
        context.stdout.write(
          options.json
            ? `${JSON.stringify({ ok: true, output: result })}\n`
            : renderCopyResult(result, { from: from.file, to: to.file, dryRun: options.dryRun ?? false }),
        );
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  });
}

async function open(config: PodkitConfig, context: CliContext): Promise<TicketBackend> {
  try {
    return await openTicketBackend(config.backend, context.env);
  } catch (error) {
    throw new CliError(
      "invalid_config",
      `The ticket store configured in ${config.file} cannot be opened: ${errorMessage(error)}`,
      { exitCode: EXIT.usage, cause: error },
    );
  }
}
