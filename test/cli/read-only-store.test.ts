import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BIN,
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  type PodkitRun,
  runPodkit,
  singleJson,
} from "./run-podkit.js";

/**
 * Root ignores permission bits, so as root the bin runs as `nobody` (setpriv), against a store
 * root owns; any other user makes its store read-only with `chmod -R a-w` and runs as itself.
 */
const AS_ROOT = process.getuid?.() === 0;
const READER = AS_ROOT ? "nobody (setpriv)" : "this user, on a chmod -R a-w store";

/** Runs `podkit args…` as the reader: a user that may read the repository but not write it. */
function runAsReader(repository: string, args: readonly string[], input?: string): Promise<PodkitRun> {
  if (!AS_ROOT) return runPodkit(args, { cwd: repository, ...(input === undefined ? {} : { input }) });
  return runPodkit(["--reuid=nobody", "--regid=nogroup", "--clear-groups", BIN, ...args], {
    cwd: repository,
    file: "setpriv",
    ...(input === undefined ? {} : { input }),
  });
}

/** Every path under `.podkit` with its size and modification time: what a read must not change. */
function storeState(repository: string): string[] {
  const store = join(repository, ".podkit");
  return (readdirSync(store, { recursive: true }) as string[]).sort().map((name) => {
    const stats = statSync(join(store, name));
    return `${name} ${stats.mode.toString(8)} ${stats.size} ${stats.mtimeMs}`;
  });
}

/** A repository with two tickets (one with a comment), written by the test's own user. */
async function repositoryWithTickets(): Promise<string> {
  const repository = await makeInitializedRepository();
  for (const title of ["Readable", "Also readable"]) {
    const created = await runPodkit(["ticket", "create", title], { cwd: repository });
    expect(created.code, created.stderr).toBe(0);
  }
  const comment = await runPodkit(
    ["call", "--role", "human", "--tool", "ticket_comment", "--input", '{"ticketId":"T-1","body":"a note"}'],
    { cwd: repository },
  );
  expect(singleJson(comment), comment.stderr).toMatchObject({ ok: true });
  // What a writable reader would rebuild: the list cache and a snapshot.
  rmSync(join(repository, ".podkit", "tickets", ".cache"), { recursive: true, force: true });
  rmSync(join(repository, ".podkit", "tickets", "T-1", "ticket.md"));
  // mkdtemp makes 0700 directories: let the other user in.
  chmodSync(repository, 0o755);
  return repository;
}

/** Makes a copy of the repository whose `.podkit` no one may write; restored before removal. */
function readOnlyCopy(repository: string): { readonly copy: string; readonly restore: () => void } {
  const copy = `${repository}-read-only`;
  cpSync(repository, copy, { recursive: true });
  execFileSync("chmod", ["-R", "a-w", join(copy, ".podkit")]);
  return {
    copy,
    restore: () => {
      execFileSync("chmod", ["-R", "u+w", join(copy, ".podkit")]);
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

async function expectReadsWorkAndWritesRefused(repository: string): Promise<void> {
  const before = storeState(repository);
  const root = join(repository, ".podkit", "tickets");

  const list = await runAsReader(repository, ["ticket", "list"]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/^T-1 +planning .* Readable$/m);
  expect(list.stdout).toMatch(/^T-2 +planning .* Also readable$/m);
  expect(list.stderr).toBe("");

  const show = await runAsReader(repository, ["ticket", "show", "T-1"]);
  expect(show.code, show.stderr).toBe(0);
  expect(show.stdout).toContain("Readable");
  expect(show.stdout).toContain("a note");

  const doctor = await runAsReader(repository, ["ticket", "doctor"]);
  expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  expect(doctor.stdout).toBe("Checked 2 tickets: no problems.\n");

  const listed = singleJson(
    await runAsReader(repository, ["call", "--role", "human", "--tool", "ticket_list", "--input", "{}"]),
  );
  expect(listed).toMatchObject({ ok: true, output: { count: 2, unreadable: 0 } });
  const shown = singleJson(
    await runAsReader(
      repository,
      ["call", "--role", "human", "--tool", "ticket_show", "--input", "-"],
      '{"ticketId":"T-1"}',
    ),
  );
  expect(shown).toMatchObject({ ok: true, output: { ticket: { id: "T-1", title: "Readable", seq: 2 } } });

  const create = await runAsReader(repository, ["ticket", "create", "Not written"]);
  expect(create.code).toBe(1);
  expect(create.stderr).toContain("refused (read_only)");
  expect(create.stderr).toContain(`The ticket store '${root}' is read-only for this process`);
  expect(create.stderr).toContain("Nothing was written");
  const comment = singleJson(
    await runAsReader(repository, [
      "call",
      "--role",
      "human",
      "--tool",
      "ticket_comment",
      "--input",
      '{"ticketId":"T-2","body":"not written"}',
    ]),
  );
  expect(comment).toMatchObject({ ok: false, error: { code: "read_only" } });
  expect(comment.error?.message).toContain(root);

  // Nothing was written, rebuilt or swept: no cache, no snapshot, no lock, no staging directory.
  expect(storeState(repository)).toEqual(before);
}

describe(`a ticket store read by ${READER}`, { timeout: CLI_TIMEOUT_MS }, () => {
  it("lists, shows and checks tickets, and refuses a write with read_only", async () => {
    const repository = await repositoryWithTickets();
    if (AS_ROOT) {
      // Owned by root, 0755 directories and 0644 files: readable, not writable, for nobody.
      await expectReadsWorkAndWritesRefused(repository);
      return;
    }
    const { copy, restore } = readOnlyCopy(repository);
    try {
      await expectReadsWorkAndWritesRefused(copy);
    } finally {
      restore();
    }
  });

  it.runIf(AS_ROOT)("does the same on a store that chmod -R a-w made read-only", async () => {
    const { copy, restore } = readOnlyCopy(await repositoryWithTickets());
    try {
      await expectReadsWorkAndWritesRefused(copy);
    } finally {
      restore();
    }
  });
});
