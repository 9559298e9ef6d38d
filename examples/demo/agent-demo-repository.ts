import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { coderScript, reviewerScript } from "./agent-demo-scripts.js";
import type { DemoRepository } from "./demo-repository.js";
import type { DemoTickets } from "./run-demo.js";

const PODKIT_BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));

/** The agents demo's repository: a small JavaScript project whose Pods are `podkit agent`. */
export interface AgentDemoRepository extends DemoRepository {
  /** Where the scripted models' turns are written (ignored by git, so no worktree holds them). */
  readonly scriptsDirectory: string;
  /** Writes the coder's and the reviewer's scripts for the tickets intake made. */
  writeScripts(ids: DemoTickets<string>): void;
  /** Runs git in the repository and returns its trimmed output. */
  git(...args: string[]): string;
}

/** The project on `main`: a banner module with its test, run by `node --test`. */
const PROJECT: Readonly<Record<string, string>> = {
  "README.md": "# Demo service\n\nA repository the podkit agents demo works in.\n",
  "package.json": `${JSON.stringify({ name: "demo-service", private: true, type: "module" }, null, 2)}\n`,
  "src/banner.js": 'export function banner() {\n  return "demo service";\n}\n',
  "test/banner.test.js": [
    'import assert from "node:assert/strict";',
    'import { test } from "node:test";',
    'import { banner } from "../src/banner.js";',
    "",
    'test("the banner names the service", () => {',
    "  assert.match(banner(), /demo service/);",
    "});",
    "",
  ].join("\n"),
  ".gitignore": ".podkit/worktrees/\n.podkit/run/\n.podkit/models/\n",
};

/** Models to run instead of the scripts, as `provider:model-id` (e.g. `openai:gpt-5-mini`). */
export interface AgentDemoModels {
  readonly coder?: string | undefined;
  readonly reviewer?: string | undefined;
}

/**
 * Creates the repository (one commit on `main`) with a `podkit.config.yaml` whose coder and
 * reviewer Pods are `podkit agent`, driven by scripted models unless `models` names real ones,
 * and whose workspace may run the project's tests. The scripts are written once intake has made
 * the tickets.
 */
export function createAgentDemoRepository(models: AgentDemoModels = {}): AgentDemoRepository {
  const directory = mkdtempSync(join(tmpdir(), "podkit-demo-agents-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: directory, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  git("init", "-q", "-b", "main");
  for (const [path, content] of Object.entries(PROJECT)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  git("add", ".");
  git("-c", "user.name=demo", "-c", "user.email=demo@podkit.invalid", "commit", "-q", "-m", "Initial commit");
  mkdirSync(join(directory, ".podkit/tickets"), { recursive: true });
  const scriptsDirectory = join(directory, ".podkit/models");
  mkdirSync(scriptsDirectory, { recursive: true });
  const pod = { command: [process.execPath, PODKIT_BIN, "agent"], timeoutMs: 120_000 };
  const config = {
    backend: { kind: "file", root: ".podkit/tickets" },
    tickets: { leaseMs: 30_000, onExpiredLease: "block" },
    orchestrator: {
      concurrency: 2,
      leaseMs: 30_000,
      baseBranch: "main",
      maxReviewRounds: 2,
      podRetries: 1,
      reconcileIntervalMs: 1_000,
      pods: { coder: pod, reviewer: pod },
    },
    // A real model reads its key from the provider's variable (OPENAI_API_KEY, ANTHROPIC_API_KEY).
    agents: {
      coder:
        models.coder === undefined
          ? { model: "scripted:.podkit/models/coder.json", maxSteps: 12 }
          : { model: models.coder, maxSteps: 40 },
      reviewer:
        models.reviewer === undefined
          ? { model: "scripted:.podkit/models/reviewer.json", maxSteps: 6 }
          : { model: models.reviewer, maxSteps: 20 },
    },
    workspace: { commands: { test: [process.execPath, "--test"] } },
  };
  const configFile = join(directory, "podkit.config.yaml");
  writeFileSync(configFile, `# Written by the podkit agents demo.\n${stringify(config)}`);
  return {
    directory,
    configFile,
    scriptsDirectory,
    writeScripts(ids) {
      const write = (name: string, script: unknown) =>
        writeFileSync(join(scriptsDirectory, `${name}.json`), `${JSON.stringify(script, null, 2)}\n`);
      write("coder", coderScript(ids));
      write("reviewer", reviewerScript(ids));
    },
    git,
  };
}
