import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { TicketBackend } from "@podkit/ticket-lifecycle";
import { importOriginTickets } from "@podkit/ticket-lifecycle/import";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT, errorMessage, usageError } from "../cli-error.js";
import { openTicketBackend } from "../config/open-ticket-backend.js";
import { renderImportResult } from "../format/import-view.js";
import { resolveConfig } from "../session/resolve-config.js";
import { describeRole, resolveIdentity } from "../session/resolve-identity.js";
import { withAgentOption, withConfigOption, withJsonOption } from "./common-options.js";
import { createImportProgressPrinter } from "./import-progress.js";
import type { TicketCommandOptions } from "./run-ticket-tool.js";

interface ImportOptions extends TicketCommandOptions {
  readonly dryRun?: boolean;
}

/**
 * `podkit ticket import DIR [--dry-run]`: brings the origin project's tickets (directories with
 * `item.md` and `thread.md`, flat or in buckets such as `open/` and `closed/`) into the
 * configured store, showing progress on stderr and a summary of notes by kind. `--dry-run`
 * prints the same and writes nothing. Exit status 1 when any ticket was skipped.
 */
export function ticketImportCommand(context: CliContext): Command {
  const command = new Command("import")
    .description("Import tickets from the origin project's layout (directories with item.md and thread.md)")
    .argument(
      "<dir>",
      "the directory that holds one directory per ticket, or buckets of them (open/, closed/, …)",
    )
    .option("--dry-run", "check and report everything, write nothing");
  for (const add of [withJsonOption, withAgentOption, withConfigOption]) add(command);
  return command.action(async (dir: string, options: ImportOptions) => {
    const identity = resolveIdentity({ agent: options.agent }, context.env, { defaultRole: "human" });
    // The import writes whole histories straight to the store, past every tool: a human's act only.
    if (identity.role !== "human")
      throw usageError(
        `Only the human operator imports tickets; this command runs as ${describeRole(identity)}.`,
      );
    const sourceDir = resolve(context.cwd, dir);
    if (!statSync(sourceDir, { throwIfNoEntry: false })?.isDirectory())
      throw usageError(`'${dir}' is not a directory (looked for ${sourceDir}).`);
    const config = resolveConfig({ config: options.config, cwd: context.cwd, env: context.env });
    let backend: TicketBackend;
    try {
      backend = await openTicketBackend(config.backend);
    } catch (error) {
      throw new CliError(
        "invalid_config",
        `The ticket store configured in ${config.file} cannot be opened: ${errorMessage(error)}`,
        { exitCode: EXIT.usage, cause: error },
      );
    }
    // Progress goes to stderr, so stdout holds only the result (and `--json` stays one document).
    const progress = createImportProgressPrinter(context.stderr, { dryRun: options.dryRun ?? false });
    try {
      const result = await importOriginTickets({
        sourceDir,
        backend,
        actor: { role: "import", agentId: identity.agentId },
        ...(options.dryRun ? { dryRun: true } : {}),
        onProgress: progress.onProgress,
      });
      progress.finish();
      context.exitCode = result.skipped.length === 0 ? EXIT.ok : EXIT.refused;
      context.stdout.write(
        options.json ? `${JSON.stringify({ ok: true, output: result })}\n` : renderImportResult(result, dir),
      );
    } finally {
      progress.finish();
      await backend.close();
    }
  });
}
