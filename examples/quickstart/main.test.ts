import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the quickstart exactly as `pnpm quickstart` does, as a real child process. */
function runQuickstart(env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=@podkit/source", "--import", "tsx", "examples/quickstart/main.ts"],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("quickstart", () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "podkit-quickstart-"));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("runs every check against roles.yaml and exits 0", async () => {
    const run = await runQuickstart();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("installed notes@1.0.0: 5 tools");
    expect(run.stdout).toContain("✓ reader: notes_list, notes_show");
    expect(run.stdout).toContain(
      "✓ editor (extends reader): notes_add, notes_list, notes_show, notes_delete",
    );
    expect(run.stdout).toContain("unknown_tool [rule capability-not-granted:write]");
    expect(run.stdout).toContain("unknown_tool [rule deny-list]");
    expect(run.stdout).toContain("unknown_tool [rule not-installed]");
    expect(run.stdout).toContain("invalid_input [rule capability:write]");
    expect(run.stdout).toContain("No note 'n9'. Existing notes: 'n1', 'n2'.");
    expect(run.stdout).not.toContain("✗");
    expect(run.stdout).toContain("All 15 checks passed.");
  });

  it("exits non-zero and names the failed checks when a role grants more than expected", async () => {
    const file = join(directory, "reader-can-write.yaml");
    // The real roles.yaml with one mistake: reader also gets write.
    await writeFile(
      file,
      `roles:
  reader:
    features:
      notes:
        capabilities: [read, write]
  editor:
    extends: reader
    features:
      notes:
        capabilities: [write, admin]
        denyTools: [notes_clear]
`,
    );
    const run = await runQuickstart({ PODKIT_QUICKSTART_ROLES: file });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ reader: notes_add, notes_list, notes_show");
    expect(run.stdout).toContain("MISMATCH: expected unknown_tool, got ok");
    expect(run.stderr).toContain("quickstart: 3 of 15 checks failed:");
    expect(run.stderr).toContain('✗ reader → notes_add {"title":"Sneaky"}');
    // The note the reader should not have been able to add shows up in the final count too.
    expect(run.stdout).toContain("MISMATCH: expected output.total 1, got 2");
    expect(run.stdout).not.toContain("checks passed");
  });

  it("exits non-zero with the file and path when the roles file names an unknown capability", async () => {
    const file = join(directory, "typo.yaml");
    await writeFile(file, "roles:\n  reader:\n    features:\n      notes:\n        capabilities: [raed]\n");
    const run = await runQuickstart({ PODKIT_QUICKSTART_ROLES: file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("quickstart failed to start:");
    expect(run.stderr).toContain(
      `${file}: roles.reader.features.notes.capabilities[0]: 'raed' is not a capability of feature 'notes'. Allowed: 'write', 'read', 'admin'.`,
    );
  });
});
