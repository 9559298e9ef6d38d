import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Podkit, PodkitEmitter, Toolset } from "@podkit/core";
import { PODKIT_BIN, type ReportedTicket, reportTickets } from "@podkit/harness";
import { loadPodkitConfig, openPodkit } from "podkit";
import {
  ChildProcessPodLauncher,
  type EventView,
  GitWorktreeManager,
  InProcessPodLauncher,
  Orchestrator,
  type PodLauncher,
  TicketClient,
} from "../packages/orchestrator-automation/src/index.js";
import { podBindings } from "../packages/ticket-lifecycle/src/index.js";

/** A coder that commits one file on its worktree branch. */
const CODER_SCRIPT =
  'printf "%s\\n" "$PODKIT_POD_ID" > work.txt && git add work.txt && git -c user.name=bench -c user.email=bench@podkit.invalid commit -q -m "$PODKIT_POD_ID"';
/** A reviewer that approves through the real CLI, as an agent would (`$0` node, `$1` the podkit bin). */
const REVIEWER_SCRIPT =
  'exec "$0" "$1" call --config "$PODKIT_CONFIG" --role reviewer --tool ticket_review --input "{\\"ticketId\\":\\"$PODKIT_TICKET_ID\\",\\"verdict\\":\\"approve\\",\\"body\\":\\"ok\\"}"';

export interface OrchestratorRigOptions {
  /** `child-process`: `/bin/sh` Pods, the reviewer through `podkit call`; `in-process`: async functions. */
  readonly pods: "child-process" | "in-process";
  /** Whether the orchestrator wakes on the file store's change notifications. */
  readonly notifications: boolean;
  readonly reconcileIntervalMs: number;
  readonly concurrency: number;
}

/** An in-process Orchestrator on real parts, and the human who queues work for it. */
export interface OrchestratorRig {
  /** Tickets brought to `ready` (not timed by anyone). */
  createReady(count: number): Promise<string[]>;
  /** Queues a ticket (the human gate) and resolves with how its pipeline ended: `done`, `blocked` or `lease-lost`. */
  run(ticketId: string): Promise<string>;
  history(ticketId: string): Promise<EventView[]>;
  /** Each ticket's state, lease and last history events: what a failed benchmark says about them. */
  report(ticketIds: readonly string[]): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * A temp git repository with a file ticket store, opened twice: once by the orchestrator (its
 * store's watcher feeds its `ticket-changed` notifications) and once by the human, so a queueing
 * reaches the orchestrator only the way another process's would — through the file watch or the scan.
 */
export async function createOrchestratorRig(options: OrchestratorRigOptions): Promise<OrchestratorRig> {
  const directory = realpathSync(mkdtempSync(path.join(tmpdir(), "podkit-bench-orchestrator-")));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: directory, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(directory, ".gitignore"), ".podkit/\npodkit.config.yaml\n");
  git("add", ".");
  git(
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@podkit.invalid",
    "commit",
    "-q",
    "-m",
    "Initial commit",
  );
  const configFile = path.join(directory, "podkit.config.yaml");
  const config = { backend: { kind: "file", root: ".podkit/tickets" } };
  writeFileSync(configFile, JSON.stringify(config));
  mkdirSync(path.join(directory, ".podkit/tickets"), { recursive: true });

  const orchestratorHost = await openPodkit(loadPodkitConfig(configFile));
  const humanHost = await openPodkit(loadPodkitConfig(configFile));
  const human = humanHost.toolset({ role: "human", agentId: "bench-human" });
  // Reads a ticket's whole history, page by page, however long it grew.
  const humanReader = new TicketClient(human);
  const events: PodkitEmitter = orchestratorHost.registry.events;
  const orchestrator = new Orchestrator({
    toolset: orchestratorHost.toolset({ role: "orchestrator", agentId: "bench-orchestrator" }),
    worktrees: new GitWorktreeManager({ repository: directory }),
    pods: launcher(options.pods, orchestratorHost),
    policy: {
      concurrency: options.concurrency,
      leaseMs: 60_000,
      baseBranch: "main",
      reconcileIntervalMs: options.reconcileIntervalMs,
      maxReviewRounds: 1,
      podRetries: 0,
      runDir: path.join(directory, ".podkit/run"),
      podEnv: { PODKIT_CONFIG: configFile },
      pods: {
        coder: { command: ["/bin/sh", "-c", CODER_SCRIPT], timeoutMs: 120_000 },
        reviewer: {
          command: ["/bin/sh", "-c", REVIEWER_SCRIPT, process.execPath, PODKIT_BIN],
          timeoutMs: 120_000,
        },
      },
    },
    events,
    notifications: options.notifications,
  });
  await orchestrator.start();

  const call = async <T>(tool: string, input: object): Promise<T> => {
    const result = await human.call(tool, input);
    if (!result.ok) throw new Error(`${tool}: ${result.error.code}: ${result.error.message}`);
    return result.output as T;
  };
  return {
    async createReady(count) {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const { ticket } = await call<{ ticket: { id: string } }>("ticket_create", {
          title: `bench ${index}`,
        });
        await call("ticket_mark_ready", { ticketId: ticket.id, summary: "Benchmark work." });
        ids.push(ticket.id);
      }
      return ids;
    },
    async run(ticketId) {
      const settled = new Promise<string>((resolve) => {
        const finish = (state: string) => {
          for (const off of offs) off();
          resolve(state);
        };
        const offs = [
          events.on("ticket-completed", (event) => {
            if (event.ticketId === ticketId) finish("done");
          }),
          events.on("ticket-blocked", (event) => {
            if (event.ticketId === ticketId) finish("blocked");
          }),
          events.on("lease-lost", (event) => {
            if (event.ticketId === ticketId) finish("lease-lost");
          }),
        ];
      });
      await call("ticket_queue", { ticketId });
      return settled;
    },
    async history(ticketId) {
      return [...(await humanReader.show(ticketId)).events];
    },
    report: (ticketIds) =>
      reportTickets(ticketIds, async (ticketId) => {
        const output = await call<{ ticket: Omit<ReportedTicket, "events"> }>("ticket_show", {
          ticketId,
          historyLimit: 0,
        });
        return { ...output.ticket, events: (await humanReader.show(ticketId)).events };
      }),
    async dispose() {
      await orchestrator.stop();
      await orchestratorHost.dispose();
      await humanHost.dispose();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function launcher(kind: OrchestratorRigOptions["pods"], host: Podkit): PodLauncher {
  if (kind === "child-process") return new ChildProcessPodLauncher();
  return new InProcessPodLauncher(async ({ spec }) => {
    if (spec.role === "coder") return 0;
    const ticketId = spec.env.PODKIT_TICKET_ID ?? "";
    const reviewer: Toolset = host.toolset({
      role: "reviewer",
      agentId: spec.podId,
      podId: spec.podId,
      bindings: podBindings({ ticketId, token: Number(spec.env.PODKIT_LEASE_TOKEN) }),
    });
    const result = await reviewer.call("ticket_review", { ticketId, verdict: "approve", body: "ok" });
    return result.ok ? 0 : 1;
  });
}
