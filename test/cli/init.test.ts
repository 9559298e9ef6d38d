import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeRepository, runPodkit } from "./run-podkit.js";

/** Runs git in `cwd` as a test identity and resolves with its stdout. */
function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
      { cwd, encoding: "utf8" },
      (error, stdout, stderr) =>
        error === null ? resolve(stdout) : reject(new Error(`git ${args.join(" ")}: ${stderr}`)),
    ),
  );
}

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

  it("keeps Pod logs and worktrees out of git, and the tickets in it", async () => {
    const repository = await makeRepository();
    const run = await runPodkit(["init"], { cwd: repository });
    expect(run.stdout).toContain("Created .podkit/.gitignore (Pod logs and worktrees stay out of git)");
    expect((await runPodkit(["ticket", "create", "Tracked"], { cwd: repository })).code).toBe(0);
    mkdirSync(join(repository, ".podkit", "run"));
    writeFileSync(join(repository, ".podkit", "run", "T-1-t1-coder-1.log"), "{}\n");
    await git(repository, "commit", "--quiet", "--allow-empty", "-m", "Initial commit");
    await git(repository, "worktree", "add", "--quiet", "-b", "podkit/T-1-t1", ".podkit/worktrees/T-1-t1");
    const untracked = (await git(repository, "status", "--porcelain", "--untracked-files=all"))
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.slice(3));
    expect(untracked).toContain(".podkit/.gitignore");
    expect(untracked).toContain("podkit.config.yaml");
    expect(untracked.some((path) => path.startsWith(".podkit/tickets/T-1/"))).toBe(true);
    expect(untracked.filter((path) => /^\.podkit\/(run|worktrees)\//.test(path))).toEqual([]);
    // An existing one is the user's: a second init (--force) leaves it as it is.
    writeFileSync(join(repository, ".podkit", ".gitignore"), "# mine\n");
    const again = await runPodkit(["init", "--force"], { cwd: repository });
    expect(again.stdout).not.toContain(".gitignore");
    expect(readFileSync(join(repository, ".podkit", ".gitignore"), "utf8")).toBe("# mine\n");
  });

  it("prints its next steps as the person ran podkit: podkit on PATH, or through npx or pnpm exec", async () => {
    const direct = await runPodkit(["init"], { cwd: await makeRepository(), env: { npm_command: "" } });
    expect(direct.stdout).toContain('Next: podkit ticket create "Your first ticket"');
    expect(direct.stdout).toContain("Then: podkit serve");
    const viaPnpm = await runPodkit(["init"], {
      cwd: await makeRepository(),
      env: { npm_command: "exec", npm_config_user_agent: "pnpm/10.34.9 npm/? node/v20.20.2 linux x64" },
    });
    expect(viaPnpm.stdout).toContain('Next: pnpm exec podkit ticket create "Your first ticket"');
    expect(viaPnpm.stdout).toContain(
      "Your board token (shown once): pnpm exec podkit token create --role human --agent $(whoami)",
    );
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
