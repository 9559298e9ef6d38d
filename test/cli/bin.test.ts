import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BIN,
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
    expect(unknown.stderr).toContain("unknown command 'teleport'. Commands: init, ticket, tools,");
    const nested = await runPodkit(["doctor"], { cwd: REPOSITORY_ROOT });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain("unknown command 'doctor'. Did you mean 'podkit ticket doctor'?");
    const asJson = await runPodkit(["doctor", "--json"], { cwd: REPOSITORY_ROOT });
    expect(singleJson(asJson)).toMatchObject({ ok: false, error: { code: "usage" } });
  });

  it("exits quietly, with its own status, when the reader closes the pipe", async () => {
    const repository = await makeInitializedRepository();
    // A real shell pipeline; PIPESTATUS is podkit's status, and its stderr goes to our file descriptor.
    const pipeline = (reader: string) =>
      new Promise<{ status: string; stdout: string; stderr: string }>((resolve, reject) =>
        execFile(
          "bash",
          ["-c", `"$PODKIT_BIN" tools --role coder | ${reader}; echo "podkit:\${PIPESTATUS[0]}" >&2`],
          { cwd: repository, env: { ...process.env, PODKIT_BIN: BIN }, encoding: "utf8" },
          (error, stdout, stderr) => {
            if (error !== null) reject(error);
            const status = /podkit:(\d+)\n$/.exec(stderr);
            resolve({ status: status?.[1] ?? "?", stdout, stderr: stderr.replace(/podkit:\d+\n$/, "") });
          },
        ),
      );
    // `true` reads nothing and exits at once: every write podkit makes meets a closed pipe.
    expect(await pipeline("true")).toEqual({ status: "0", stdout: "", stderr: "" });
    expect(await pipeline("head -1")).toEqual({
      status: "0",
      stdout: "Instructions for role 'coder':\n",
      stderr: "",
    });
  });
});
