import { hostname } from "node:os";
import { createStderrLogger, type Podkit } from "@podkit/core";
import { type CredentialStore, mintPodCredential } from "@podkit/credentials";
import {
  acquireAgentLock,
  BranchMerger,
  ChildProcessPodLauncher,
  GitWorktreeManager,
  Orchestrator,
  type OrchestratorPolicy,
  type PodSetup,
  WorktreeCleaner,
} from "@podkit/orchestrator-automation";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { openCredentialStore } from "../config/open-credential-store.js";
import { withSession } from "../session/open-session.js";
import { integerOption, withConfigOption } from "./common-options.js";
import { printOrchestratorProgress } from "./orchestrate-progress.js";
import { untilSignal } from "./until-signal.js";

interface OrchestrateOptions {
  readonly once?: boolean;
  readonly concurrency?: number;
  readonly agent?: string;
  readonly config?: string;
}

/**
 * `podkit orchestrate [--once] [--concurrency N]`: routes queued tickets until stopped (SIGINT or
 * SIGTERM), or with `--once` until what is queued now is done or blocked.
 */
export function orchestrateCommand(context: CliContext): Command {
  const command = new Command("orchestrate")
    .description(
      "Accept queued tickets, create worktrees and run coder and reviewer Pods (role 'orchestrator')",
    )
    .option("--once", "drain what is queued now, then exit")
    .option(
      "--concurrency <n>",
      "tickets worked on at once (overrides the configuration)",
      integerOption(1, 64),
    )
    .option(
      "--agent <id>",
      `orchestrator id holding the leases; keep it stable across restarts (default: $${POD_ENV.agentId}, else orchestrator@<host>:<repository>); one live process per id`,
    );
  withConfigOption(command);
  return command.action(async (options: OrchestrateOptions) => {
    await withSession(context, options, async ({ config, podkit }) => {
      const agentId =
        options.agent ??
        nonEmpty(context.env[POD_ENV.agentId]) ??
        config.orchestrator?.agentId ??
        `orchestrator@${hostname()}:${config.directory}`;
      // One live process per id: a second would drive the same tickets. A restart takes over the
      // lock of a process that is gone.
      const lock = acquireAgentLock({ directory: orchestratorSection(config).runDir, agentId });
      try {
        const events = podkit.registry.events;
        // Under auth each Pod gets a credential of its own, minted here and revoked when it ends.
        const credentials =
          config.auth === "required" ? await openCredentialStore(config, context.env) : undefined;
        const orchestrator = new Orchestrator({
          toolset: podkit.toolset({ role: "orchestrator", agentId }),
          worktrees: new GitWorktreeManager({
            repository: config.directory,
            root: orchestratorSection(config).worktreeRoot,
          }),
          pods: new ChildProcessPodLauncher(),
          policy: orchestratorPolicy(config, options, context.env),
          podSetup: podSetup(config, podkit, credentials),
          events,
          logger: createStderrLogger({ level: "warn" }),
          merger: new BranchMerger({ repository: config.directory }),
          cleaner: new WorktreeCleaner({ repository: config.directory }),
        });
        const stopPrinting = printOrchestratorProgress(events, context.stdout);
        // Listening before the line is printed: a SIGTERM sent on seeing it stops cleanly.
        const stopRequested = options.once ? undefined : untilSignal();
        context.stdout.write(
          `orchestrator ${agentId} routing queued tickets${options.once ? " (once)" : ""}\n`,
        );
        try {
          if (stopRequested === undefined) {
            await orchestrator.runOnce();
            return;
          }
          await orchestrator.start();
          await stopRequested;
          context.stdout.write(
            "stopping: no new tickets are accepted; waiting for running pipelines to finish\n",
          );
          await orchestrator.stop();
        } finally {
          stopPrinting();
          await credentials?.close().catch(() => {});
        }
      } finally {
        lock.release();
      }
    });
  });
}

function orchestratorSection(config: PodkitConfig): NonNullable<PodkitConfig["orchestrator"]> {
  if (config.orchestrator === undefined) {
    throw new CliError(
      "invalid_config",
      `${config.file} has no 'orchestrator' section. Add one with at least 'pods.coder.command' and 'pods.reviewer.command' (see 'podkit init').`,
      { exitCode: EXIT.usage },
    );
  }
  return config.orchestrator;
}

/** The orchestrator policy the configuration describes, with command-line overrides. */
export function orchestratorPolicy(
  config: PodkitConfig,
  options: { concurrency?: number },
  env: Readonly<Record<string, string | undefined>> = {},
): OrchestratorPolicy {
  const section = orchestratorSection(config);
  return {
    concurrency: options.concurrency ?? section.concurrency,
    leaseMs: section.leaseMs,
    ...(section.renewEveryMs === undefined ? {} : { renewEveryMs: section.renewEveryMs }),
    ...(section.launchMarginMs === undefined ? {} : { launchMarginMs: section.launchMarginMs }),
    baseBranch: section.baseBranch,
    reconcileIntervalMs: section.reconcileIntervalMs,
    maxReviewRounds: section.maxReviewRounds,
    podRetries: section.podRetries,
    pods: section.pods,
    runDir: section.runDir,
    onApproved: section.onApproved,
    keepWorktrees: section.keepWorktrees,
    deleteMergedBranches: section.deleteMergedBranches,
    podEnv: { [POD_ENV.config]: config.file, ...databaseUrl(config, env) },
  };
}

/**
 * Pods inherit none of the orchestrator's `PODKIT_*` variables; a PostgreSQL store whose URL the
 * configuration leaves to `PODKIT_PG_URL` is the one they need to reach the tickets at all.
 */
function databaseUrl(
  config: PodkitConfig,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const url = env.PODKIT_PG_URL;
  if (config.backend.kind !== "postgres" || config.backend.url !== undefined || url === undefined) return {};
  return { PODKIT_PG_URL: url };
}

/**
 * How each Pod is prepared: its role's instructions for the prompt file, `podkit mcp` (this very
 * CLI, with this configuration) for the MCP configuration file, and under `auth: required` a
 * credential of its own.
 */
function podSetup(config: PodkitConfig, podkit: Podkit, credentials: CredentialStore | undefined): PodSetup {
  const bin = process.argv[1];
  return {
    instructions: (role) => podkit.toolset({ role, agentId: `${role}-pod` }).instructions(),
    ...(bin === undefined
      ? {}
      : { mcpServer: { command: process.execPath, args: [bin, "mcp", "--config", config.file] } }),
    ...(credentials === undefined
      ? {}
      : { mintCredential: (request) => mintPodCredential(credentials, request) }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
