import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { type Logger, traceEnvironment } from "@podkit/core";
import { expandPodCommand } from "./pod-command-template.js";
import { POD_ENV, podEnvironment } from "./pod-environment.js";
import { podFiles } from "./pod-launcher.js";
import { POD_CREDENTIAL_SLACK_MS, type PodSetup } from "./pod-setup.js";
import { renderPodPrompt } from "./pod-task.js";
import type { TicketDetailView } from "./ticket-client.js";
import type { Worktree } from "./worktree-manager.js";

/** What one Pod is prepared for. */
export interface PodToPrepare {
  readonly ticket: TicketDetailView;
  readonly token: number;
  readonly podId: string;
  readonly role: string;
  readonly worktree: Worktree;
  readonly baseBranch: string;
  /** The role's command template. */
  readonly command: readonly string[];
  readonly timeoutMs: number;
  readonly runDir: string;
  /** The policy's extra Pod environment (e.g. PODKIT_CONFIG). */
  readonly podEnv?: Readonly<Record<string, string>>;
}

/** A prepared Pod: the argv and environment to launch, and how to clean up after it. */
export interface PreparedPod {
  readonly command: string[];
  readonly env: Record<string, string>;
  /** Removes the prompt and MCP files and revokes the credential; safe to call twice. */
  release(): Promise<void>;
}

/** Mode of the files that carry a Pod's task and credential: its owner only. */
export const POD_FILE_MODE = 0o600;

/**
 * Prepares a Pod's launch: mints its credential (when the setup can), renders its prompt to a
 * file, writes its MCP configuration (`podkit mcp` fixed to its role, agent id and ticket) — both
 * under the run directory, outside the worktree, mode 0600 — and expands its command template.
 */
export async function preparePod(
  pod: PodToPrepare,
  setup: PodSetup | undefined,
  logger?: Logger,
): Promise<PreparedPod> {
  const files = podFiles(pod.runDir, pod.podId);
  const ticketId = pod.ticket.id;
  const credential = await setup?.mintCredential?.({
    role: pod.role,
    agentId: pod.podId,
    ticketId,
    expiresAt: new Date(Date.now() + pod.timeoutMs + POD_CREDENTIAL_SLACK_MS),
    label: `Pod ${pod.podId}`,
  });
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await credential?.revoke().catch((error: unknown) => {
      logger?.warn(`Could not revoke the credential of Pod ${pod.podId} (it expires on its own)`, {
        error: (error as Error).message,
      });
    });
    removePodSessionFiles(pod.runDir, pod.podId);
  };
  try {
    const identity = podEnvironment({
      role: pod.role,
      ticketId,
      podId: pod.podId,
      token: pod.token,
      baseBranch: pod.baseBranch,
      ...(credential === undefined ? {} : { credential: credential.token }),
    });
    // The Pod (and the `podkit mcp` its runtime starts) continues the active trace: the launch step.
    const trace = traceEnvironment();
    mkdirSync(pod.runDir, { recursive: true });
    const instructions = setup?.instructions?.(pod.role) ?? "";
    writePrivate(
      files.prompt,
      renderPodPrompt({ role: pod.role, ticket: pod.ticket, token: pod.token, instructions }),
    );
    if (setup?.mcpServer !== undefined) {
      const server = {
        command: setup.mcpServer.command,
        args: [...setup.mcpServer.args, "--role", pod.role, "--agent", pod.podId, "--ticket", ticketId],
        env: { ...pod.podEnv, ...trace, ...identity },
      };
      writePrivate(files.mcpConfig, `${JSON.stringify({ mcpServers: { podkit: server } }, null, 2)}\n`);
    }
    const command = expandPodCommand(pod.command, {
      promptFile: files.prompt,
      mcpConfig: files.mcpConfig,
      ticketId,
      worktree: pod.worktree.path,
      branch: pod.worktree.branch,
      role: pod.role,
    });
    return {
      command,
      env: {
        ...pod.podEnv,
        ...trace,
        ...identity,
        [POD_ENV.promptFile]: files.prompt,
        ...(setup?.mcpServer === undefined ? {} : { [POD_ENV.mcpConfig]: files.mcpConfig }),
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Removes a Pod's prompt and MCP files, e.g. of a Pod an earlier orchestrator process launched. */
export function removePodSessionFiles(runDir: string, podId: string): void {
  const files = podFiles(runDir, podId);
  for (const file of [files.prompt, files.mcpConfig]) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Not there to remove (its directory is gone or is no directory): nothing is left behind.
    }
  }
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: POD_FILE_MODE });
  // The mode applies only to a new file; a leftover of a crashed launch keeps its own.
  chmodSync(file, POD_FILE_MODE);
}
