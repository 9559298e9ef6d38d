import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, open, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import { importOriginTickets } from "./import-origin-tickets.js";
import { ORIGIN_FILE_LIMITS } from "./read-origin-file.js";

const clock = () => new Date("2026-11-01T00:00:00.000Z");
const temps: string[] = [];

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `podkit-origin-${name}-`));
  temps.push(dir);
  return dir;
}

const item = (id: string) =>
  `---\nid: ${id}\ntitle: Ticket ${id}\nworkflow_state: planning\ncreated_at: 2025-01-01T00:00:00Z\n---\n\nBody.\n`;
const thread =
  "<!-- event: create author: ann at: 2025-01-01T00:00:00Z -->\n\n## Created\n\nCreated.\n\n---\n";

/** A ticket directory with a good item.md and thread.md. */
async function goodTicket(sourceDir: string, id: string): Promise<string> {
  const dir = join(sourceDir, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "item.md"), item(id));
  await writeFile(join(dir, "thread.md"), thread);
  return dir;
}

/** A file of `bytes` that takes no disk space and is never held in memory: a sparse file. */
async function sparseFile(path: string, bytes: number): Promise<void> {
  await (await open(path, "w")).close();
  await truncate(path, bytes);
}

describe("importOriginTickets: files it must not read", () => {
  it("refuses a 200 MB item.md by its size without reading it, and imports the others", async () => {
    const sourceDir = await tempDir("large");
    await goodTicket(sourceDir, "T-1");
    await mkdir(join(sourceDir, "T-2"));
    await sparseFile(join(sourceDir, "T-2", "item.md"), 200 * 1024 * 1024);
    await goodTicket(sourceDir, "T-3");
    const heapBefore = process.memoryUsage().heapUsed;
    for (const dryRun of [true, false]) {
      const backend = new MemoryTicketBackend({ clock });
      const result = await importOriginTickets({ sourceDir, backend, dryRun });
      expect(result.imported.map((ticket) => ticket.ticketId)).toEqual(["T-1", "T-3"]);
      expect(result.skipped).toEqual([
        {
          dir: "T-2",
          file: "T-2/item.md",
          reason: "too_large",
          problem: expect.stringMatching(/T-2\/item\.md is 200\.0 MiB; the import reads at most 1\.0 MiB/),
        },
      ]);
    }
    // Reading it would have held 200 MB (and its decoded text) at once.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("refuses a thread.md over its limit, and keeps an oversized attachment by reference", async () => {
    const sourceDir = await tempDir("thread");
    const dir = await goodTicket(sourceDir, "T-1");
    await sparseFile(join(dir, "thread.md"), ORIGIN_FILE_LIMITS.threadBytes + 1);
    const other = await goodTicket(sourceDir, "T-2");
    await mkdir(join(other, "artifacts"));
    await sparseFile(join(other, "artifacts", "core.dump"), ORIGIN_FILE_LIMITS.attachmentHashBytes + 1);
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.skipped).toEqual([
      expect.objectContaining({ dir: "T-1", ticketId: "T-1", file: "T-1/thread.md", reason: "too_large" }),
    ]);
    const reference = (await backend.read("T-2"))?.events.find(
      (event) => event.data?.details?.originPath === "artifacts/core.dump",
    );
    expect(reference?.data?.details).toEqual({
      originKind: "reference",
      originPath: "artifacts/core.dump",
      originBytes: ORIGIN_FILE_LIMITS.attachmentHashBytes + 1,
    });
    expect(reference?.body).toContain("64.0 MiB");
  });

  it("refuses a FIFO as item.md or thread.md without waiting for a writer, and keeps one beside them by reference", async () => {
    const sourceDir = await tempDir("fifo");
    await mkdir(join(sourceDir, "T-1"));
    execFileSync("mkfifo", [join(sourceDir, "T-1", "item.md")]);
    const withThreadPipe = join(sourceDir, "T-2");
    await mkdir(withThreadPipe);
    await writeFile(join(withThreadPipe, "item.md"), item("T-2"));
    execFileSync("mkfifo", [join(withThreadPipe, "thread.md")]);
    const withPipe = await goodTicket(sourceDir, "T-3");
    execFileSync("mkfifo", [join(withPipe, "progress.pipe")]);
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.skipped).toEqual([
      {
        dir: "T-1",
        file: "T-1/item.md",
        reason: "not_a_file",
        problem: "T-1/item.md is a FIFO (named pipe), not a regular file; not read.",
      },
      expect.objectContaining({ dir: "T-2", ticketId: "T-2", file: "T-2/thread.md", reason: "not_a_file" }),
    ]);
    expect(result.imported.map((ticket) => ticket.ticketId)).toEqual(["T-3"]);
    const kept = (await backend.read("T-3"))?.events.at(-1);
    expect(kept).toMatchObject({
      body: expect.stringContaining("is a FIFO (named pipe), not a regular file"),
      data: { details: { originKind: "reference", originPath: "progress.pipe" } },
    });
  });

  it("refuses item.md, thread.md or a ticket directory linked outside the import directory, never reading the target", async () => {
    const outside = await tempDir("outside");
    const secret = join(outside, "secret.md");
    await writeFile(secret, item("T-666").replace("Body.", "The secret."));
    await goodTicket(outside, "T-9");
    const sourceDir = await tempDir("links");
    await mkdir(join(sourceDir, "T-1"));
    await symlink(secret, join(sourceDir, "T-1", "item.md"));
    const threadLink = join(sourceDir, "T-2");
    await mkdir(threadLink);
    await writeFile(join(threadLink, "item.md"), item("T-2"));
    await symlink(secret, join(threadLink, "thread.md"));
    await symlink(join(outside, "T-9"), join(sourceDir, "T-9"));
    const inside = await goodTicket(sourceDir, "T-3");
    await symlink(join(inside, "item.md"), join(inside, "same-item.md"));
    await symlink(secret, join(inside, "leak.md"));
    const backend = new MemoryTicketBackend({ clock });
    const result = await importOriginTickets({ sourceDir, backend });
    expect(result.skipped.map(({ dir, file, reason }) => ({ dir, file, reason }))).toEqual([
      { dir: "T-1", file: "T-1/item.md", reason: "outside_source" },
      { dir: "T-2", file: "T-2/thread.md", reason: "outside_source" },
      { dir: "T-9", file: "T-9", reason: "outside_source" },
    ]);
    expect(result.skipped[0]?.problem).toContain("leads outside the import directory");
    expect(result.imported.map((ticket) => ticket.ticketId)).toEqual(["T-3"]);
    const record = await backend.read("T-3");
    expect(JSON.stringify(record)).not.toContain("The secret.");
    expect(record?.events.map((event) => event.data?.details?.originPath).filter(Boolean)).toEqual([
      "leak.md",
      "same-item.md",
    ]);
    expect(record?.events.find((event) => event.data?.details?.originPath === "same-item.md")?.body).toBe(
      item("T-3"),
    );
    expect((await stat(secret)).isFile()).toBe(true);
  });
});
