import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../backend/file/file-ticket-backend.js";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import { importOriginTickets } from "./import-origin-tickets.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/origin/", import.meta.url));
const clock = () => new Date("2026-11-01T00:00:00.000Z");
const roots: string[] = [];

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function fileBackend() {
  const root = await mkdtemp(join(tmpdir(), "podkit-origin-files-"));
  roots.push(root);
  return { root, backend: createFileTicketBackend({ root, clock }) };
}

describe("importOriginTickets into the file backend", () => {
  it("stores the same histories as the memory backend, readable by a fresh backend on the same root", async () => {
    const memory = new MemoryTicketBackend({ clock });
    const expected = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend: memory });
    const { root, backend } = await fileBackend();
    const result = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend });
    expect(result).toEqual(expected);
    await backend.close();
    const reopened = createFileTicketBackend({ root, clock });
    for (const { ticketId } of expected.imported) {
      expect(await reopened.read(ticketId)).toEqual(await memory.read(ticketId));
    }
    expect((await reopened.doctor()).problems).toEqual([]);
    await reopened.close();
  });

  it("writes nothing for malformed tickets, and nothing at all in a dry run", async () => {
    const { backend } = await fileBackend();
    const malformed = await importOriginTickets({ sourceDir: join(FIXTURES, "malformed"), backend });
    expect(malformed.imported).toEqual([]);
    const dry = await importOriginTickets({ sourceDir: join(FIXTURES, "valid"), backend, dryRun: true });
    expect(dry.imported).toHaveLength(6);
    expect((await backend.list()).tickets).toEqual([]);
    await backend.close();
  });
});
