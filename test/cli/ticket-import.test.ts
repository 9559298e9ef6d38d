import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type GeneratedOriginTicket,
  generateOriginStore,
} from "../../packages/ticket-lifecycle/src/testing/generate-origin-store.js";
import {
  BIN,
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
    expect(run.stdout).toMatch(/^DIRECTORY +FILE +REASON +PROBLEM$/m);
    expect(run.stdout).toMatch(/^duplicate-a +duplicate-a\/item\.md +duplicate_id +/m);
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

describe("podkit ticket import on a store the size and shape of the origin's", {
  timeout: CLI_TIMEOUT_MS,
}, () => {
  const LARGE_IDS = ["T-9007199254740992", "T-1000000000000000000000"];
  let sourceDir: string;
  let generated: GeneratedOriginTicket[];
  const repositories: string[] = [];

  beforeAll(async () => {
    sourceDir = await mkdtemp(join(tmpdir(), "podkit-cli-origin-"));
    generated = await generateOriginStore({
      dir: sourceDir,
      tickets: 208,
      layout: "bucketed",
      extraIds: LARGE_IDS,
    });
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await rm(sourceDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(repositories.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** The notes the generator put in, counted by kind over the whole store. */
  function expectedNotes(): Map<string, { notes: number; tickets: number }> {
    const totals = new Map<string, { notes: number; tickets: number }>();
    for (const ticket of generated) {
      for (const [kind, count] of Object.entries(ticket.notes)) {
        const total = totals.get(kind) ?? { notes: 0, tickets: 0 };
        totals.set(kind, { notes: total.notes + (count ?? 0), tickets: total.tickets + 1 });
      }
    }
    return totals;
  }

  it("shows a line per 100 tickets and the notes by kind, writes nothing in a dry run, then imports everything", async () => {
    const repository = await makeInitializedRepository();
    repositories.push(repository);
    const total = generated.length;
    const dry = await runPodkit(["ticket", "import", sourceDir, "--dry-run"], { cwd: repository });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toBe(`Checked 100 of ${total} tickets…\nChecked 200 of ${total} tickets…\n`);
    expect(dry.stdout).toContain(
      `Would import ${total} tickets from ${sourceDir} (buckets: closed, closed/2023, done, open).\n`,
    );
    const summary = dry.stdout.slice(dry.stdout.indexOf("Notes by kind:\n"));
    expect(summary).toMatch(/^KIND +NOTES +TICKETS$/m);
    for (const [kind, { notes, tickets }] of expectedNotes())
      expect(summary).toMatch(new RegExp(`^${kind} +${notes} +${tickets}$`, "m"));
    expect((await runPodkit(["ticket", "list"], { cwd: repository })).stdout).toBe("No tickets.\n");

    // Storing is bound by fsync: a smaller store of the same shape keeps this quick on a busy machine.
    const smaller = await mkdtemp(join(tmpdir(), "podkit-cli-origin-"));
    repositories.push(smaller);
    const stored = await generateOriginStore({ dir: smaller, tickets: 108, seed: 11, extraIds: LARGE_IDS });
    const run = await runPodkit(["ticket", "import", smaller, "--json"], { cwd: repository });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`Imported 100 of ${stored.length} tickets…\n`);
    const output = singleJson(run).output as { imported: unknown[]; skipped: unknown[] };
    expect(output.skipped).toEqual([]);
    expect(output.imported).toHaveLength(stored.length);

    const created = await runPodkit(["ticket", "create", "After the import", "--json"], { cwd: repository });
    expect(created.code, created.stderr).toBe(0);
    expect(singleJson(created).output).toMatchObject({ ticket: { id: "T-1000000000000000000001" } });
    const doctor = await runPodkit(["ticket", "doctor"], { cwd: repository });
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it("draws a progress bar on a terminal and clears it before the summary", async () => {
    const repository = await makeInitializedRepository();
    repositories.push(repository);
    // `script` gives the CLI a real pseudo-terminal, as an operator's shell would.
    const command = [BIN, "ticket", "import", sourceDir, "--dry-run"].map((part) => `'${part}'`).join(" ");
    const run = await runPodkit(["-qec", command, "/dev/null"], { cwd: repository, file: "script" });
    expect(run.code, run.stdout).toBe(0);
    const redraw = "\r\u001b[K";
    expect(run.stdout).toContain(`${redraw}Reading   [${"#".repeat(30)}] 210/210`);
    expect(run.stdout).toContain(`${redraw}Checking  [${"#".repeat(15)}${".".repeat(15)}] 105/210`);
    const afterBar = run.stdout.slice(run.stdout.lastIndexOf(redraw) + redraw.length);
    expect(afterBar).toMatch(/^ID +STATE +EVENTS +NOTES\r?\n/);
    expect(afterBar).toContain("Would import 210 tickets");
    expect(run.stdout).not.toContain("Checked 100 of");
  });
});
