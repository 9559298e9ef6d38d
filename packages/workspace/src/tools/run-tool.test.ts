import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FeatureRegistry, Toolset } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, expectOk, type GitFixture } from "../testing/git-repository.fixture.js";
import { createWorkspaceFeature } from "../workspace-feature.js";

const node = process.execPath;
/** Prints a grandchild's pid, then leaves it running with the command's stdout open. */
const SPAWN_GRANDCHILD = `
const { spawn } = require("node:child_process");
const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: ["ignore", "inherit", "inherit"] });
console.log("grandchild " + child.pid);
`;

const COMMANDS = {
  pass: [node, "-e", "console.log('to stdout'); console.error('to stderr')"],
  fail: [node, "-e", "console.log('failing'); process.exit(3)"],
  hang: [node, "-e", "console.log('started'); setInterval(() => {}, 1000)"],
  stubborn: [
    node,
    "-e",
    "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('started'); setInterval(() => {}, 1000)",
  ],
  "hang-with-grandchild": [node, "-e", `${SPAWN_GRANDCHILD}; setInterval(() => {}, 1000)`],
  // The parent exits at once (unref: it does not wait), the grandchild keeps stdout open.
  "leave-grandchild": [node, "-e", `${SPAWN_GRANDCHILD}; child.unref();`],
  // The grandchild leaves the command's process group (detached: its own session) and holds stdout.
  "escape-group": [
    node,
    "-e",
    `const child = require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: ["ignore", "inherit", "inherit"], detached: true }); console.log("grandchild " + child.pid); child.unref();`,
  ],
  loud: [node, "-e", "process.stdout.write('x'.repeat(100000)); process.stdout.write('THE-END\\n')"],
  argv: [node, "-e", "console.log(JSON.stringify(process.argv.slice(1)))", "$HOME", "a;b", "*", "$(id)"],
  cwd: [node, "-e", "console.log(process.cwd())"],
  "hang-marked": [
    node,
    "-e",
    "require('node:fs').writeFileSync('running.marker', ''); setInterval(() => {}, 1000)",
  ],
  missing: ["podkit-no-such-program-for-tests"],
};

let fixture: GitFixture;
let coder: Toolset;
let registry: FeatureRegistry;
const ok = (tool: string, input: unknown) => expectOk(coder, tool, input);

