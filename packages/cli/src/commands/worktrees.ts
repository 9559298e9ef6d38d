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
  /** `prune --force`: remove worktrees with uncommitted changes too. */
  readonly force?: boolean;
}

/**
 * An attempt on disk with its ticket's state (`unknown` when the store has no such ticket) and the
 * ticket's current lease token, when it holds one.
 */
interface AttemptRow extends AttemptOnDisk {
  readonly state: string;
  readonly leaseToken?: number;
}

/** Tickets whose worktrees `prune` removes: finished, so no attempt of theirs goes on. */
const FINISHED = new Set(["done", "closed", "blocked"]);
/** Tickets whose merged branches `prune` deletes; a blocked ticket's branch is kept for whoever unblocks it. */
const BRANCH_DONE = new Set(["done", "closed"]);

/**
 * Why `prune` may remove an attempt: its ticket is finished, or the ticket is in progress under
 * another token (the attempt's lease was lost or taken over); undefined for the live attempt and
 * every other state.
 */
function pruneReason(row: AttemptRow): string | undefined {
  if (FINISHED.has(row.state)) return row.state;
  if (row.state === "inprogress" && row.leaseToken !== undefined && row.leaseToken !== row.token)
    return `inprogress, superseded by t${row.leaseToken}`;
  return undefined;
}

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
    "Remove the worktrees of done, closed and blocked tickets and of superseded attempts, and done or closed tickets' merged branches (never the live attempt's worktree, never unmerged work; a worktree with uncommitted changes only with --force)",
  );
  withJsonOption(withConfigOption(prune));
  prune.option("--force", "also remove worktrees that have uncommitted changes (those changes are lost)");
  prune.action(async (own: WorktreesOptions) => {
    // `--json` and `--config` given after `prune` may land on the parent command, which has them too.
    const options: WorktreesOptions = { ...command.opts<WorktreesOptions>(), ...own };
    await withSession(context, options, async (session) => {
      const { config } = session;
      const section = orchestratorDefaults(config);
      const cleaner = new WorktreeCleaner({ repository: config.directory });
      const removed: (AttemptRow & { reason: string; worktreeRemoved: boolean; branchDeleted: boolean })[] =
        [];
      const kept: (AttemptRow & { reason: string })[] = [];
      for (const row of await attemptRows(session)) {
        const reason = pruneReason(row);
        if (reason === undefined) continue;
        const outcome = await cleaner.remove(row, {
          deleteBranch: section.deleteMergedBranches && BRANCH_DONE.has(row.state),
          baseBranch: section.baseBranch,
          keepUncommitted: options.force !== true,
        });
        if (outcome.keptUncommitted) kept.push({ ...row, reason });
        else if (outcome.worktreeRemoved || outcome.branchDeleted)
          removed.push({ ...row, reason, ...outcome });
      }
      context.exitCode = EXIT.ok;
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ removed, kept })}\n`);
        return;
      }
      const lines = removed.map(
        (row) =>
          `${row.ticketId} t${row.token} (${row.reason}): ${[
            row.worktreeRemoved ? `removed worktree ${row.path}` : "",
            row.branchDeleted ? `deleted branch ${row.branch}` : "",
          ]
            .filter(Boolean)
            .join(", ")}`,
      );
      for (const row of kept)
        lines.push(
          `${row.ticketId} t${row.token} (${row.reason}): kept worktree ${row.path}: it has uncommitted changes (commit or discard them, or prune --force)`,
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
  const found = new Map<string, { state: string; leaseToken?: number }>();
  for (const ticketId of new Set(attempts.map((attempt) => attempt.ticketId))) {
    const shown = await tickets.call("ticket_show", { ticketId, historyLimit: 1 });
    const ticket = shown.ok ? shown.output.ticket : undefined;
    const leaseToken = ticket?.lease?.token;
    found.set(ticketId, {
      state: ticket?.state ?? "unknown",
      ...(leaseToken === undefined ? {} : { leaseToken }),
    });
  }
  return attempts.map((attempt) => ({
    ...attempt,
    ...(found.get(attempt.ticketId) ?? { state: "unknown" }),
  }));
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
