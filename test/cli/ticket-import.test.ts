import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  REPOSITORY_ROOT,
  runPodkit,
  singleJson,
} from "./run-podkit.js";

const FIXTURES = join(REPOSITORY_ROOT, "packages", "ticket-lifecycle", "src", "import", "fixtures", "origin");

describe("podkit ticket import", { timeout: CLI_TIMEOUT_MS }, () => {
  it("imports the origin layout, never overwrites, and reports what it skipped", async () => {
    const repository = await makeInitializedRepository();
    const dry = await runPodkit(["ticket", "import", join(FIXTURES, "valid"), "--dry-run"], {
      cwd: repository,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Would import \d+ tickets from /);
    expect((await runPodkit(["ticket", "list"], { cwd: repository })).stdout).toBe("No tickets.\n");

    const run = await runPodkit(["ticket", "import", join(FIXTURES, "valid")], { cwd: repository });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^T-101 +closed/m);
    expect(run.stdout).toMatch(/Imported \d+ tickets from /);
    const list = await runPodkit(["ticket", "list", "--json"], { cwd: repository });
    const ids = (singleJson(list).output as { tickets: { id: string }[] }).tickets.map((ticket) => ticket.id);
    expect(ids).toEqual(expect.arrayContaining(["T-101", "T-102"]));

    const again = await runPodkit(["ticket", "import", join(FIXTURES, "valid"), "--json"], {
      cwd: repository,
    });
    expect(again.code).toBe(1);
    const result = singleJson(again).output as { imported: unknown[]; skipped: { problem: string }[] };
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]?.problem).toContain("already exists");
  });

  it("names the directory, file and line of each malformed ticket it skips", async () => {
    const repository = await makeInitializedRepository();
    const run = await runPodkit(["ticket", "import", join(FIXTURES, "malformed")], { cwd: repository });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Skipped:$/m);
    expect(run.stdout).toMatch(/^DIRECTORY +FILE +PROBLEM$/m);
    expect(run.stdout).toMatch(/thread\.md:\d+ /);
  });

  it("refuses a missing directory and an agent's shell with exit status 2", async () => {
    const repository = await makeInitializedRepository();
    const missing = await runPodkit(["ticket", "import", "no-such-dir"], { cwd: repository });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'no-such-dir' is not a directory");
    const agent = await runPodkit(["ticket", "import", join(FIXTURES, "valid")], {
      cwd: repository,
      env: { PODKIT_ROLE: "intake" },
    });
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain("Only the human operator imports tickets");
  });
});
