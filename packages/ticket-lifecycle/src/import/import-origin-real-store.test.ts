import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../backend/file/file-ticket-backend.js";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import { type GeneratedOriginTicket, generateOriginStore } from "../testing/generate-origin-store.js";
import {
  type ImportOriginTicketsResult,
  type ImportProgress,
  importOriginTickets,
} from "./import-origin-tickets.js";
import { IMPORT_NOTE_KINDS, type ImportNoteKind } from "./origin-import-note.js";

const clock = () => new Date("2026-11-01T00:00:00.000Z");
const LARGE_IDS = ["T-9007199254740992", "T-1000000000000000000000"];
const actor = { role: "intake", agentId: "intake-1" };
const createEvent = { kind: "create", to: "planning", data: { title: "After the import" } } as const;

let sourceDir: string;
let generated: GeneratedOriginTicket[];
const temps: string[] = [];

beforeAll(async () => {
  sourceDir = await mkdtemp(join(tmpdir(), "podkit-origin-real-"));
  temps.push(sourceDir);
  generated = await generateOriginStore({
    dir: sourceDir,
    tickets: 400,
    layout: "bucketed",
    extraIds: LARGE_IDS,
  });
});

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

function countsByKind(notes: readonly { kind: ImportNoteKind }[]): Partial<Record<ImportNoteKind, number>> {
  const counts: Partial<Record<ImportNoteKind, number>> = {};
  for (const note of notes) counts[note.kind] = (counts[note.kind] ?? 0) + 1;
  return counts;
}

describe("importOriginTickets on a store the size and shape of the origin's", () => {
  it("was generated with hundreds of tickets, threads of dozens of events, both languages and every shape", () => {
    expect(generated).toHaveLength(402);
    const blocks = generated.map((ticket) => ticket.threadBlocks);
    expect(blocks.reduce((sum, count) => sum + count, 0) / blocks.length).toBeGreaterThan(20);
    expect(Math.max(...blocks)).toBeGreaterThan(48);
    expect(generated.some((ticket) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(ticket.title))).toBe(true);
    const kinds = new Set(generated.flatMap((ticket) => Object.keys(ticket.notes)));
    expect([...kinds].sort()).toEqual([...IMPORT_NOTE_KINDS].sort());
  });

  it("imports every ticket, each with exactly the notes its shapes call for, every block as one event", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const progress: ImportProgress[] = [];
    const result = await importOriginTickets({
      sourceDir,
      backend,
      onProgress: (step) => progress.push(step),
    });
    expect(result.skipped).toEqual([]);
    expect(result.buckets).toEqual(["closed", "closed/2023", "done", "open"]);
    const imported = new Map(result.imported.map((ticket) => [ticket.ticketId, ticket]));
    expect(imported.size).toBe(generated.length);
    for (const expected of generated) {
      const ticket = imported.get(expected.ticketId);
      expect({ ticketId: expected.ticketId, dir: ticket?.dir, state: ticket?.state }).toEqual({
        ticketId: expected.ticketId,
        dir: expected.dir,
        state: expected.state,
      });
      expect({ ticketId: expected.ticketId, notes: countsByKind(ticket?.notes ?? []) }).toEqual({
        ticketId: expected.ticketId,
        notes: expected.notes,
      });
      const record = await backend.read(expected.ticketId);
      expect(record?.ticket.title).toBe(expected.title);
      const fromOrigin = record?.events.filter((event) => event.actor.role === "origin").length;
      expect({ ticketId: expected.ticketId, blocks: fromOrigin }).toEqual({
        ticketId: expected.ticketId,
        blocks: expected.originEvents,
      });
    }
    expect(progress.filter((step) => step.phase === "read")).toHaveLength(generated.length);
    expect(progress.at(-1)).toEqual({ phase: "import", done: generated.length, total: generated.length });

    const next = await backend.create({ event: createEvent, actor });
    expect(next.ticket.id).toBe("T-1000000000000000000001");
    expect((await backend.doctor()).ok).toBe(true);
  });

  it("reports the same in a dry run and writes nothing", async () => {
    const backend = new MemoryTicketBackend({ clock });
    const dry = await importOriginTickets({ sourceDir, backend, dryRun: true });
    const real = await importOriginTickets({ sourceDir, backend: new MemoryTicketBackend({ clock }) });
    const strip = (result: ImportOriginTicketsResult) => ({ ...result, dryRun: undefined });
    expect(strip(dry)).toEqual(strip(real));
    expect(dry.dryRun).toBe(true);
    expect((await backend.list()).tickets).toEqual([]);
  });

  it("stores the large ids in the file backend, whose next create continues after them exactly", async () => {
    const flat = await mkdtemp(join(tmpdir(), "podkit-origin-flat-"));
    const root = await mkdtemp(join(tmpdir(), "podkit-origin-store-"));
    temps.push(flat, root);
    const small = await generateOriginStore({ dir: flat, tickets: 12, seed: 7, extraIds: LARGE_IDS });
    const backend = createFileTicketBackend({ root, clock });
    try {
      const result = await importOriginTickets({ sourceDir: flat, backend });
      expect(result.skipped).toEqual([]);
      expect(result.imported).toHaveLength(small.length);
      const first = await backend.create({ event: createEvent, actor });
      const second = await backend.create({ event: createEvent, actor });
      expect([first.ticket.id, second.ticket.id]).toEqual([
        "T-1000000000000000000001",
        "T-1000000000000000000002",
      ]);
      expect((await backend.doctor()).problems).toEqual([]);
    } finally {
      await backend.close();
    }
  });
});
