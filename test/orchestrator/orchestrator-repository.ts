import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: child processes run here so `tsx` finds the tsconfig and the source condition resolves. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PODKIT_BIN = join(REPO_ROOT, "packages/cli/bin/podkit.js");
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
  readonly runDir: string;
  readonly worktreeRoot: string;
  remove(): void;
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
  mkdirSync(join(directory, ".podkit/tickets"), { recursive: true });
  mkdirSync(logs);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: directory, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(directory, "README.md"), "# Orchestrator test repository\n");
  writeFileSync(join(directory, ".gitignore"), ".podkit/\npodkit.config.yaml\n");
  git("add", ".");
  git("-c", "user.name=test", "-c", "user.email=test@podkit.invalid", "commit", "-q", "-m", "Initial commit");

  const launchLog = join(logs, "launches.log");
  const finishLog = join(logs, "finished.log");
  const sleepFile = join(logs, "coder-sleep");
  writeFileSync(sleepFile, String(options.coderSleepSeconds ?? 0));
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
      pods: {
        coder: {
          command: ["/bin/sh", join(FIXTURES, "coder-pod.sh"), launchLog, finishLog, sleepFile],
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
    runDir: join(directory, ".podkit/run"),
    worktreeRoot: join(directory, ".podkit/worktrees"),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
