import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TICKET_POLICY } from "../../service/ticket-policy.js";
import { TicketService } from "../../service/ticket-service.js";
import { createFileTicketBackend, type FileTicketBackend } from "./file-ticket-backend.js";
import { parseSnapshotFile } from "./snapshot-file.js";

const human = { role: "human", agentId: "alice" };
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

let root: string;
let backend: FileTicketBackend;
let service: TicketService;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-file-list-"));
  backend = createFileTicketBackend({ root });
  service = new TicketService(backend, DEFAULT_TICKET_POLICY);
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function createTickets(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1)
    ids.push((await service.create(human, { title: `Ticket ${index + 1}` })).ticket.id);
  return ids;
}

/** Makes a ticket's events directory look untouched for an hour, so its cache entry is trusted. */
function age(ticketId: string): void {
  fs.utimesSync(path.join(root, ticketId, "events"), AN_HOUR_AGO, AN_HOUR_AGO);
}

describe("listing tickets", () => {
  it("orders ids numerically and filters by state", async () => {
    const ids = await createTickets(11);
    await service.execute(human, "T-10", { type: "mark_ready", summary: "ready" });
    const all = await backend.list();
    expect(all.tickets.map((ticket) => ticket.id)).toEqual(ids);
    expect(all.tickets.map((ticket) => ticket.id).slice(1, 3)).toEqual(["T-2", "T-3"]);
    const ready = await backend.list({ states: ["ready"] });
    expect(ready.tickets.map((ticket) => [ticket.id, ticket.state, ticket.seq])).toEqual([
      ["T-10", "ready", 2],
    ]);
    expect(ready.problems).toEqual([]);
  });

  it("returns what read() returns, body included, as immutable objects", async () => {
    const { ticket } = await service.create(human, { title: "Same", body: "body 🎫\n---\n" });
    const listed = (await backend.list()).tickets;
    expect(listed).toEqual([(await backend.read(ticket.id))?.ticket]);
    expect(Object.isFrozen(listed[0]) && Object.isFrozen(listed[0]?.relations.depends_on)).toBe(true);
  });

  it("serves an unchanged ticket from the list cache without opening its files", async () => {
    await createTickets(2);
    age("T-1");
    await backend.list();
    // Damage that does not touch the events directory is invisible to the cache by design.
    fs.writeFileSync(path.join(root, "T-1", "ticket.md"), "garbage");
    fs.writeFileSync(path.join(root, "T-1", "events", "000001.md"), "garbage");
    const result = await backend.list();
    expect(result.tickets.map((ticket) => ticket.title)).toEqual(["Ticket 1", "Ticket 2"]);
    expect(result.problems).toEqual([]);
  });

  it("sees a commit by another process even when the cached entry was trusted", async () => {
    await createTickets(1);
    age("T-1");
    expect((await backend.list()).tickets[0]?.state).toBe("planning");
    const other = new TicketService(createFileTicketBackend({ root }), DEFAULT_TICKET_POLICY);
    await other.execute(human, "T-1", { type: "mark_ready", summary: "done elsewhere" });
    expect((await backend.list()).tickets[0]).toMatchObject({ state: "ready", seq: 2 });
  });

  it("sees history going back, as after a git checkout of an older commit", async () => {
    await createTickets(1);
    await service.execute(human, "T-1", { type: "mark_ready", summary: "ready" });
    age("T-1");
    expect((await backend.list()).tickets[0]?.state).toBe("ready");
    fs.rmSync(path.join(root, "T-1", "events", "000002.md"));
    expect((await backend.list()).tickets[0]).toMatchObject({ state: "planning", seq: 1 });
  });

  it("rebuilds a missing, stale or hand-edited snapshot from the events", async () => {
    await createTickets(3);
    const snapshot = (id: string) => path.join(root, id, "ticket.md");
    const good = fs.readFileSync(snapshot("T-1"), "utf8");
    fs.rmSync(snapshot("T-1"));
    fs.writeFileSync(snapshot("T-2"), good.replace('title: "Ticket 1"', 'title: "Edited by hand"'));
    fs.writeFileSync(snapshot("T-3"), good.replace('id: "T-1"', 'id: "T-3"'));
    const result = await backend.list();
    expect(result.tickets.map((ticket) => ticket.title)).toEqual(["Ticket 1", "Ticket 2", "Ticket 3"]);
    expect(fs.readFileSync(snapshot("T-1"), "utf8")).toBe(good);
    expect(fs.readFileSync(snapshot("T-2"), "utf8")).toContain('title: "Ticket 2"');
  });

  it("refreshes ticket.md in place on a commit, so another backend lists the new state at once", async () => {
    await createTickets(1);
    const snapshot = path.join(root, "T-1", "ticket.md");
    const inode = fs.statSync(snapshot).ino;
    await service.execute(human, "T-1", { type: "mark_ready", summary: "ready" });
    expect(fs.statSync(snapshot).ino).toBe(inode);
    expect(parseSnapshotFile(fs.readFileSync(snapshot, "utf8"))).toMatchObject({ state: "ready", seq: 2 });
    const other = createFileTicketBackend({ root });
    try {
      expect((await other.list()).tickets[0]).toMatchObject({ state: "ready", seq: 2 });
    } finally {
      await other.close();
    }
  });

  it("rebuilds a snapshot a crash left mid-rewrite or a commit behind, never believing it", async () => {
    await createTickets(2);
    const snapshot = (id: string) => path.join(root, id, "ticket.md");
    const behind = fs.readFileSync(snapshot("T-2"), "utf8");
    for (const id of ["T-1", "T-2"])
      await service.execute(human, id, { type: "mark_ready", summary: "ready" });
    const current = fs.readFileSync(snapshot("T-1"), "utf8");
    // T-1: the new text written over a longer old one, killed before it was cut to length.
    fs.writeFileSync(snapshot("T-1"), `${current}the tail of an older, longer snapshot\n`);
    // T-2: killed after the event's commit, before the snapshot was rewritten at all.
    fs.writeFileSync(snapshot("T-2"), behind);
    fs.rmSync(path.join(root, ".cache"), { recursive: true, force: true });
    const fresh = createFileTicketBackend({ root });
    try {
      const listed = (await fresh.list()).tickets;
      expect(listed).toEqual([(await fresh.read("T-1"))?.ticket, (await fresh.read("T-2"))?.ticket]);
      expect(listed.map((ticket) => [ticket.state, ticket.seq])).toEqual([
        ["ready", 2],
        ["ready", 2],
      ]);
      expect(fs.readFileSync(snapshot("T-1"), "utf8")).toBe(current);
      expect(parseSnapshotFile(fs.readFileSync(snapshot("T-2"), "utf8"))).toMatchObject({ seq: 2 });
    } finally {
      await fresh.close();
    }
  });

  it("leaves out a damaged ticket and reports it with its file, while the others list", async () => {
    await createTickets(5);
    await service.execute(human, "T-2", { type: "mark_ready", summary: "s" });
    await service.execute(human, "T-3", { type: "mark_ready", summary: "s" });
    const events = (id: string) => path.join(root, id, "events");
    // T-2: a hand-edited event, and its snapshot gone, so the events must be read.
    fs.writeFileSync(path.join(events("T-2"), "000002.md"), "---\nseq: 2\nkind: oops\n---\n");
    fs.rmSync(path.join(root, "T-2", "ticket.md"));
    // T-3: a gap in history.
    fs.rmSync(path.join(events("T-3"), "000001.md"));
    // T-4: no events directory at all; T-5: a garbage file where an event should be.
    fs.rmSync(events("T-4"), { recursive: true });
    fs.writeFileSync(path.join(events("T-5"), "000002.md"), "\u0000\u0001 not an event");
    const result = await backend.list();
    expect(result.tickets.map((ticket) => ticket.id)).toEqual(["T-1"]);
    expect(result.problems).toEqual([
      {
        ticketId: "T-2",
        location: path.join(events("T-2"), "000002.md"),
        problem: expect.stringContaining("'kind' is not valid JSON"),
      },
      {
        ticketId: "T-3",
        location: path.join(events("T-3"), "000001.md"),
        problem: expect.stringContaining("missing"),
      },
      {
        ticketId: "T-4",
        location: events("T-4"),
        problem: expect.stringContaining("events directory is missing"),
      },
      {
        ticketId: "T-5",
        location: path.join(events("T-5"), "000002.md"),
        problem: expect.stringContaining("line 1"),
      },
    ]);
  });

  it("ignores a damaged list cache and writes a good one", async () => {
    await createTickets(2);
    await backend.list();
    const cache = path.join(root, ".cache", "list");
    fs.writeFileSync(cache, "podkit-ticket-list-cache 1\nT-1\tqueued\tnot-a-number\t1\t1\t1\t{}\n\u0000junk");
    const fresh = createFileTicketBackend({ root });
    expect((await fresh.list()).tickets.map((ticket) => ticket.state)).toEqual(["planning", "planning"]);
    expect(fs.readFileSync(cache, "utf8")).toContain('"title":"Ticket 1"');
  });

  it("defers rewriting the cache for a few changes in a long-lived process, without serving stale tickets", async () => {
    await createTickets(3);
    for (const id of ["T-1", "T-2", "T-3"]) age(id);
    await backend.list();
    const cache = path.join(root, ".cache", "list");
    const written = fs.readFileSync(cache, "utf8");
    await service.execute(human, "T-2", { type: "mark_ready", summary: "changed" });
    expect((await backend.list()).tickets.map((ticket) => ticket.state)).toEqual([
      "planning",
      "ready",
      "planning",
    ]);
    expect(fs.readFileSync(cache, "utf8")).toBe(written);
    const other = createFileTicketBackend({ root });
    expect((await other.list()).tickets.map((ticket) => ticket.state)).toEqual([
      "planning",
      "ready",
      "planning",
    ]);
  });

  it("skips entries of the root that are not ticket directories", async () => {
    await createTickets(1);
    fs.mkdirSync(path.join(root, "not a ticket"));
    fs.writeFileSync(path.join(root, "README.md"), "hello");
    const result = await backend.list();
    expect(result.tickets.map((ticket) => ticket.id)).toEqual(["T-1"]);
    expect(result.problems).toEqual([]);
  });
});
