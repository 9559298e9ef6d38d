import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fileChanges,
  killProcess,
  PODKIT_BIN,
  REPO_ROOT,
  type RunningProcess,
  type WakeSource,
  waitUntil,
} from "@podkit/harness";
import { afterEach } from "vitest";
import { type OrchestratorProcessOptions, startOrchestrator } from "./orchestrator-processes.js";
import { killPods, readPodLog } from "./pod-evidence.js";
import { openTicketDesk, type TicketDesk } from "./ticket-desk.js";

const FIXTURES = join(REPO_ROOT, "test/orchestrator/fixtures");

export interface OrchestratorRepositoryOptions {
  /** The lease the orchestrator asks for and the sweeper's takeover grants. */
  readonly leaseMs?: number;
  readonly renewEveryMs?: number;
  readonly onExpiredLease?: "block" | "takeover";
  readonly reconcileIntervalMs?: number;
  readonly concurrency?: number;
  /** Seconds every coder Pod sleeps before its commit; the test may change the file meanwhile. */
  readonly coderSleepSeconds?: number;
  /** What follows an approval (the orchestrator's `onApproved`); `none` by default. */
  readonly onApproved?: "merge" | "none";
}

/** A git repository configured for `podkit orchestrate`, with its Pods' logs outside it. */
export interface OrchestratorRepository {
  readonly directory: string;
  readonly configFile: string;
  /** Outside the repository: the Pods' logs and whatever else a test records. */
  readonly logsDir: string;
  /** One line `<pod id> <pid> <epoch ms>` per Pod start, appended by the Pod itself. */
  readonly launchLog: string;
  /** The same line when a Pod finished its work. */
  readonly finishLog: string;
  /** How long coder Pods sleep, in seconds; read by each Pod when it starts. */
  readonly sleepFile: string;
  /**
   * `<ticket> <role> <crash marker>`: that ticket's Pod of that role, once started, waits until
   * the marker exists and the orchestrator it names has exited (`fixtures/hold-pod.sh`). Empty by default.
   */
  readonly holdFile: string;
  readonly runDir: string;
  readonly worktreeRoot: string;
  remove(): void;
}

/**
 * Makes `directory` a repository `podkit orchestrate` can work in: the ticket store's directory,
 * and one commit on `main` holding `files` and a `.gitignore` that keeps the store and the
 * (uncommitted, so not copied into worktrees) `podkit.config.yaml` out.
 */
export function initPodkitRepository(directory: string, files: Readonly<Record<string, string>> = {}): void {
  mkdirSync(join(directory, ".podkit/tickets"), { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: directory, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  writeFileSync(join(directory, ".gitignore"), ".podkit/\npodkit.config.yaml\n");
  git("add", ".");
  git("-c", "user.name=test", "-c", "user.email=test@podkit.invalid", "commit", "-q", "-m", "Initial commit");
}

/**
 * A fresh repository (one commit on `main`) with a `podkit.config.yaml` whose Pods are the tiny
 * shell scripts of `fixtures/`: the coder commits one file, the reviewer approves through
 * `podkit call`. The configuration is not committed, so worktrees hold no copy of it.
 */
export function createOrchestratorRepository(
  options: OrchestratorRepositoryOptions = {},
): OrchestratorRepository {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "podkit-orchestrator-")));
  const directory = join(base, "repository");
  const logs = join(base, "logs");
  initPodkitRepository(directory, { "README.md": "# Orchestrator test repository\n" });
  mkdirSync(logs);

  const launchLog = join(logs, "launches.log");
  const finishLog = join(logs, "finished.log");
  const sleepFile = join(logs, "coder-sleep");
  writeFileSync(sleepFile, String(options.coderSleepSeconds ?? 0));
  const holdFile = join(logs, "hold");
  writeFileSync(holdFile, "");
  const leaseMs = options.leaseMs ?? 15_000;
  const config = {
    backend: { kind: "file", root: ".podkit/tickets" },
    tickets: { leaseMs, onExpiredLease: options.onExpiredLease ?? "block" },
    orchestrator: {
      concurrency: options.concurrency ?? 2,
      leaseMs,
      ...(options.renewEveryMs === undefined ? {} : { renewEveryMs: options.renewEveryMs }),
      baseBranch: "main",
      reconcileIntervalMs: options.reconcileIntervalMs ?? 500,
      maxReviewRounds: 1,
      podRetries: 1,
      ...(options.onApproved === undefined ? {} : { onApproved: options.onApproved }),
      pods: {
        coder: {
          command: ["/bin/sh", join(FIXTURES, "coder-pod.sh"), launchLog, finishLog, sleepFile, holdFile],
          timeoutMs: 120_000,
        },
        reviewer: {
          command: [
            "/bin/sh",
            join(FIXTURES, "reviewer-pod.sh"),
            launchLog,
            finishLog,
            process.execPath,
            PODKIT_BIN,
            holdFile,
          ],
          timeoutMs: 120_000,
        },
      },
    },
  };
  const configFile = join(directory, "podkit.config.yaml");
  // JSON is YAML: the file stays exactly what the test wrote.
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    directory,
    configFile,
    logsDir: logs,
    launchLog,
    finishLog,
    sleepFile,
    holdFile,
    runDir: join(directory, ".podkit/run"),
    worktreeRoot: join(directory, ".podkit/worktrees"),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** A repository, the human's desk on its store and the orchestrators a test started: one cleanup for all. */
