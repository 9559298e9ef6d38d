import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  makeRepository,
  runPodkit,
  singleJson,
  stdoutJson,
} from "./run-podkit.js";

describe("podkit configuration", { timeout: CLI_TIMEOUT_MS }, () => {
  it("finds podkit.config.yaml upward from the working directory", async () => {
    const repository = await makeInitializedRepository();
    await runPodkit(["ticket", "create", "Found from below"], { cwd: repository });
    const nested = join(repository, "packages", "app", "src");
    mkdirSync(nested, { recursive: true });
    const run = await runPodkit(["ticket", "list"], { cwd: nested });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Found from below");
  });

  it("takes --config FILE relative to the working directory, with paths inside it relative to the file", async () => {
    const repository = await makeInitializedRepository();
    await runPodkit(["ticket", "create", "Through --config"], { cwd: repository });
    const elsewhere = await makeRepository();
    const run = await runPodkit(["ticket", "list", "--config", join(repository, "podkit.config.yaml")], {
      cwd: elsewhere,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Through --config");
  });

  it("takes PODKIT_CONFIG over a configuration found upward, as a Pod in a worktree needs", async () => {
    const repository = await makeInitializedRepository();
    await runPodkit(["ticket", "create", "In the real store"], { cwd: repository });
    const worktreeCopy = await makeInitializedRepository();
    await runPodkit(["ticket", "create", "In a stale copy"], { cwd: worktreeCopy });
    const run = await runPodkit(["ticket", "list"], {
      cwd: worktreeCopy,
      env: { PODKIT_CONFIG: join(repository, "podkit.config.yaml") },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("In the real store");
    expect(run.stdout).not.toContain("In a stale copy");
  });

  it("says where it looked when there is no configuration", async () => {
    const repository = await makeRepository();
    const run = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `No podkit.config.yaml in ${repository} or any directory above it. Run 'podkit init'`,
    );
    const call = await runPodkit(["call", "--role", "human", "--tool", "ticket_list", "--input", "{}"], {
      cwd: repository,
    });
    expect(call.code).toBe(2);
    expect(singleJson(call)).toMatchObject({ ok: false, error: { code: "invalid_config" } });
  });

  it("names the file, the path, the bad value and what is allowed", async () => {
    const repository = await makeRepository();
    const file = join(repository, "podkit.config.yaml");
    writeFileSync(file, "backend:\n  kind: file\ntickets:\n  leaseMs: 60000\n  onExpiredLease: steal\n");
    const run = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`Invalid podkit configuration in ${file}:`);
    expect(run.stderr).toContain(
      `${file}: tickets.onExpiredLease: got 'steal'; allowed: 'block', 'takeover'`,
    );

    writeFileSync(file, "backend:\n  kind: sqlite\n");
    const call = await runPodkit(["call", "--role", "human", "--tool", "ticket_list", "--input", "{}"], {
      cwd: repository,
    });
    expect(call.code).toBe(2);
    const error = singleJson(call).error;
    expect(error?.code).toBe("invalid_config");
    expect(error?.message).toContain(`${file}: backend.kind: got 'sqlite'; allowed: 'file', 'postgres'`);
    expect(call.stderr).toContain("backend.kind");
  });

  it("applies role files from the configuration, and reports their errors as configuration errors", async () => {
    const repository = await makeInitializedRepository();
    writeFileSync(
      join(repository, "roles.yaml"),
      "roles:\n  triage:\n    features:\n      ticket-lifecycle:\n        capabilities: [read]\n",
    );
    writeFileSync(join(repository, "podkit.config.yaml"), "roles:\n  files: [roles.yaml]\n");
    const tools = await runPodkit(["tools", "--role", "triage", "--format", "json"], { cwd: repository });
    expect(tools.code, tools.stderr).toBe(0);
    const names = stdoutJson<{ name: string }[]>(tools).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["ticket_list", "ticket_show"]));
    expect(names).not.toContain("ticket_create");

    writeFileSync(
      join(repository, "roles.yaml"),
      "roles:\n  triage:\n    features:\n      ticket-lifecycle:\n        capabilities: [rule]\n",
    );
    const broken = await runPodkit(["tools", "--role", "triage"], { cwd: repository });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      `${join(repository, "roles.yaml")}: roles.triage.features.ticket-lifecycle.capabilities[0]: 'rule' is not a capability`,
    );
  });

  it("explains a ticket root that does not exist instead of answering with no tools", async () => {
    const repository = await makeInitializedRepository();
    rmSync(join(repository, ".podkit"), { recursive: true });
    const run = await runPodkit(["call", "--role", "human", "--tool", "ticket_list", "--input", "{}"], {
      cwd: repository,
    });
    expect(run.code).toBe(2);
    const error = singleJson(run).error;
    expect(error?.code).toBe("invalid_config");
    expect(error?.message).toContain("ticket-lifecycle");
    expect(error?.message).toContain("podkit init");
  });
});
