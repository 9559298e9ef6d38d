import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  REPOSITORY_ROOT,
  runPodkit,
  singleJson,
} from "./run-podkit.js";

describe("the podkit bin", { timeout: CLI_TIMEOUT_MS }, () => {
  it("runs through node_modules/.bin/podkit from another directory", async () => {
    const repository = await makeInitializedRepository();
    const nested = join(repository, "nested");
    mkdirSync(nested);
    const run = await runPodkit(
      ["call", "--role", "intake", "--tool", "ticket_create", "--input", '{"title":"Via .bin"}'],
      {
        cwd: nested,
        file: join(REPOSITORY_ROOT, "node_modules", ".bin", "podkit"),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(singleJson(run)).toMatchObject({ ok: true, output: { ticket: { title: "Via .bin" } } });
  });

  it("prints help and its version with exit status 0, and usage with 2", async () => {
    const help = await runPodkit(["--help"], { cwd: REPOSITORY_ROOT });
    expect(help.code).toBe(0);
    for (const command of ["init", "ticket", "tools", "call"]) expect(help.stdout).toContain(`  ${command}`);
    const version = await runPodkit(["--version"], { cwd: REPOSITORY_ROOT });
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const unknown = await runPodkit(["teleport"], { cwd: REPOSITORY_ROOT });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'teleport'");
  });
});