beforeAll(async () => {
  fixture = createGitFixture();
  ({ toolset: coder, registry } = await createTestToolset(
    createWorkspaceFeature({
      root: fixture.worktree,
      baseRef: "main",
      commands: COMMANDS,
      limits: { runOutputChars: 1_000, runTimeoutMs: 60_000 },
    }),
    "coder",
  ));
});
afterAll(() => fixture.cleanup());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilDead(pid: number): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("workspace_run", () => {
  it("runs a configured command and reports success with its output", async () => {
    const run = await ok("workspace_run", { command: "pass" });
    expect(run).toMatchObject({
      command: "pass",
      argv: COMMANDS.pass,
      exitCode: 0,
      signal: null,
      timedOut: false,
    });
    expect(run.output).toContain("to stdout\n");
    expect(run.output).toContain("to stderr\n");
    expect(run.truncated).toBe(false);
  });

  it("reports a non-zero exit as a result, not a refusal", async () => {
    const run = await ok("workspace_run", { command: "fail" });
    expect(run).toMatchObject({ exitCode: 3, signal: null, timedOut: false, output: "failing\n" });
  });

  it("runs argv without a shell, in the worktree", async () => {
    const argv = await ok("workspace_run", { command: "argv" });
    expect(JSON.parse(argv.output)).toEqual(["$HOME", "a;b", "*", "$(id)"]);
    const cwd = await ok("workspace_run", { command: "cwd" });
    expect(cwd.output.trim()).toBe(fixture.worktree);
  });

  it("stops a command at the timeout and reports it", async () => {
    const run = await ok("workspace_run", { command: "hang", timeoutSeconds: 1 });
    expect(run).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: true, output: "started\n" });
    expect(run.durationMs).toBeGreaterThanOrEqual(900);
  });

  it("kills a command that ignores SIGTERM after the grace period", async () => {
    const run = await ok("workspace_run", { command: "stubborn", timeoutSeconds: 1 });
    expect(run).toMatchObject({ exitCode: null, signal: "SIGKILL", timedOut: true });
    expect(run.output).toContain("ignoring SIGTERM");
  });

  it("ends the command's whole process group at the timeout", async () => {
    const run = await ok("workspace_run", { command: "hang-with-grandchild", timeoutSeconds: 1 });
    expect(run.timedOut).toBe(true);
    const pid = Number(/grandchild (\d+)/.exec(run.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntilDead(pid)).toBe(true);
  });

  it("returns when the command exits, ending what it left running with the output open", async () => {
    const run = await ok("workspace_run", { command: "leave-grandchild", timeoutSeconds: 20 });
    expect(run).toMatchObject({ exitCode: 0, timedOut: false });
    const pid = Number(/grandchild (\d+)/.exec(run.output)?.[1]);
    expect(await waitUntilDead(pid)).toBe(true);
  });

  it("does not wait forever for output held open by a process that left the group", async () => {
    const run = await ok("workspace_run", { command: "escape-group", timeoutSeconds: 20 });
    const pid = Number(/grandchild (\d+)/.exec(run.output)?.[1]);
    try {
      expect(run).toMatchObject({ exitCode: 0, timedOut: false });
      expect(run.durationMs).toBeLessThan(15_000);
    } finally {
      if (pid > 0 && isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("keeps the tail of a long output and counts all of it", async () => {
    const run = await ok("workspace_run", { command: "loud" });
    expect(run.exitCode).toBe(0);
    expect(run.truncated).toBe(true);
    expect(run.outputChars).toBe(100_008);
    expect(run.output).toHaveLength(1_000);
    expect(run.output.endsWith("THE-END\n")).toBe(true);
  });

  it("refuses a command that is not configured, naming those that are", async () => {
    for (const command of ["deploy", "constructor", "__proto__", "hasOwnProperty"]) {
      const result = await coder.call("workspace_run", { command });
      expect(result, command).toMatchObject({ ok: false, error: { code: "unknown_command" } });
      expect(!result.ok && result.error.message).toContain("'pass', 'fail', 'hang'");
    }
  });

  it("refuses a configured program that cannot be started", async () => {
    const result = await coder.call("workspace_run", { command: "missing" });
    expect(result).toMatchObject({ ok: false, error: { code: "command_failed_to_start" } });
    expect(!result.ok && result.error.message).toContain("ENOENT");
  });

  it("names the configured commands in the tool's description", () => {
    const run = coder.list().find((tool) => tool.name === "workspace_run");
    expect(run?.description).toContain("configured: 'pass', 'fail', 'hang', 'stubborn'");
  });
});

describe("workspace_run limits and shutdown", () => {
  it("caps a requested timeout at the configured one", async () => {
    const capped = createGitFixture();
    try {
      const { toolset } = await createTestToolset(
        createWorkspaceFeature({
          root: capped.worktree,
          baseRef: "main",
          commands: { hang: COMMANDS.hang },
          limits: { runTimeoutMs: 1_000 },
        }),
        "coder",
      );
      const run = await expectOk(toolset, "workspace_run", { command: "hang", timeoutSeconds: 3_600 });
      expect(run).toMatchObject({ timedOut: true, signal: "SIGTERM" });
      expect(run.durationMs).toBeLessThan(30_000);
    } finally {
      capped.cleanup();
    }
  });

  it("ends a running command when the feature is disposed", async () => {
    const pending = coder.call("workspace_run", { command: "hang-marked", timeoutSeconds: 600 });
    const marker = join(fixture.worktree, "running.marker");
    const deadline = Date.now() + 20_000;
    while (!existsSync(marker) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(marker), "the command started").toBe(true);
    await registry.disposeAll();
    const result = await pending;
    expect(result).toMatchObject({
      ok: true,
      output: { timedOut: false, exitCode: null, signal: "SIGTERM" },
    });
  });
});
