import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createFileTicketBackend,
  DEFAULT_TICKET_POLICY,
  MemoryTicketBackend,
  type TicketBackend,
  TicketService,
} from "@podkit/ticket-lifecycle";
import { copyTickets } from "@podkit/ticket-lifecycle/import";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeWithPostgres, openTestBackend, type TestBackend } from "./testing/test-database.js";

const human = { role: "human", agentId: "alice" };
const orchestrator = { role: "orchestrator", agentId: "orch-1" };

/** Three tickets in different states, one with a lease, comments and a relation. */
async function seed(backend: TicketBackend): Promise<string[]> {
  const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
  const planned = (await service.create(human, { title: "Planned 🎫", body: "---\nnot front matter\n" }))
    .ticket.id;
  const queued = (await service.create(human, { title: "Queued" })).ticket.id;
  await service.execute(human, queued, { type: "mark_ready", summary: "Ready." });
  await service.execute(human, queued, { type: "queue" }, { gate: true });
  const accepted = (await service.create(human, { title: "Accepted" })).ticket.id;
  await service.execute(human, accepted, { type: "relate", relation: "related", target: planned });
  await service.execute(human, accepted, { type: "mark_ready", summary: "Ready." });
  await service.execute(human, accepted, { type: "queue" }, { gate: true });
  const { event } = await service.execute(orchestrator, accepted, {
    type: "accept",
    holder: "orch-1",
    requestId: "r",
    leaseMs: 60_000,
  });
  await service.execute(orchestrator, accepted, {
    type: "report",
    kind: "intent",
    token: event.token ?? 0,
    body: "worktree",
    details: { step: "worktree", ok: true },
  });
  return [planned, queued, accepted];
}

async function histories(backend: TicketBackend) {
  const { tickets } = await backend.list();
  return Promise.all(tickets.map(async (ticket) => (await backend.read(ticket.id))?.events));
}

describe("copyTickets", () => {
  it("copies every ticket with its whole history, ids, actors and times", async () => {
    const from = new MemoryTicketBackend();
    const to = new MemoryTicketBackend();
    const ids = await seed(from);
    expect(await copyTickets({ from, to })).toEqual({ copied: ids, skipped: [] });
    expect(await histories(to)).toEqual(await histories(from));
  });

  it("skips what a previous run copied and a different ticket under the same id, changing neither", async () => {
    const from = new MemoryTicketBackend();
    const to = new MemoryTicketBackend();
    const [first, second, third] = await seed(from);
    await copyTickets({ from, to });
    const other = new MemoryTicketBackend();
    await other.create({
      id: "T-4",
      event: { kind: "create", to: "planning", data: { title: "Here" } },
      actor: human,
    });
    await from.create({
      id: "T-4",
      event: { kind: "create", to: "planning", data: { title: "There" } },
      actor: human,
    });
    await to.importHistory("T-4", (await other.read("T-4"))?.events ?? []);
    const result = await copyTickets({ from, to });
    expect(result.copied).toEqual([]);
    expect(result.skipped.map(({ ticketId, reason }) => [ticketId, reason])).toEqual([
      [first, "already_copied"],
      [second, "already_copied"],
      [third, "already_copied"],
      ["T-4", "exists"],
    ]);
    expect((await to.read("T-4"))?.ticket.title).toBe("Here");
  });

  it("writes nothing on a dry run but reports what it would do", async () => {
    const from = new MemoryTicketBackend();
    const to = new MemoryTicketBackend();
    const ids = await seed(from);
    expect(await copyTickets({ from, to, dryRun: true })).toEqual({ copied: ids, skipped: [] });
    expect((await to.list()).tickets).toEqual([]);
  });
});

