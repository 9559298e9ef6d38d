import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const AGENT_BIN = fileURLToPath(new URL("../agents/bin/run-agent.js", import.meta.url));
const ROLES_FILE = fileURLToPath(new URL("../roles/roles.yaml", import.meta.url));

/** A fresh git repository with a podkit configuration whose Pods are the example agents. */
export interface DemoRepository {
  readonly directory: string;
  readonly configFile: string;
}

/** Creates the repository: one commit on `main`, `podkit.config.yaml`, the ticket root. */
export function createDemoRepository(): DemoRepository {
  const directory = mkdtempSync(join(tmpdir(), "podkit-demo-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: directory, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(directory, "README.md"), "# Demo service\n\nA repository the podkit demo works in.\n");
  writeFileSync(join(directory, ".gitignore"), ".podkit/worktrees/\n.podkit/run/\n");
  git("add", ".");
  git("-c", "user.name=demo", "-c", "user.email=demo@podkit.invalid", "commit", "-q", "-m", "Initial commit");
  mkdirSync(join(directory, ".podkit/tickets"), { recursive: true });
  const pod = (role: string) => ({ command: [process.execPath, AGENT_BIN, role], timeoutMs: 120_000 });
  const config = {
    backend: { kind: "file", root: ".podkit/tickets" },
    roles: { files: [ROLES_FILE] },
    tickets: { leaseMs: 30_000, onExpiredLease: "block" },
    orchestrator: {
      concurrency: 2,
      leaseMs: 30_000,
      baseBranch: "main",
      maxReviewRounds: 2,
      podRetries: 1,
      reconcileIntervalMs: 1_000,
      onApproved: "merge",
      pods: { coder: pod("coder"), reviewer: pod("reviewer") },
    },
  };
  const configFile = join(directory, "podkit.config.yaml");
  writeFileSync(configFile, `# Written by the podkit demo.\n${stringify(config)}`);
  return { directory, configFile };
}
