import { featureToolset } from "@podkit/core";
import { type AttemptOnDisk, listAttemptsOnDisk, WorktreeCleaner } from "@podkit/orchestrator-automation";
import type { TicketFeature } from "@podkit/ticket-lifecycle";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { type Column, renderTable } from "../format/render-table.js";
import { terminalLine } from "../format/terminal-text.js";
import { type Session, withSession } from "../session/open-session.js";
import { withConfigOption, withJsonOption } from "./common-options.js";

interface WorktreesOptions {
  readonly config?: string;
  readonly json?: boolean;
}

/** An attempt on disk with its ticket's state (`unknown` when the store has no such ticket). */
interface AttemptRow extends AttemptOnDisk {
  readonly state: string;
}

/** Tickets whose worktrees `prune` removes: finished, so no Pod can be working in them. */
const FINISHED = new Set(["done", "closed"]);

const COLUMNS: readonly Column<AttemptRow>[] = [
  { header: "TICKET", value: (row) => terminalLine(row.ticketId) },
  { header: "TOKEN", value: (row) => String(row.token) },
  { header: "STATE", value: (row) => row.state },
  { header: "BRANCH", value: (row) => (row.hasBranch ? row.branch : "-") },
  { header: "WORKTREE", value: (row) => (row.hasWorktree ? row.path : "-") },
];

/** `podkit worktrees [--json]` and `podkit worktrees prune [--json]`. */
export function worktreesCommand(context: CliContext): Command {
  const command = new Command("worktrees").description(
    "List the worktrees and branches podkit made, with their ticket and its state",
  );
  withJsonOption(withConfigOption(command));
  command.action(async (options: WorktreesOptions) => {
    await withSession(context, options, async (session) => {
      const rows = await attemptRows(session);
      context.stdout.write(options.json ? `${JSON.stringify({ worktrees: rows })}\n` : renderRows(rows));
      context.exitCode = EXIT.ok;
    });
  });
  const prune = new Command("prune").description(
    "Remove the worktrees of done and closed tickets, and their branches once merged (never an in-progress ticket's)",
  );
  withJsonOption(withConfigOption(prune));
  prune.action(async (own: WorktreesOptions) => {
    // `--json` and `--config` given after `prune` may land on the parent command, which has them too.
    const options: WorktreesOptions = { ...command.opts<WorktreesOptions>(), ...own };
    await withSession(context, options, async (session) => {
      const { config } = session;
      const section = orchestratorDefaults(config);
      const cleaner = new WorktreeCleaner({ repository: config.directory });
      const removed: (AttemptRow & { worktreeRemoved: boolean; branchDeleted: boolean })[] = [];
      for (const row of await attemptRows(session)) {
        if (!FINISHED.has(row.state)) continue;
        const outcome = await cleaner.remove(row, {
          deleteBranch: section.deleteMergedBranches,
          baseBranch: section.baseBranch,
        });
        if (outcome.worktreeRemoved || outcome.branchDeleted) removed.push({ ...row, ...outcome });
      }
      context.exitCode = EXIT.ok;
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ removed })}\n`);
        return;
      }
      const lines = removed.map(
        (row) =>
          `${row.ticketId} t${row.token} (${row.state}): ${[
            row.worktreeRemoved ? `removed worktree ${row.path}` : "",
            row.branchDeleted ? `deleted branch ${row.branch}` : "",
          ]
            .filter(Boolean)
            .join(", ")}`,
      );
      lines.push(removed.length === 0 ? "Nothing to prune." : `Pruned ${removed.length} attempt(s).`);
      context.stdout.write(`${lines.join("\n")}\n`);
    });
  });
  return command.addCommand(prune);
}

async function attemptRows(session: Session): Promise<AttemptRow[]> {
  const { config, podkit } = session;
  const attempts = await listAttemptsOnDisk({
    repository: config.directory,
    root: orchestratorDefaults(config).worktreeRoot,
  });
  const tickets = featureToolset<TicketFeature>(
    podkit.toolset({ role: "human", agentId: "podkit-worktrees" }),
  );
  const states = new Map<string, string>();
  for (const ticketId of new Set(attempts.map((attempt) => attempt.ticketId))) {
    const shown = await tickets.call("ticket_show", { ticketId, historyLimit: 1 });
    states.set(ticketId, shown.ok ? shown.output.ticket.state : "unknown");
  }
  return attempts.map((attempt) => ({ ...attempt, state: states.get(attempt.ticketId) ?? "unknown" }));
}

function orchestratorDefaults(config: PodkitConfig) {
  return {
    worktreeRoot: config.orchestrator?.worktreeRoot ?? `${config.directory}/.podkit/worktrees`,
    baseBranch: config.orchestrator?.baseBranch ?? "main",
    deleteMergedBranches: config.orchestrator?.deleteMergedBranches ?? true,
  };
}

function renderRows(rows: readonly AttemptRow[]): string {
  if (rows.length === 0) return "No podkit worktrees or branches.\n";
  return `${renderTable(COLUMNS, rows)}\n${rows.length} attempt(s).\n`;
}