describeWithPostgres("copyTickets between the file store and PostgreSQL", () => {
  let directory: string;
  let database: TestBackend;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-copy-"));
    database = await openTestBackend();
  });
  afterEach(async () => {
    await database.cleanup();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("moves a file-backed queue into PostgreSQL and exports it back unchanged", async () => {
    const files = createFileTicketBackend({ root: path.join(directory, "tickets"), createRoot: true });
    const ids = await seed(files);
    fs.mkdirSync(path.join(directory, "tickets", "T-99"));
    fs.writeFileSync(path.join(directory, "tickets", "T-99", "ticket.md"), "not a ticket");
    const imported = await copyTickets({ from: files, to: database.backend });
    expect(imported.copied).toEqual(ids);
    expect(imported.skipped).toEqual([expect.objectContaining({ ticketId: "T-99", reason: "unreadable" })]);
    expect(await histories(database.backend)).toEqual(await histories(files));
    expect((await database.backend.list({ states: ["queued"] })).tickets.map((ticket) => ticket.id)).toEqual([
      ids[1],
    ]);
    expect((await database.backend.doctor()).problems).toEqual([]);

    const exported = createFileTicketBackend({ root: path.join(directory, "exported"), createRoot: true });
    expect(await copyTickets({ from: database.backend, to: exported })).toEqual({ copied: ids, skipped: [] });
    expect(await histories(exported)).toEqual(await histories(database.backend));
    await files.close();
    await exported.close();
  });

  it("refuses, ticket by ticket and naming the text, file histories holding text PostgreSQL cannot store", async () => {
    const root = path.join(directory, "tickets");
    const files = createFileTicketBackend({ root, createRoot: true });
    const service = new TicketService(files, DEFAULT_TICKET_POLICY);
    const clean = (await service.create(human, { title: "Clean" })).ticket.id;
    const withNul = (await service.create(human, { title: "Legacy comment" })).ticket.id;
    await service.execute(human, withNul, { type: "comment", kind: "comment", body: "placeholder" });
    const withSurrogate = (await service.create(human, { title: "Legacy title" })).ticket.id;
    // Written by an earlier podkit, which accepted any text: edit the stored events as it would have left them.
    legacyEdit(root, withNul, 2, "placeholder", "pasted\u0000binary");
    legacyEdit(root, withSurrogate, 1, '"Legacy title"', '"Legacy \\ud83c title"');
    expect((await files.read(withNul))?.events[1]?.body).toBe("pasted\u0000binary");
    expect((await files.read(withSurrogate))?.ticket.title).toBe("Legacy \ud83c title");

    const result = await copyTickets({ from: files, to: database.backend });
    expect(result.copied).toEqual([clean]);
    expect(result.skipped).toEqual([
      {
        ticketId: withNul,
        reason: "refused",
        message: expect.stringMatching(
          new RegExp(
            `^Event 2 of ticket '${withNul}' cannot be stored: 'body' contains U\\+0000 \\(NUL\\) at character 7\\.`,
          ),
        ),
      },
      {
        ticketId: withSurrogate,
        reason: "refused",
        message: expect.stringContaining(
          `Event 1 of ticket '${withSurrogate}' cannot be stored: 'data.title' contains an unpaired surrogate U+D83C`,
        ),
      },
    ]);
    for (const { message } of result.skipped)
      expect(message).not.toMatch(/storage_unavailable|SQLSTATE|PostgreSQL/);
    expect(await database.backend.read(withNul)).toBeUndefined();
    expect(await database.backend.read(withSurrogate)).toBeUndefined();

    // The file store keeps such a history readable and writable; only new text must follow the rule.
    await service.execute(human, withNul, { type: "comment", kind: "comment", body: "Still usable." });
    const refusal = await service
      .execute(human, withNul, { type: "comment", kind: "comment", body: "more\u0000" })
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "invalid_input" });
    expect((await files.read(withNul))?.events.map((event) => event.body)).toEqual([
      "",
      "pasted\u0000binary",
      "Still usable.",
    ]);
    await files.close();
  });
});

/** Rewrites one stored event file of the file backend, as text, and drops the derived snapshot. */
function legacyEdit(root: string, ticketId: string, seq: number, from: string, to: string): void {
  const file = path.join(root, ticketId, "events", `${String(seq).padStart(6, "0")}.md`);
  const text = fs.readFileSync(file, "utf8");
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  fs.rmSync(path.join(root, ticketId, "ticket.md"), { force: true });
}
