import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import type { TicketRecord } from "../domain/ticket.js";
import { TicketError } from "../domain/ticket-error.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { importOriginTickets } from "./import-origin-tickets.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/origin/", import.meta.url));
const clock = () => new Date("2026-11-01T00:00:00.000Z");
const temps: string[] = [];

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A source directory holding copies of the named fixture ticket directories. */
async function tempSource(...fixtures: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "podkit-origin-"));
  temps.push(dir);
  for (const fixture of fixtures) {
    await cp(join(FIXTURES, fixture), join(dir, fixture.split("/").at(-1) as string), { recursive: true });
  }
  return dir;
}

describe("importOriginTickets: problems", () => {
  it("reports every malformed ticket with its file, line and problem, and stores none of them", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir: join(FIXTURES, "malformed"), backend });
    expect(result.imported).toEqual([]);
    expect(
      result.skipped.map(({ dir, ticketId, file, line, reason }) => ({ dir, ticketId, file, line, reason })),
    ).toEqual([
      {
        dir: "bad-front-matter",
        ticketId: undefined,
        file: "bad-front-matter/item.md",
        line: 3,
        reason: "format",
      },
      { dir: "bad-id", ticketId: "M 6/../x", file: "bad-id/item.md", line: undefined, reason: "invalid_id" },
      { dir: "bad-time", ticketId: "M-4", file: "bad-time/thread.md", line: 9, reason: "format" },
      {
        dir: "duplicate-a",
        ticketId: "M-10",
        file: "duplicate-a/item.md",
        line: undefined,
        reason: "duplicate_id",
      },
      {
        dir: "duplicate-b",
        ticketId: "M-10",
        file: "duplicate-b/item.md",
        line: undefined,
        reason: "duplicate_id",
      },
      {
        dir: "missing-item",
        ticketId: undefined,
        file: "missing-item/item.md",
        line: undefined,
        reason: "missing_item",
      },
      { dir: "not-utf8", ticketId: undefined, file: "not-utf8/item.md", line: undefined, reason: "not_utf8" },
      { dir: "unknown-state", ticketId: undefined, file: "unknown-state/item.md", line: 4, reason: "format" },
      {
        dir: "unknown-thread-state",
        ticketId: "M-8",
        file: "unknown-thread-state/thread.md",
        line: 9,
        reason: "format",
      },
    ]);
    const problems = Object.fromEntries(result.skipped.map(({ dir, problem }) => [dir, problem]));
    expect(problems).toMatchObject({
      "bad-front-matter": expect.stringContaining("neither YAML"),
      "bad-id": expect.stringContaining("'M 6/../x' is not a valid podkit id"),
      "bad-time": expect.stringContaining('"2026-02-30T10:00:00Z" is not an ISO 8601 time'),
      "duplicate-a": expect.stringContaining("declared by several directories (duplicate-a, duplicate-b)"),
      "missing-item": "The directory has no item.md.",
      "not-utf8": "The file is not valid UTF-8.",
      "unknown-state": expect.stringContaining("Unknown state 'doing'"),
      "unknown-thread-state": expect.stringContaining("Unknown state 'in_review' in 'to:'"),
    });
    expect((await backend.list()).tickets).toEqual([]);
  });

  it("imports the good tickets of a mixed directory and skips only the bad ones", async () => {
    const sourceDir = await tempSource("valid/T-101-closed", "malformed/bad-time", "malformed/unknown-state");
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.imported.map((ticket) => ticket.ticketId)).toEqual(["T-101"]);
    expect(result.skipped.map((ticket) => ticket.dir)).toEqual(["bad-time", "unknown-state"]);
    expect((await backend.list()).tickets.map((ticket) => ticket.id)).toEqual(["T-101"]);
  });

  it("skips an id that already exists in the backend and leaves that ticket untouched", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const existing = await backend.create({
      id: "T-102",
      actor: { role: "human", agentId: "ann" },
      event: {
        kind: "create",
        to: "planning",
        body: "mine",
        data: { title: "Already here", priority: "normal" },
      },
    });
    const result = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend });
    expect(result.skipped).toEqual([
      {
        dir: "T-102-blocked",
        ticketId: "T-102",
        file: "T-102-blocked/item.md",
        reason: "exists",
        problem: "Ticket 'T-102' already exists in the memory backend; the import never overwrites.",
      },
    ]);
    expect(result.imported).toHaveLength(5);
    expect(await backend.read("T-102")).toEqual(existing);
  });

  it("skips everything on a second run", async () => {
    const backend = new MemoryTicketBackend({ clock });
    await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend });
    const again = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend });
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((ticket) => ticket.problem)).toEqual(
      Array(6).fill(expect.stringContaining("already exists in the memory backend")),
    );
  });

  it("reports a ticket the backend refuses and goes on with the others", async () => {
    class RefusingBackend extends MemoryTicketBackend {
      override async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
        if (ticketId === "T-102") throw new TicketError("storage_unavailable", "Disk full.", { ticketId });
        return super.importHistory(ticketId, events);
      }
    }
    const backend = new RefusingBackend({ clock });
    const result = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend });
    expect(result.skipped).toEqual([
      {
        dir: "T-102-blocked",
        ticketId: "T-102",
        file: "T-102-blocked/item.md",
        reason: "backend_refused",
        problem: "The memory backend refused ticket 'T-102' (storage_unavailable): Disk full.",
      },
    ]);
    expect(result.imported.map((ticket) => ticket.ticketId)).not.toContain("T-102");
    expect(await backend.read("T-102")).toBeUndefined();
    expect((await backend.list()).tickets).toHaveLength(5);
  });

  it("reads CRLF files with a byte order mark, and ignores hidden directories and loose files", async () => {
    const sourceDir = await tempSource();
    await mkdir(join(sourceDir, "T-7"));
    await mkdir(join(sourceDir, ".git"));
    await writeFile(join(sourceDir, "README.md"), "not a ticket");
    const item =
      "\uFEFF---\r\nid: T-7\r\ntitle: Windows line ends\r\nworkflow_state: planning\r\n---\r\n\r\nLine one.\r\nLine two.\r\n";
    const thread =
      "<!-- event: create author: ann at: 2026-01-01T00:00:00Z -->\r\n\r\n## Created\r\n\r\nCreated.\r\n\r\n---\r\n";
    await writeFile(join(sourceDir, "T-7", "item.md"), item);
    await writeFile(join(sourceDir, "T-7", "thread.md"), thread);
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.skipped).toEqual([]);
    expect((await backend.read("T-7"))?.ticket).toMatchObject({
      title: "Windows line ends",
      body: "Line one.\nLine two.",
    });
  });

  it("takes the directory name as the id when item.md has none, and refuses one podkit cannot hold", async () => {
    const sourceDir = await tempSource();
    for (const dir of ["T-8", "T 9"]) {
      await mkdir(join(sourceDir, dir));
      await writeFile(join(sourceDir, dir, "item.md"), "---\ntitle: No id\nworkflow_state: planning\n---\n");
    }
    const result = await importOriginTickets({ sourceDir, backend: new MemoryTicketBackend({ clock }) });
    expect(result.imported.map((ticket) => [ticket.ticketId, ticket.notes.map((note) => note.kind)])).toEqual(
      [["T-8", ["no-creation-record", "no-thread"]]],
    );
    expect(result.skipped).toMatchObject([
      { dir: "T 9", ticketId: "T 9", problem: expect.stringContaining("not a valid podkit id") },
    ]);
  });

  it("refuses a source directory that does not exist", async () => {
    const sourceDir = join(tmpdir(), "podkit-origin-does-not-exist");
    await expect(
      importOriginTickets({ sourceDir, backend: new MemoryTicketBackend() }),
    ).rejects.toMatchObject({
      name: "TicketError",
      code: "not_found",
      message: expect.stringContaining(sourceDir),
    });
  });
});
