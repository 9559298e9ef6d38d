import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeRepository, runPodkit } from "./run-podkit.js";

describe("podkit init", { timeout: CLI_TIMEOUT_MS }, () => {
  it("creates a commented config and the ticket root at the repository root, from a subdirectory", async () => {
    const repository = await makeRepository();
    mkdirSync(join(repository, "src", "deep"), { recursive: true });
    const run = await runPodkit(["init"], { cwd: join(repository, "src", "deep") });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("Created ../../podkit.config.yaml");
    const config = readFileSync(join(repository, "podkit.config.yaml"), "utf8");
    expect(config).toMatch(/^# podkit configuration/);
    expect(config).toContain("kind: file");
    expect(statSync(join(repository, ".podkit", "tickets")).isDirectory()).toBe(true);
    const list = await runPodkit(["ticket", "list"], { cwd: repository });
    expect(list).toMatchObject({ code: 0, stdout: "No tickets.\n" });
  });

  it("refuses to overwrite an existing config unless --force", async () => {
    const repository = await makeRepository();
    const file = join(repository, "podkit.config.yaml");
    writeFileSync(file, "tickets:\n  leaseMs: 5000\n");
    const refused = await runPodkit(["init"], { cwd: repository });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file} already exists; nothing was changed. Pass --force`);
    expect(readFileSync(file, "utf8")).toBe("tickets:\n  leaseMs: 5000\n");
    expect(existsSync(join(repository, ".podkit"))).toBe(false);

    const forced = await runPodkit(["init", "--force"], { cwd: repository });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("Overwrote podkit.config.yaml");
    expect(readFileSync(file, "utf8")).toMatch(/^# podkit configuration/);
  });
});
