import { randomUUID } from "node:crypto";
import type { Span } from "@opentelemetry/api";
import {
  inSpan,
  type Logger,
  PODKIT_ATTRIBUTES,
  type PodkitEmitter,
  silentLogger,
  ToolRefusedError,
  type Toolset,
} from "@podkit/core";
// The ticket feature declares `ticket-changed` on PodkitEvents; this import brings that declaration.
import type { TicketChange } from "@podkit/ticket-lifecycle";
import { keepLease } from "./lease-keeper.js";
import type { Merger } from "./merge-step.js";
import type { PipelineStep } from "./orchestrator-events.js";
import { launchMarginMsOf, type OrchestratorPolicy, renewEveryMsOf } from "./orchestrator-policy.js";
import { PIPELINE_SPANS, startTicketSpan, ticketAttributes, withSpan } from "./pipeline-spans.js";
import type { PodLauncher } from "./pod-launcher.js";
import type { PodSetup } from "./pod-setup.js";
import { QueueInspector } from "./queue-inspector.js";
import { TicketClient, type TicketSummaryView } from "./ticket-client.js";
import { type PipelineOutcome, runTicketPipeline } from "./ticket-pipeline.js";
import type { WorktreeCleaner } from "./worktree-cleaner.js";
import type { WorktreeManager } from "./worktree-manager.js";

/** What an `Orchestrator` works with: its orchestrator-role toolset, worktrees, Pod launcher, policy, event bus and logger. */
export interface OrchestratorOptions {
  /** An orchestrator-role toolset: the only way this package reaches tickets. */
  readonly toolset: Toolset;
  readonly worktrees: WorktreeManager;
  readonly pods: PodLauncher;
  readonly policy: OrchestratorPolicy;
  /** Where `ticket-changed` notifications arrive and orchestrator events go (the registry's emitter). */
  readonly events: PodkitEmitter;
  readonly logger?: Logger;
  /** Wake on `ticket-changed` notifications (default true); false leaves only the periodic scan. */
  readonly notifications?: boolean;
  readonly onStep?: (step: PipelineStep, ticketId: string, token: number) => void;
  /** Merges approved branches into the base branch; required by policy `onApproved: merge`. */
  readonly merger?: Merger;
  /** Removes done and blocked tickets' worktrees, and merged branches (policy `keepWorktrees`, `deleteMergedBranches`). */
  readonly cleaner?: WorktreeCleaner;
  /** Role instructions, the MCP server and Pod credentials, for each Pod's prompt, MCP config and token. */
  readonly podSetup?: PodSetup;
}

/**
 * Routes queued tickets: wakes on `ticket-changed` notifications and on a periodic scan,
 * inspects each queued ticket, accepts it, and drives the accepted ticket's pipeline.
 * On start it resumes the tickets it holds from their recorded intents.
 */
export class Orchestrator {
  /** The typed ticket calls this orchestrator makes through its toolset. */
  readonly client: TicketClient;
  readonly #options: OrchestratorOptions;
  readonly #logger: Logger;
  readonly #inspector: QueueInspector;
  readonly #active = new Map<string, Promise<PipelineOutcome | "error">>();
  #scanning: Promise<void> | undefined;
  #rescan = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = true;

