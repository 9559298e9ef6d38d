import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Toolset } from "@podkit/core";
import { PODKIT_BIN } from "@podkit/harness";
import { loadPodkitConfig, openPodkit } from "podkit";

/** Bounds a hang on a busy machine; nothing here asserts speed. */
export const SCENARIO_TIMEOUT_MS = 240_000;

/** A scripted model's turns (see `@podkit/agent`'s `ModelScript`), written to a file the config names. */
export interface ScriptFile {
  readonly turns: readonly unknown[];
  readonly afterLastTurn?: "fail" | "repeat";
}

export interface AgentRepositoryOptions {
  readonly coder: ScriptFile;
  readonly reviewer?: ScriptFile;
  /** `agents.coder` limits beside the model. */
  readonly coderLimits?: { readonly maxSteps?: number; readonly tokenBudget?: number };
  readonly podRetries?: number;
  readonly coderTimeoutMs?: number;
  /** `auth` in the configuration; off by default (the Pods then get the lease token, not a credential). */
  readonly auth?: "required" | "off";
}

/**
 * A git repository (one commit on `main`: a README and `check.mjs`, which the configured `test`
 * command runs) whose Pods are `podkit agent` driven by scripted models. The scripts live outside
 * the repository and the configuration is ignored by git, so no worktree holds a copy of either.
 */
export interface AgentRepository {
  readonly directory: string;
  readonly configFile: string;
  readonly runDir: string;
  /** Runs `work` with a toolset of `role` on the repository's store, then closes it. */
  as<T>(role: string, agentId: string, work: (toolset: Toolset) => Promise<T>): Promise<T>;
  /** Creates a ticket and queues it through the human gate; returns its id. */
  queueTicket(title: string, body: string): Promise<string>;
  /** The named Pod's log: one JSON object a line (stdout), stderr lines not parsed. */
  podLog(podId: string): { readonly lines: Record<string, unknown>[]; readonly text: string };
  git(...args: string[]): string;
  remove(): void;
}

export function createAgentRepository(options: AgentRepositoryOptions): AgentRepository {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "podkit-agent-")));
  const directory = join(base, "repository");
  mkdirSync(join(directory, ".podkit/tickets"), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: directory, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  git("init", "-q", "-b", "main");
  writeFileSync(join(directory, "README.md"), "# Greeter\n\nGreets nobody yet.\n");
  // The project's test: greeting.txt, when present, must say hello.
  writeFileSync(
    join(directory, "check.mjs"),
    [
      'import { existsSync, readFileSync } from "node:fs";',
      'if (existsSync("greeting.txt") && !readFileSync("greeting.txt", "utf8").startsWith("Hello")) {',
      '  console.error("greeting.txt must start with Hello");',
      "  process.exit(1);",
      "}",
      'console.log("check passed");',
      "",
    ].join("\n"),
  );
  writeFileSync(join(directory, ".gitignore"), ".podkit/\npodkit.config.yaml\n");
  git("add", ".");
  git("-c", "user.name=test", "-c", "user.email=test@podkit.invalid", "commit", "-q", "-m", "Initial commit");

  const scripts = join(base, "scripts");
  mkdirSync(scripts);
  const script = (name: string, file: ScriptFile) => {
    const path = join(scripts, `${name}.json`);
    writeFileSync(path, JSON.stringify(file, null, 2));
    return `scripted:${path}`;
  };
  const pod = (timeoutMs: number) => ({ command: [process.execPath, PODKIT_BIN, "agent"], timeoutMs });
  const config = {
    auth: options.auth ?? "off",
    backend: { kind: "file", root: ".podkit/tickets" },
    agents: {
      coder: { model: script("coder", options.coder), ...options.coderLimits },
      ...(options.reviewer === undefined
        ? {}
        : { reviewer: { model: script("reviewer", options.reviewer) } }),
    },
    workspace: { commands: { test: [process.execPath, "check.mjs"] } },
    orchestrator: {
      concurrency: 1,
      leaseMs: 30_000,
      baseBranch: "main",
      reconcileIntervalMs: 500,
      maxReviewRounds: 2,
      podRetries: options.podRetries ?? 1,
      pods: { coder: pod(options.coderTimeoutMs ?? 120_000), reviewer: pod(120_000) },
    },
  };
  // Ignored by git, so worktrees hold no copy of it: the Pods read it through PODKIT_CONFIG.
  const configFile = join(directory, "podkit.config.yaml");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const runDir = join(directory, ".podkit/run");
  const as = async <T>(role: string, agentId: string, work: (toolset: Toolset) => Promise<T>): Promise<T> => {
    const podkit = await openPodkit(loadPodkitConfig(configFile));
    try {
      return await work(podkit.toolset({ role, agentId }));
    } finally {
      await podkit.dispose();
    }
  };
  return {
    directory,
    configFile,
    runDir,
    as,
    queueTicket: (title, body) =>
      as("human", "alice", async (human) => {
        const created = await must<{ ticket: { id: string } }>(human, "ticket_create", { title, body });
        const ticketId = created.ticket.id;
        await must(human, "ticket_mark_ready", { ticketId, summary: `${title}: ${body}` });
        await must(human, "ticket_queue", { ticketId });
        return ticketId;
      }),
    podLog(podId) {
      const text = readFileSync(join(runDir, `${podId}.log`), "utf8");
      const lines = text
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      return { lines, text };
    },
    git,
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Calls a tool and returns its output, failing the test on a refusal. */
export async function must<T = unknown>(
  toolset: Toolset,
  tool: string,
  input: Record<string, unknown>,
): Promise<T> {
  const result = await toolset.call(tool, input);
  if (!result.ok) throw new Error(`${tool} refused: ${result.error.code}: ${result.error.message}`);
  return result.output as T;
}
