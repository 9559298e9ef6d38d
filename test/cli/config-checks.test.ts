import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

/** A repository whose configuration applies `roles.yaml` with the given text. */
async function withRoles(roles: string): Promise<string> {
  const repository = await makeInitializedRepository();
  writeFileSync(join(repository, "roles.yaml"), roles);
  writeFileSync(join(repository, "podkit.config.yaml"), "roles:\n  files: [roles.yaml]\n");
  return repository;
}

describe("configuration that cannot be right", { timeout: CLI_TIMEOUT_MS }, () => {
  it("refuses an extends cycle at load, as invalid_config naming the file and path, whatever the role", async () => {
    const repository = await withRoles("roles:\n  a:\n    extends: b\n  b:\n    extends: a\n");
    const file = join(repository, "roles.yaml");
    // Not only a call in role 'a': any command that loads the configuration refuses it.
    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(`${file}: roles.a.extends: extends a cycle: 'a' -> 'b' -> 'a'.`);
    expect(list.stderr).not.toMatch(/^\s+at /m);
    const call = await runPodkit(["call", "--role", "a", "--tool", "ticket_list", "--input", "{}"], {
      cwd: repository,
    });
    expect(call.code).toBe(2);
    expect(singleJson(call).error).toMatchObject({
      code: "invalid_config",
      message: expect.stringContaining(`${file}: roles.b.extends: extends a cycle`),
    });
  });

  it("refuses a lease renewal that does not come before the lease ends", async () => {
    const repository = await makeInitializedRepository();
    writeFileSync(
      join(repository, "podkit.config.yaml"),
      "orchestrator:\n  leaseMs: 30000\n  renewEveryMs: 30000\n  pods:\n    coder: { command: [c] }\n    reviewer: { command: [r] }\n",
    );
    const run = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(repository, "podkit.config.yaml")}: orchestrator.renewEveryMs: must be less than leaseMs (30000)`,
    );
  });

  it("refuses __proto__, constructor and prototype as role or feature names instead of ignoring them", async () => {
    // Each name in each place is covered by the unit tests; here one of each, end to end.
    const role = await withRoles("roles:\n  constructor:\n    extends: coder\n");
    const run = await runPodkit(["tools", "--role", "coder"], { cwd: role });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toContain("roles.constructor: 'constructor' is a reserved name");
    const feature = await withRoles(
      "roles:\n  helper:\n    features:\n      __proto__:\n        capabilities: [gate]\n",
    );
    const featureRun = await runPodkit(["tools", "--role", "helper"], { cwd: feature });
    expect(featureRun.code).toBe(2);
    expect(featureRun.stderr).toContain("roles.helper.features.__proto__: '__proto__' is a reserved name");
  });
});

describe("configuration that is allowed but risky", { timeout: CLI_TIMEOUT_MS }, () => {
  it("warns on every load, and in podkit tools, when a role other than human holds the Queue gate", async () => {
    const repository = await withRoles(
      "roles:\n  triage:\n    extends: intake\n    features:\n      ticket-lifecycle:\n        capabilities: [gate]\n",
    );
    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toContain("podkit: WARNING: role 'triage' holds the Queue gate");
    const tools = await runPodkit(["tools", "--role", "triage"], { cwd: repository });
    expect(tools.code, tools.stderr).toBe(0);
    expect(tools.stdout.split("\n")[0]).toContain("WARNING: role 'triage' holds the Queue gate");
    expect(tools.stdout).toMatch(/^ticket_queue +gate/m);
    // The human role holds it by design: no warning about it.
    const human = await runPodkit(["tools", "--role", "human"], { cwd: repository });
    expect(human.stdout).not.toContain("WARNING");
    expect(human.stderr).not.toContain("role 'human'");
  });

  it("warns when a built-in coder or reviewer is replaced so that it is no longer bound to its ticket", async () => {
    const repository = await withRoles(
      "roles:\n  coder:\n    features:\n      ticket-lifecycle:\n        capabilities: [read, thread]\n",
    );
    const run = await runPodkit(["tools", "--role", "coder"], { cwd: repository });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("podkit: WARNING: role 'coder' is no longer bound to its ticket");
    expect(run.stdout).toContain("WARNING: role 'coder' is no longer bound to its ticket");

    // Extending it in place keeps the scope: nothing to warn about.
    const inPlace = await withRoles(
      "roles:\n  coder:\n    extends: coder\n    features:\n      ticket-lifecycle:\n        capabilities: [read, thread]\n",
    );
    const quiet = await runPodkit(["tools", "--role", "coder"], { cwd: inPlace });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain("WARNING");
    expect(quiet.stdout).not.toContain("WARNING");
  });
});
