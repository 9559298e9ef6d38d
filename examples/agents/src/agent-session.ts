import { execFileSync } from "node:child_process";
import type { Podkit, ToolResult, Toolset } from "@podkit/core";
import { podBindings } from "@podkit/ticket-lifecycle";
import { findConfigFile, loadPodkitConfig, openPodkit } from "podkit";

/** One agent's connection: its role's toolset and a transcript of every call, as a model would make it. */
export interface AgentSession {
  readonly toolset: Toolset;
  readonly ticketId: string | undefined;
  /** Calls a tool with JSON in and JSON out, printing the exchange; refusals come back, not thrown. */
  call(tool: string, input: Record<string, unknown>): Promise<ToolResult>;
  /** Calls a tool and fails the agent on a refusal. */
  must<T>(tool: string, input: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the session a Pod's environment describes: `PODKIT_CONFIG` (or the nearest
 * podkit.config.yaml), `PODKIT_ROLE`, `PODKIT_AGENT_ID`, `PODKIT_TICKET_ID` (the scope binding),
 * and `PODKIT_POD_ID` with `PODKIT_LEASE_TOKEN`: the attempt the Pod was launched for, which its
 * review counts for.
 */
export async function openAgentSession(defaults: { role: string; agentId: string }): Promise<AgentSession> {
  const configFile = process.env.PODKIT_CONFIG ?? findConfigFile(process.cwd());
  if (configFile === undefined)
    throw new Error("No podkit.config.yaml: set PODKIT_CONFIG or run inside a podkit repository.");
  const podkit: Podkit = await openPodkit(loadPodkitConfig(configFile));
  const ticketId = process.env.PODKIT_TICKET_ID;
  const podId = process.env.PODKIT_POD_ID;
  const token = Number(process.env.PODKIT_LEASE_TOKEN);
  const attempt = ticketId !== undefined && podId !== undefined && Number.isSafeInteger(token) && token > 0;
  const toolset = podkit.toolset({
    role: process.env.PODKIT_ROLE ?? defaults.role,
    agentId: process.env.PODKIT_AGENT_ID ?? defaults.agentId,
    ...(podId === undefined ? {} : { podId }),
    ...(ticketId === undefined
      ? {}
      : { bindings: attempt ? podBindings({ ticketId, token }) : { ticket: ticketId } }),
  });
  const call = async (tool: string, input: Record<string, unknown>) => {
    // Exactly what a model produces: a tool name and a JSON document.
    const json = JSON.stringify(input);
    console.log(`→ ${tool} ${truncate(json)}`);
    const result = await toolset.call(tool, JSON.parse(json));
    console.log(`← ${truncate(JSON.stringify(result))}`);
    return result;
  };
  return {
    toolset,
    ticketId,
    call,
    async must<T>(tool: string, input: Record<string, unknown>) {
      const result = await call(tool, input);
      if (!result.ok) throw new Error(`${tool} refused: ${result.error.code}: ${result.error.message}`);
      return result.output as T;
    },
    close: () => podkit.dispose(),
  };
}

/** Runs git in the working directory and returns its trimmed output. */
export function git(...args: string[]): string {
  return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Runs an agent's main function and sets the exit code from its outcome. */
export function runAgent(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`agent failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

function truncate(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
