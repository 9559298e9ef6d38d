import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { loadPodkitConfig, openPodkit } from "podkit";
import type { ConnectedClient, RoleTarget } from "../../packages/mcp/src/fixtures/connect-client.js";
import { targetArguments } from "../../packages/mcp/src/fixtures/connect-client.js";
import { QUEUED_TICKETS, seedQueuedTickets } from "../../packages/mcp/src/fixtures/ticket-podkit.js";
import { PODKIT_BIN } from "./repository-root.js";

/** A temp directory with a `podkit.config.yaml` whose file store holds queued `T-1` and `T-2`. */
export interface TicketRepository {
  readonly directory: string;
  readonly configFile: string;
  remove(): void;
}

/** The file store inside the repository, as `podkit init` writes it. */
const FILE_BACKEND = "backend:\n  kind: file\n  root: .podkit/tickets\n";

/**
 * Creates a {@link TicketRepository}; the tickets are written through `openPodkit`, as the CLI
 * opens them. `config` is the `podkit.config.yaml` text, the file store by default.
 */
export async function makeTicketRepository(config: string = FILE_BACKEND): Promise<TicketRepository> {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), "podkit-mcp-")));
  const configFile = join(directory, "podkit.config.yaml");
  writeFileSync(configFile, config);
  mkdirSync(join(directory, ".podkit", "tickets"), { recursive: true });
  const podkit = await openPodkit(loadPodkitConfig(configFile));
  try {
    await seedQueuedTickets(podkit, QUEUED_TICKETS.length);
  } finally {
    await podkit.dispose();
  }
  return { directory, configFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * The real `podkit mcp` bin as a child process, started in `directory`, with an SDK client on its
 * stdio; `extraEnv` is added to the test runner's environment (less its PODKIT_* variables).
 */
export async function connectPodkitMcp(
  directory: string,
  target: RoleTarget,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<Client> {
  const env: Record<string, string> = { ...extraEnv };
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_") && !(name in extraEnv)) env[name] = value;
  const client = new Client({ name: "podkit-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: PODKIT_BIN,
      args: ["mcp", ...targetArguments(target)],
      cwd: directory,
      env,
      stderr: "inherit",
    }),
  );
  return client;
}

/** A fresh repository and `podkit mcp` serving `target` in it; closing stops the server and removes both. */
export async function connectFreshPodkitMcp(target: RoleTarget): Promise<ConnectedClient> {
  const repository = await makeTicketRepository();
  const client = await connectPodkitMcp(repository.directory, target);
  return {
    client,
    close: async () => {
      await client.close();
      repository.remove();
    },
  };
}
