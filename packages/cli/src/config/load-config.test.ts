import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { PodkitConfigError } from "./config-error.js";
import { CONFIG_TEMPLATE } from "./config-template.js";
import { loadPodkitConfig, parsePodkitConfig } from "./load-config.js";

const FILE = "/repo/podkit.config.yaml";

function problemsOf(text: string, file = FILE): string[] {
  try {
    parsePodkitConfig(text, file);
  } catch (error) {
    if (PodkitConfigError.isInstance(error)) return error.message.split("\n").slice(1);
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parsePodkitConfig", () => {
  it("accepts the template init writes and resolves its paths against the file's directory", () => {
    const config = parsePodkitConfig(CONFIG_TEMPLATE, FILE);
    expect(config.backend).toEqual({ kind: "file", root: "/repo/.podkit/tickets", force: false });
    expect(config.tickets).toEqual({ leaseMs: 60_000, onExpiredLease: "block" });
    expect(config.roles.files).toEqual([]);
    expect(config.orchestrator).toBeUndefined();
    expect(config.directory).toBe("/repo");
  });

  it("accepts the template's orchestrator, agents and workspace sections once uncommented", () => {
    const uncommented = CONFIG_TEMPLATE.replace(/^# ((?:orchestrator|agents|workspace):| {2})/gm, "$1");
    const config = parsePodkitConfig(uncommented, FILE);
    expect(config.orchestrator).toMatchObject({
      concurrency: 1,
      baseBranch: "main",
      worktreeRoot: "/repo/.podkit/worktrees",
      onApproved: "merge",
      keepWorktrees: false,
      deleteMergedBranches: true,
      pods: {
        coder: {
          command: [
            "my-coding-agent",
            "--non-interactive",
            "--prompt-file",
            "{promptFile}",
            "--mcp-config",
            "{mcpConfig}",
          ],
          timeoutMs: 3_600_000,
        },
      },
    });
    expect(config.agents).toEqual({
      coder: { model: "openai:gpt-5-mini", apiKeyEnv: "OPENAI_API_KEY", maxSteps: 40 },
      reviewer: { model: "anthropic:claude-sonnet-4-5" },
    });
    expect(config.workspace.commands).toEqual({ test: ["npm", "test"] });
  });

  it("fills defaults for an empty file", () => {
    const config = parsePodkitConfig("# nothing yet\n", FILE);
    expect(config.backend).toMatchObject({ root: "/repo/.podkit/tickets" });
    expect(config.tickets.onExpiredLease).toBe("block");
  });

  it("names the file, the path, the bad value and the allowed values of an enum", () => {
    expect(problemsOf("tickets:\n  onExpiredLease: steal\n")).toEqual([
      `  ${FILE}: tickets.onExpiredLease: got 'steal'; allowed: 'block', 'takeover'`,
    ]);
  });

  it("lists the backend kinds when the kind is unknown", () => {
    expect(problemsOf("backend:\n  kind: sqlite\n")).toEqual([
      `  ${FILE}: backend.kind: got 'sqlite'; allowed: 'file', 'postgres'`,
    ]);
  });

  it("lists the keys allowed where an unknown key is", () => {
    expect(problemsOf("backend:\n  kind: file\n  rooot: x\n")).toEqual([
      `  ${FILE}: backend: unknown key 'rooot'. Allowed: 'kind', 'root', 'force'.`,
    ]);
    expect(problemsOf("tikets: {}\n")).toEqual([
      `  ${FILE}: (root): unknown key 'tikets'. Allowed: 'auth', 'backend', 'features', 'roles', 'tickets', 'orchestrator', 'agents', 'workspace'.`,
    ]);
  });

  it("reports numbers out of bounds and values of the wrong type with what was found", () => {
    expect(problemsOf("tickets:\n  leaseMs: 10\n")).toEqual([
      `  ${FILE}: tickets.leaseMs: got 10; must be at least 1000`,
    ]);
    expect(problemsOf("roles:\n  files: [a.yaml, 3]\n")).toEqual([
      `  ${FILE}: roles.files[1]: got 3; expected string`,
    ]);
    expect(problemsOf("backend: file\n")).toEqual([`  ${FILE}: backend: got 'file'; expected object`]);
  });

  it("refuses a launch margin that leaves no time to launch a Pod in", () => {
    const pods = "  pods: { coder: { command: [c] }, reviewer: { command: [r] } }\n";
    expect(problemsOf(`orchestrator:\n  leaseMs: 60000\n  launchMarginMs: 60000\n${pods}`)).toEqual([
      `  ${FILE}: orchestrator.launchMarginMs: must be less than leaseMs (60000), or no Pod could ever be launched (got 60000)`,
    ]);
    const config = parsePodkitConfig(
      `orchestrator:\n  leaseMs: 60000\n  launchMarginMs: 5000\n${pods}`,
      FILE,
    );
    expect(config.orchestrator?.launchMarginMs).toBe(5_000);
  });

  it("says what is missing inside the orchestrator section", () => {
    expect(problemsOf("orchestrator:\n  pods:\n    coder: { command: [] }\n")).toEqual([
      `  ${FILE}: orchestrator.pods.coder.command: got an empty list; must have at least 1 item`,
      `  ${FILE}: orchestrator.pods.reviewer: is required (expected object)`,
    ]);
  });

  it("accepts Pod command placeholders in argv elements and refuses unknown ones", () => {
    const pods = (coder: string) =>
      `orchestrator:\n  pods:\n    coder: { command: ${coder} }\n    reviewer: { command: [review, "{promptFile}"] }\n`;
    const config = parsePodkitConfig(
      pods(
        '[agent, -p, "@{promptFile}", "--mcp-config={mcpConfig}", "{ticketId}", "{worktree}", "{branch}", "{role}"]',
      ),
      FILE,
    );
    expect(config.orchestrator?.pods.coder.command).toContain("--mcp-config={mcpConfig}");
    expect(problemsOf(pods('[agent, "{prompt}", "{ticketId}", "{task}"]'))).toEqual([
      `  ${FILE}: orchestrator.pods.coder.command: unknown placeholders {prompt}, {task}; a Pod command may use {promptFile}, {mcpConfig}, {ticketId}, {worktree}, {branch}, {role} (got a list (["agent","{prompt}","{ticketId}","{task}"]))`,
    ]);
  });

  it("reads the agents of each role and the workspace commands a Pod may run", () => {
    const config = parsePodkitConfig(
      [
        "agents:",
        "  coder: { model: 'openai:gpt-5-mini', apiKeyEnv: MY_KEY, maxSteps: 40 }",
        "  reviewer: { model: 'scripted:agents/reviewer.json' }",
        "workspace:",
        "  commands: { test: [pnpm, test], 'lint:fix': [pnpm, lint, --write] }",
        "  author: { name: Coder, email: coder@example.invalid }",
      ].join("\n"),
      FILE,
    );
    expect(config.agents).toEqual({
      coder: { model: "openai:gpt-5-mini", apiKeyEnv: "MY_KEY", maxSteps: 40 },
      reviewer: { model: "scripted:agents/reviewer.json" },
    });
    expect(config.workspace).toEqual({
      commands: { test: ["pnpm", "test"], "lint:fix": ["pnpm", "lint", "--write"] },
      author: { name: "Coder", email: "coder@example.invalid" },
    });
    expect(parsePodkitConfig("", FILE)).toMatchObject({ agents: {}, workspace: { commands: {} } });
  });

  it("refuses an API key in the configuration, a bad model spec and a bad command", () => {
    expect(problemsOf("agents:\n  coder: { model: 'openai:gpt-5', apiKey: sk-123 }\n")).toEqual([
      `  ${FILE}: agents.coder: unknown key 'apiKey'. Allowed: 'model', 'apiKeyEnv', 'baseURL', 'maxSteps', 'maxOutputTokens', 'tokenBudget'. An API key never goes in the configuration: put it in an environment variable and name that variable with apiKeyEnv.`,
    ]);
    expect(problemsOf("agents:\n  coder: { model: gpt-5 }\n")[0]).toContain(
      "agents.coder.model: expected 'provider:model-id'",
    );
    expect(problemsOf("workspace:\n  commands: { test: [] }\n")).toEqual([
      `  ${FILE}: workspace.commands.test: got an empty list; must have at least 1 item`,
    ]);
    expect(problemsOf("workspace:\n  commands: { '1st': [x] }\n")).toEqual([
      `  ${FILE}: workspace.commands.1st: invalid name '1st': a command name is a letter, then up to 63 letters, digits, '_', '-', '.' or ':'`,
    ]);
  });

  it("refuses a lease renewal period that is not shorter than the lease", () => {
    const orchestrator = (renewEveryMs: number) =>
      `orchestrator:\n  leaseMs: 60000\n  renewEveryMs: ${renewEveryMs}\n  pods:\n    coder: { command: [c] }\n    reviewer: { command: [r] }\n`;
    for (const renewEveryMs of [60_000, 90_000]) {
      expect(problemsOf(orchestrator(renewEveryMs))).toEqual([
        `  ${FILE}: orchestrator.renewEveryMs: must be less than leaseMs (60000), or every lease lapses before it is renewed; leave it out for a third of leaseMs (got ${renewEveryMs})`,
      ]);
    }
    expect(parsePodkitConfig(orchestrator(59_999), FILE).orchestrator?.renewEveryMs).toBe(59_999);
  });

  it("refuses reserved names as keys instead of dropping them", () => {
    expect(problemsOf("agents:\n  __proto__: { model: 'openai:gpt-5-mini' }\n")).toEqual([
      `  ${FILE}: agents.__proto__: '__proto__' is a reserved name (it collides with JavaScript object internals); choose another. Reserved: '__proto__', 'constructor', 'prototype'.`,
    ]);
    expect(problemsOf("workspace:\n  commands:\n    constructor: [npm, test]\n")[0]).toContain(
      "workspace.commands.constructor: 'constructor' is a reserved name",
    );
  });

  it("reports YAML that does not parse", () => {
    const [problem] = problemsOf("backend: [unclosed\n");
    expect(problem).toContain(`${FILE}: (root): not valid YAML:`);
  });
});

describe("loadPodkitConfig", () => {
  it("refuses a role file that does not exist, at its place in the list", () => {
    const directory = mkdtempSync(join(tmpdir(), "podkit-config-"));
    onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
    mkdirSync(join(directory, "roles"));
    writeFileSync(join(directory, "roles", "ok.yaml"), "roles: {}\n");
    const file = join(directory, "podkit.config.yaml");
    writeFileSync(file, "roles:\n  files: [roles/ok.yaml, roles/missing.yaml]\n");
    expect(() => loadPodkitConfig(file)).toThrow(
      `${file}: roles.files[1]: 'roles/missing.yaml' does not exist (looked for ${join(directory, "roles", "missing.yaml")}).`,
    );
  });

  it("names a file it cannot read", () => {
    expect(() => loadPodkitConfig("/nonexistent/podkit.config.yaml")).toThrow(
      /\/nonexistent\/podkit\.config\.yaml: \(root\): cannot read the file/,
    );
  });
});