export interface OrchestratorScenario {
  readonly repository: OrchestratorRepository;
  readonly desk: TicketDesk;
  /** Starts an orchestrator process on the repository's configuration; killed at cleanup if it still runs. */
  start(options: Omit<OrchestratorProcessOptions, "configFile">): RunningProcess;
  /** Creates tickets up to `ready` and queues them (the human gate); their ids in order. */
  queueNew(titles: readonly string[]): Promise<string[]>;
  /**
   * Resolves with the first value of `check` other than undefined. Looks again on every ticket
   * change, every change to the logs directory (Pod launches and ends, crash markers) and every
   * line of the `while` processes, which must keep running. A failure prints the state and last
   * events of the `tickets` waited for, and the processes' output.
   */
  waitFor<T>(
    what: string,
    check: () => T | undefined | Promise<T | undefined>,
    options?: {
      readonly tickets?: readonly string[];
      readonly while?: readonly RunningProcess[];
      /** More events to look again on, e.g. the output of processes that may exit. */
      readonly wakeOn?: readonly WakeSource[];
      /** A ceiling below the test's own; by default what is left of the test's time. */
      readonly timeoutMs?: number;
    },
  ): Promise<T>;
  /** Kills what still runs (orchestrators, then their Pods), closes the desk, removes the directories. */
  dispose(): Promise<void>;
}

/**
 * Time kept back from the test's own timeout: a wait gives up this long before it, so the failure
 * is the wait's — which says what it waited for and where each ticket stands — not a bare timeout.
 */
const EXPLAIN_MARGIN_MS = 20_000;

/**
 * Creates a repository ({@link createOrchestratorRepository}) and opens the human's desk on it.
 * `testTimeoutMs`: the timeout of the test that opens it, which bounds every wait's ceiling.
 */
export async function openOrchestratorScenario(
  options: OrchestratorRepositoryOptions = {},
  testTimeoutMs = 300_000,
): Promise<OrchestratorScenario> {
  const deadline = Date.now() + testTimeoutMs - EXPLAIN_MARGIN_MS;
  const repository = createOrchestratorRepository(options);
  const desk = await openTicketDesk(repository.configFile).catch((error: unknown) => {
    repository.remove();
    throw error;
  });
  const processes: RunningProcess[] = [];
  return {
    repository,
    desk,
    start(startOptions) {
      const run = startOrchestrator({ ...startOptions, configFile: repository.configFile });
      processes.push(run);
      return run;
    },
    async queueNew(titles) {
      const ticketIds = await desk.createReady(titles);
      for (const ticketId of ticketIds) await desk.queue(ticketId);
      return ticketIds;
    },
    waitFor(what, check, waitOptions = {}) {
      const tickets = waitOptions.tickets ?? [];
      const left = Math.max(1_000, deadline - Date.now());
      return waitUntil(what, check, {
        wakeOn: [desk.changes, fileChanges(repository.logsDir), ...(waitOptions.wakeOn ?? [])],
        while: waitOptions.while ?? [],
        timeoutMs: Math.min(waitOptions.timeoutMs ?? left, left),
        ...(tickets.length === 0 ? {} : { explain: () => desk.report(tickets) }),
      });
    },
    async dispose() {
      for (const run of processes.splice(0)) killProcess(run);
      killPods(repository.runDir, readPodLog(repository.launchLog));
      await desk.close();
      repository.remove();
    },
  };
}

/**
 * For a test file whose tests each open scenarios: returns the opener, and disposes of every
 * scenario a test opened after that test, whether it passed or failed. `testTimeoutMs` is the
 * tests' timeout (see {@link openOrchestratorScenario}).
 */
export function useOrchestratorScenarios(
  testTimeoutMs: number,
): (options?: OrchestratorRepositoryOptions) => Promise<OrchestratorScenario> {
  const opened: OrchestratorScenario[] = [];
  // Killing processes and removing a repository of many worktrees takes a while on a busy machine.
  afterEach(async () => {
    for (const scenario of opened.splice(0)) await scenario.dispose();
  }, 120_000);
  return async (options) => {
    const scenario = await openOrchestratorScenario(options, testTimeoutMs);
    opened.push(scenario);
    return scenario;
  };
}
