import type { PodkitEmitter } from "@podkit/core";
import type { OrchestratorPolicy } from "./orchestrator-policy.js";
import type { TicketClient, TicketSummaryView } from "./ticket-client.js";
import type { WorktreeManager } from "./worktree-manager.js";

const RESOLVED = new Set(["done", "closed"]);
const NOTE_PREFIX = "Not starting yet:";
const BRANCH_CHECK_TTL_MS = 1_000;

/**
 * Decides whether a queued ticket can start now (dependencies resolved, base branch present)
 * and leaves at most one note per reason on a ticket that has to wait.
 */
export class QueueInspector {
  readonly #noted = new Map<string, string>();
  #branchCheck: { readonly at: number; readonly present: Promise<boolean> } | undefined;

  constructor(
    private readonly options: {
      client: TicketClient;
      worktrees: WorktreeManager;
      policy: OrchestratorPolicy;
      events: PodkitEmitter;
    },
  ) {}

  async canStart(ticket: TicketSummaryView): Promise<boolean> {
    const reason = await this.#blocker(ticket);
    if (reason === undefined) return true;
    await this.#note(ticket.id, reason);
    return false;
  }

  /** Whether any queued ticket not already running could start now. */
  async hasStartable(active: ReadonlyMap<string, unknown>): Promise<boolean> {
    const queued = await this.options.client.list(["queued"]);
    for (const ticket of queued) {
      if (!active.has(ticket.id) && (await this.#blocker(ticket)) === undefined) return true;
    }
    return false;
  }

  async #blocker(ticket: TicketSummaryView): Promise<string | undefined> {
    // Its state may be forged: the store refuses to accept it too, this says why where people look.
    if (ticket.damaged)
      return `Not starting: the history of ${ticket.id} holds events no granted command could have written, so its state cannot be trusted. 'podkit ticket doctor' says which; a person must repair or close it.`;
    const waiting: string[] = [];
    for (const dependency of ticket.dependsOn) {
      const state = await this.options.client
        .show(dependency, 0)
        .then((shown) => shown.state)
        .catch(() => "missing");
      if (!RESOLVED.has(state)) waiting.push(`${dependency} (${state})`);
    }
    if (waiting.length > 0) return `${NOTE_PREFIX} waiting for ${waiting.join(", ")} to be done.`;
    if (!(await this.#baseBranchPresent())) {
      return `${NOTE_PREFIX} base branch '${this.options.policy.baseBranch}' does not exist in the repository (a new one has no branch until its first commit). Commit to it, or set baseBranch (orchestrator.baseBranch in podkit.config.yaml) to the branch tickets start from.`;
    }
    return undefined;
  }

  /** Whether the base branch exists; asked of git at most once a second, not once per queued ticket. */
  async #baseBranchPresent(): Promise<boolean> {
    const now = Date.now();
    if (this.#branchCheck === undefined || now - this.#branchCheck.at > BRANCH_CHECK_TTL_MS) {
      this.#branchCheck = {
        at: now,
        present: this.options.worktrees.hasBranch(this.options.policy.baseBranch),
      };
    }
    return this.#branchCheck.present;
  }

  async #note(ticketId: string, reason: string): Promise<void> {
    if (this.#noted.get(ticketId) === reason) return;
    this.#noted.set(ticketId, reason);
    this.options.events.emit("ticket-waiting", { ticketId, reason });
    const history = await this.options.client.show(ticketId, 50);
    const already = history.events.some(
      (event) =>
        event.kind === "comment" && event.body === reason && event.agentId === this.options.client.agentId,
    );
    if (!already) await this.options.client.comment(ticketId, reason);
  }
}
