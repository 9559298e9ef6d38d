import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TICKET_POLICY } from "../../service/ticket-policy.js";
import { TicketService } from "../../service/ticket-service.js";
import { createFileTicketBackend, type FileTicketBackend } from "./file-ticket-backend.js";

const human = { role: "human", agentId: "alice" };
const TWO_MINUTES_AGO = new Date(Date.now() - 120_000);

let root: string;
let backend: FileTicketBackend;
let service: TicketService;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-file-doctor-"));
  backend = createFileTicketBackend({ root });
  service = new TicketService(backend, DEFAULT_TICKET_POLICY);
  for (let index = 1; index <= 3; index += 1) {
    const { ticket } = await service.create(human, { title: `Ticket ${index}` });
    await service.execute(human, ticket.id, { type: "mark_ready", summary: "ready" });
    await service.execute(human, ticket.id, { type: "comment", kind: "comment", body: "third" });
  }
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const eventFile = (ticketId: string, seq: number) =>
  path.join(root, ticketId, "events", `${String(seq).padStart(6, "0")}.md`);

function leaveTemp(file: string, old: boolean): void {
  fs.writeFileSync(file, "half a write");
  if (old) fs.utimesSync(file, TWO_MINUTES_AGO, TWO_MINUTES_AGO);
}

describe("ticket doctor", () => {
  it("finds nothing wrong with a clean store", async () => {
    expect(await backend.doctor()).toEqual({ ok: true, checkedTickets: 3, problems: [] });
  });

  it("reports a hand-edited front matter line with its file and field", async () => {
    const file = eventFile("T-1", 2);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('to: "ready"', 'to: "redy"'));
    const report = await backend.doctor();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { ticketId: "T-1", location: file, problem: expect.stringMatching(/^to: Invalid option/) },
    ]);
  });

  it("reports a missing event as a gap at the missing file", async () => {
    fs.rmSync(eventFile("T-2", 2));
    expect((await backend.doctor()).problems).toEqual([
      { ticketId: "T-2", location: eventFile("T-2", 2), problem: "missing: history jumps over seq 2" },
    ]);
  });

  it("reports garbage in an event file, a stray file and a file numbered against its content", async () => {
    fs.writeFileSync(eventFile("T-1", 3), "\u0000garbage");
    fs.writeFileSync(path.join(root, "T-2", "events", "notes.txt"), "scribbles");
    fs.writeFileSync(eventFile("T-3", 4), fs.readFileSync(eventFile("T-3", 3), "utf8"));
    const problems = (await backend.doctor()).problems;
    expect(problems).toEqual([
      {
        ticketId: "T-1",
        location: eventFile("T-1", 3),
        problem: expect.stringContaining("line 1: expected '---'"),
      },
      {
        ticketId: "T-2",
        location: path.join(root, "T-2", "events", "notes.txt"),
        problem: expect.stringContaining("not an event file"),
      },
      { ticketId: "T-3", location: eventFile("T-3", 4), problem: "it says seq 3 but its name says seq 4" },
    ]);
  });

  it("reports a history that does not start with create, and a ticket without events", async () => {
    const first = eventFile("T-1", 1);
    fs.writeFileSync(first, fs.readFileSync(eventFile("T-1", 3), "utf8").replace("seq: 3", "seq: 1"));
    fs.rmSync(path.join(root, "T-2", "events"), { recursive: true });
    const problems = (await backend.doctor()).problems;
    expect(problems).toEqual([
      { ticketId: "T-1", location: first, problem: expect.stringContaining("no 'create' event at seq 1") },
      {
        ticketId: "T-2",
        location: path.join(root, "T-2", "events"),
        problem: expect.stringContaining("events directory is missing"),
      },
    ]);
  });

  it("reports entries that are not tickets and stray files in a ticket directory, in id order", async () => {
    fs.mkdirSync(path.join(root, "scratch pad"));
    fs.writeFileSync(path.join(root, "T-3", "notes.md"), "mine");
    const problems = (await backend.doctor()).problems;
    expect(problems).toEqual([
      {
        ticketId: "scratch pad",
        location: path.join(root, "scratch pad"),
        problem: expect.stringContaining("not a ticket directory"),
      },
      {
        ticketId: "T-3",
        location: path.join(root, "T-3", "notes.md"),
        problem: expect.stringContaining("stray file"),
      },
    ]);
  });

  it("rewrites a damaged or stale snapshot instead of reporting it", async () => {
    const snapshot = path.join(root, "T-1", "ticket.md");
    const good = fs.readFileSync(snapshot, "utf8");
    fs.writeFileSync(snapshot, good.replace("Ticket 1", "Hand edit"));
    fs.rmSync(path.join(root, "T-2", "ticket.md"));
    expect((await backend.doctor()).problems).toEqual([]);
    expect(fs.readFileSync(snapshot, "utf8")).toBe(good);
    expect(fs.existsSync(path.join(root, "T-2", "ticket.md"))).toBe(true);
  });

  it("removes leftovers of crashed writers once they are old, keeps young ones, and reports neither", async () => {
    const oldEventTemp = path.join(root, "T-1", "events", ".4.999.abc.tmp");
    const youngEventTemp = path.join(root, "T-1", "events", ".4.999.def.tmp");
    const oldSnapshotTemp = path.join(root, "T-2", ".ticket.md.999.abc.tmp");
    const oldStaging = path.join(root, ".tmp", ".ticket.999.abc.tmp");
    leaveTemp(oldEventTemp, true);
    leaveTemp(youngEventTemp, false);
    leaveTemp(oldSnapshotTemp, true);
    fs.mkdirSync(path.join(oldStaging, "events"), { recursive: true });
    fs.utimesSync(oldStaging, TWO_MINUTES_AGO, TWO_MINUTES_AGO);
    expect((await backend.doctor()).problems).toEqual([]);
    expect(
      [oldEventTemp, youngEventTemp, oldSnapshotTemp, oldStaging].map((file) => fs.existsSync(file)),
    ).toEqual([false, true, false, false]);
    expect((await backend.read("T-1"))?.ticket.seq).toBe(3);
  });
});

describe("leftover temp files outside the doctor", () => {
  it("are ignored by readers and swept by the next write to the ticket", async () => {
    const oldTemp = path.join(root, "T-1", "events", ".4.999.abc.tmp");
    leaveTemp(oldTemp, true);
    expect((await backend.read("T-1"))?.events).toHaveLength(3);
    expect((await backend.list()).problems).toEqual([]);
    await service.execute(human, "T-1", { type: "comment", kind: "comment", body: "fourth" });
    expect(fs.existsSync(oldTemp)).toBe(false);
    expect(fs.readdirSync(path.join(root, "T-1", "events"))).toHaveLength(4);
  });

  it("do not block creating tickets: stale staging directories are swept by the next create", async () => {
    const staging = path.join(root, ".tmp", ".ticket.999.abc.tmp");
    fs.mkdirSync(path.join(staging, "events"), { recursive: true });
    fs.utimesSync(staging, TWO_MINUTES_AGO, TWO_MINUTES_AGO);
    expect((await service.create(human, { title: "After a crash" })).ticket.id).toBe("T-4");
    expect(fs.readdirSync(path.join(root, ".tmp"))).toEqual([]);
  });
});