  constructor(options: OrchestratorOptions) {
    if (options.policy.onApproved === "merge") {
      if (options.merger === undefined)
        throw new Error(
          "Orchestrator policy onApproved: merge needs a merger (e.g. new BranchMerger({ repository })).",
        );
      if (!options.toolset.list().some((tool) => tool.name === "ticket_lock_acquire"))
        throw new Error(
          `Orchestrator policy onApproved: merge needs the store lock tools, and role '${options.toolset.actor.role}' lacks them: grant it the ticket-lifecycle capability 'lock' (the built-in orchestrator profile has it).`,
        );
    }
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.client = new TicketClient(options.toolset);
    this.#inspector = new QueueInspector({
      client: this.client,
      worktrees: options.worktrees,
      policy: options.policy,
      events: options.events,
    });
  }

  /** Tickets whose pipelines run in this process now. */
  get activeTickets(): string[] {
    return [...this.#active.keys()];
  }

  /** Resumes held tickets, then keeps routing until {@link stop}. */
  async start(): Promise<void> {
    this.#stopped = false;
    if (this.#options.notifications !== false)
      this.#unsubscribe = this.#options.events.on("ticket-changed", (change: TicketChange) => {
        if (change.state === "queued" || change.state === "done" || change.state === "closed") this.wake();
      });
    const tick = () => {
      this.wake();
      this.#timer = setTimeout(tick, this.#options.policy.reconcileIntervalMs);
    };
    tick();
  }

  /** Stops routing: no new ticket is accepted, and the pipelines already running are awaited to their end. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#scanning;
    await Promise.all(this.#active.values());
  }

  /**
   * Drains what is queued now: routes until no queued ticket can start and no pipeline runs,
   * so a dependent ticket queued meanwhile is picked up once its dependency is done.
   */
  async runOnce(): Promise<void> {
    this.#stopped = false;
    try {
      for (;;) {
        await this.#scan();
        if (this.#active.size > 0) {
          await Promise.race(this.#active.values());
          continue;
        }
        if (!(await this.#inspector.hasStartable(this.#active))) return;
      }
    } finally {
      this.#stopped = true;
    }
  }

  /** Asks for a scan soon; wake-ups during a scan collapse into one follow-up scan. */
  wake(): void {
    if (!this.#stopped) void this.#scan();
  }

  #scan(): Promise<void> {
    if (this.#scanning) {
      this.#rescan = true;
      return this.#scanning;
    }
    const scanning = (async () => {
      try {
        do {
          this.#rescan = false;
          await this.reconcile().catch((error: unknown) =>
            this.#logger.error("reconcile failed", { error: String(error) }),
          );
        } while (this.#rescan && !this.#stopped);
      } finally {
        // In the same turn as the last look at #rescan: a wake-up from here on starts a new scan.
        // (Cleared in a later reaction, a wake-up in between would set #rescan for nobody.)
        this.#scanning = undefined;
      }
    })();
    this.#scanning = scanning;
    return scanning;
  }

  /** One scan: resolve expired leases, resume held tickets, then accept what can start. */
  async reconcile(): Promise<void> {
    await this.client.sweep();
    for (const ticket of await this.client.list(["inprogress"])) {
      // The lease's token is shown to its holder only: a lease without one is someone else's.
      const lease = ticket.lease;
      if (lease === null || lease.holder !== this.client.agentId || lease.token === undefined) continue;
      if (!this.#active.has(ticket.id) && this.#hasSlot())
        this.#drive(ticket.id, lease.token, lease.expiresAt, { resumed: true });
    }
    const queued = await this.client.list(["queued"]);
    for (const ticket of queued) {
      if (this.#stopped || !this.#hasSlot()) break;
      if (this.#active.has(ticket.id)) continue;
      if (!(await this.#inspector.canStart(ticket))) continue;
      await this.#accept(ticket);
    }
  }

  #hasSlot(): boolean {
    return this.#active.size < this.#options.policy.concurrency;
  }

  async #accept(ticket: TicketSummaryView): Promise<void> {
    const span = startTicketSpan(ticket.id);
    const lease = await withSpan(span, () =>
      inSpan(PIPELINE_SPANS.accept, ticketAttributes(ticket.id), async (step) => {
        const accepted = await this.#acceptOnce(ticket);
        step.setAttribute(PODKIT_ATTRIBUTES.outcome, accepted === undefined ? "not_accepted" : "ok");
        return accepted;
      }),
    ).catch((error: unknown) => {
      span.end();
      throw error;
    });
    if (lease === undefined) {
      span.setAttribute(PODKIT_ATTRIBUTES.outcome, "not_accepted");
      span.end();
      return;
    }
    span.setAttribute(PODKIT_ATTRIBUTES.leaseToken, lease.token);
    this.#options.events.emit("ticket-accepted", { ticketId: ticket.id, token: lease.token });
    this.#options.onStep?.("accepted", ticket.id, lease.token);
    this.#drive(ticket.id, lease.token, lease.expiresAt, { resumed: false, span });
  }

  async #acceptOnce(
    ticket: TicketSummaryView,
  ): Promise<Awaited<ReturnType<TicketClient["accept"]>> | undefined> {
    const requestId = `${this.client.agentId}:${ticket.id}:${randomUUID()}`;
    let lease: Awaited<ReturnType<TicketClient["accept"]>> | undefined;
    for (let attempt = 0; attempt < 3 && lease === undefined; attempt += 1) {
      try {
        lease = await this.client.accept(ticket.id, requestId, this.#options.policy.leaseMs);
      } catch (error) {
        // Another orchestrator won, or the ticket moved: launch nothing. Internal errors have an unknown outcome: retry with the same request id.
        if (!ToolRefusedError.isInstance(error) || error.code !== "internal") {
          this.#logger.info("not accepted", { ticketId: ticket.id, reason: String(error) });
          return undefined;
        }
      }
    }
    return lease;
  }

  /**
   * Runs the ticket's pipeline under its kept lease; a resumed lease is renewed before anything else.
   * Its spans descend from `span` (a new root ticket span for a resumed ticket), which it ends.
   */
  #drive(
    ticketId: string,
    token: number,
    expiresAt: string,
    attempt: { resumed: boolean; span?: Span },
  ): void {
    const span =
      attempt.span ??
      startTicketSpan(ticketId, { [PODKIT_ATTRIBUTES.leaseToken]: token, [PODKIT_ATTRIBUTES.resumed]: true });
    withSpan(span, () => this.#driveInSpan(ticketId, token, expiresAt, attempt.resumed, span));
  }

  #driveInSpan(ticketId: string, token: number, expiresAt: string, resumed: boolean, span: Span): void {
    const { policy, events } = this.#options;
    let reported = false;
    // Reported once, whether a renewal or one of the pipeline's own writes found the lease gone.
    const onLost = (reason: string) => {
      if (reported) return;
      reported = true;
      events.emit("lease-lost", { ticketId, token, reason });
      // The token no longer writes; the thread still records why the Pods were stopped.
      void this.client
        .comment(
          ticketId,
          `Orchestrator ${this.client.agentId} lost the lease (token ${token}) and stopped its Pods: ${reason}`,
        )
        .catch(() => {});
    };
    const lease = keepLease({
      client: this.client,
      ticketId,
      token,
      expiresAt,
      leaseMs: policy.leaseMs,
      renewEveryMs: renewEveryMsOf(policy),
      onLost,
    });
    const launchMarginMs = launchMarginMsOf(policy);
    const pipeline = async (): Promise<PipelineOutcome> => {
      // A held ticket found on a scan may come from a process that died or paused: renew before acting.
      if (resumed) await lease.renewNow();
      if (lease.signal.aborted) return "lease-lost";
      return runTicketPipeline(
        {
          client: this.client,
          worktrees: this.#options.worktrees,
          pods: this.#options.pods,
          policy,
          events,
          signal: lease.signal,
          holdsLease: () => lease.holdsFor(launchMarginMs),
          ...(this.#options.onStep === undefined ? {} : { onStep: this.#options.onStep }),
          ...(this.#options.merger === undefined ? {} : { merger: this.#options.merger }),
          ...(this.#options.cleaner === undefined ? {} : { cleaner: this.#options.cleaner }),
          ...(this.#options.podSetup === undefined ? {} : { podSetup: this.#options.podSetup }),
          logger: this.#logger,
        },
        ticketId,
        token,
      );
    };
    const run = pipeline()
      .catch((error: unknown) => {
        if (ToolRefusedError.isInstance(error) && error.code === "lease_lost") {
          onLost(`${error.tool}: ${error.message}`);
          return "lease-lost" as const;
        }
        this.#logger.error("pipeline failed; it resumes on the next scan", {
          ticketId,
          error: String(error),
        });
        return "error" as const;
      })
      .then((outcome) => {
        span.setAttribute(PODKIT_ATTRIBUTES.outcome, outcome);
        return outcome;
      })
      .finally(() => {
        span.end();
        lease.stop();
        this.#active.delete(ticketId);
        this.wake();
      });
    this.#active.set(ticketId, run);
  }
}
