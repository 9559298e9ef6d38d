import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/** A top-level command: its name and summary for `podkit --help`, and its code, loaded only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** The names of its own commands (`ticket doctor`), so a misplaced one can be pointed to without loading it. */
  readonly subcommands?: readonly string[];
  readonly load: () => Promise<(context: CliContext) => Command>;
}

/**
 * Every top-level command. Each one's module (and what it imports: the ticket store, the MCP SDK,
 * the orchestrator, PostgreSQL) is loaded only when that command runs, so `podkit --version` and
 * `podkit call` start close to Node's own start-up.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "init",
    summary: "Create podkit.config.yaml and the ticket root in this repository",
    load: async () => (await import("./commands/init.js")).initCommand,
  },
  {
    name: "ticket",
    summary: "Work with tickets as the human operator (role 'human' unless PODKIT_ROLE says otherwise)",
    subcommands: ["create", "list", "show", "queue", "close", "doctor", "import", "copy"],
    load: async () => (await import("./commands/ticket.js")).ticketCommand,
  },
  {
    name: "tools",
    summary: "List the tools a role is granted, as a table or in a model provider's format",
    load: async () => (await import("./commands/tools.js")).toolsCommand,
  },
  {
    name: "mcp",
    summary: "Serve a role's tools as an MCP server over stdio",
    load: async () => (await import("./commands/mcp.js")).mcpCommand,
  },
  {
    name: "call",
    summary: "Call one tool as a role and print the result as one JSON object",
    load: async () => (await import("./commands/call.js")).callCommand,
  },
  {
    name: "agent",
    summary:
      "Run a Pod's model over its role's tools, as the orchestrator launches it (agents: in the config)",
    load: async () => (await import("./commands/agent.js")).agentCommand,
  },
  {
    name: "serve",
    summary: "Serve the web board and remote MCP (/mcp) over HTTP, each caller known by its token",
    load: async () => (await import("./commands/serve.js")).serveCommand,
  },
  {
    name: "token",
    summary: "Create, list and revoke the tokens that identify a role (podkit serve, PODKIT_TOKEN)",
    subcommands: ["create", "list", "revoke"],
    load: async () => (await import("./commands/token.js")).tokenCommand,
  },
  {
    name: "orchestrate",
    summary: "Route queued tickets: accept them, create worktrees, run coder and reviewer Pods",
    load: async () => (await import("./commands/orchestrate.js")).orchestrateCommand,
  },
  {
    name: "worktrees",
    summary:
      "List the worktrees and branches podkit made with their ticket state; 'prune' removes finished ones",
    subcommands: ["prune"],
    load: async () => (await import("./commands/worktrees.js")).worktreesCommand,
  },
];
