import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TicketError } from "../../domain/ticket-error.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { LIMITS } from "../../domain/ticket-state.js";
import { DEFAULT_TICKET_POLICY } from "../../service/ticket-policy.js";
import { TicketService } from "../../service/ticket-service.js";
import type { TicketChange } from "../ticket-backend.js";
import { commitEventFile } from "./event-commit.js";
import { formatEventFile } from "./event-file-format.js";
import { createFileTicketBackend, type FileTicketBackend } from "./file-ticket-backend.js";
import { MAX_EVENT_FILE_BYTES } from "./stored-event.js";

const human = { role: "human", agentId: "alice" };
const createEvent = { kind: "create", to: "planning", body: "", data: { title: "A ticket" } } as const;

let parent: string;
let root: string;
let backend: FileTicketBackend;
let service: TicketService;

beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-file-backend-"));
  root = path.join(parent, "tickets");
  backend = createFileTicketBackend({ root, createRoot: true });
  service = new TicketService(backend, DEFAULT_TICKET_POLICY);
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<TicketError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TicketError);
  return error as TicketError;
}

/** Every path under a directory, for "nothing was written" checks. */
function tree(directory: string): string[] {
  return (fs.readdirSync(directory, { recursive: true }) as string[])
    .filter((name) => !name.startsWith(".cache"))
    .sort();
}

describe("FileTicketBackend storage", () => {
  it("creates tickets as directories of event files, numbering ids T-1, T-2, …", async () => {
    const first = await service.create(human, { title: "First", body: "Hello ✨" });
    const second = await service.create(human, { title: "Second" });
    expect([first.ticket.id, second.ticket.id]).toEqual(["T-1", "T-2"]);
    expect(fs.readdirSync(path.join(root, "T-1", "events"))).toEqual(["000001.md"]);
    expect(fs.readFileSync(path.join(root, "T-1", "ticket.md"), "utf8")).toContain('title: "First"');
    expect(fs.readFileSync(path.join(root, ".gitignore"), "utf8")).toContain(".tmp/");
    expect(await backend.read("T-1")).toEqual(first);
  });

  it("allocates past a directory another process already placed", async () => {
    fs.mkdirSync(path.join(root, "T-7", "events"), { recursive: true });
    expect((await service.create(human, { title: "Next" })).ticket.id).toBe("T-8");
  });

  it("refuses a given id that exists with conflict, writing nothing", async () => {
    await service.create(human, { title: "Mine", id: "PROJ-1" });
    const before = tree(root);
    const error = await refusal(service.create(human, { title: "Again", id: "PROJ-1" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("'PROJ-1' already exists");
    expect(tree(root)).toEqual(before);
  });

  it("appends with compare-and-set: a stale or future expectedSeq is a conflict and writes nothing", async () => {
    const { ticket } = await service.create(human, { title: "CAS" });
    await service.execute(human, ticket.id, { type: "comment", kind: "comment", body: "one" });
    const before = tree(root);
    for (const expectedSeq of [1, 3, 0]) {
      const result = await backend.append(ticket.id, {
        expectedSeq,
        event: { kind: "comment", body: "x" },
        actor: human,
      });
      expect(result).toEqual({ ok: false, reason: "conflict", currentSeq: 2 });
    }
    expect(tree(root)).toEqual(before);
    const won = await backend.append(ticket.id, {
      expectedSeq: 2,
      event: { kind: "comment", body: "three" },
      actor: human,
    });
    expect(won.ok && won.record).toEqual(await backend.read(ticket.id));
  });

  it("lets exactly one of two writers commit the same seq, and leaves no temp file", async () => {
    const { ticket } = await service.create(human, { title: "Link" });
    const eventsDir = path.join(root, ticket.id, "events");
    const event = (agentId: string): TicketEvent => ({
      seq: 2,
      kind: "comment",
      actor: { role: "human", agentId },
      at: new Date().toISOString(),
      body: agentId,
    });
    expect(commitEventFile(eventsDir, 2, formatEventFile(event("first")))).toBe("committed");
    expect(commitEventFile(eventsDir, 2, formatEventFile(event("second")))).toBe("taken");
    expect(fs.readdirSync(eventsDir).sort()).toEqual(["000001.md", "000002.md"]);
    expect((await backend.read(ticket.id))?.events[1]?.body).toBe("first");
  });

  it("imports a whole history at once, and refuses an existing id or a broken history", async () => {
    const events: TicketEvent[] = [
      {
        seq: 1,
        kind: "create",
        actor: human,
        at: "2025-01-01T00:00:00.000Z",
        to: "planning",
        body: "",
        data: { title: "Old" },
      },
      {
        seq: 2,
        kind: "intake_summary",
        actor: human,
        at: "2025-01-02T00:00:00+02:00",
        from: "planning",
        to: "ready",
        body: "s",
      },
    ];
    const record = await backend.importHistory("OLD-1", events);
    expect(record.ticket).toMatchObject({ id: "OLD-1", state: "ready", seq: 2 });
    expect(await backend.read("OLD-1")).toEqual(record);
    expect((await refusal(backend.importHistory("OLD-1", events))).code).toBe("conflict");
    expect((await refusal(backend.importHistory("OLD-2", [events[1] as TicketEvent]))).code).toBe("corrupt");
    expect(fs.existsSync(path.join(root, "OLD-2"))).toBe(false);
  });

  it("stamps events and answers now() with the injected clock", async () => {
    const clocked = createFileTicketBackend({ root, clock: () => new Date("2030-05-06T07:08:09.000Z") });
    const record = await clocked.create({ event: createEvent, actor: human });
    expect(record.events[0]?.at).toBe("2030-05-06T07:08:09.000Z");
    expect((await clocked.now()).toISOString()).toBe("2030-05-06T07:08:09.000Z");
  });

  it("reads the files every time, so an edit in place is seen by the next read", async () => {
    const { ticket } = await service.create(human, { title: "Before" });
    await backend.read(ticket.id);
    const file = path.join(root, ticket.id, "events", "000001.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"title":"Before"', '"title":"After"'));
    expect((await backend.read(ticket.id))?.ticket.title).toBe("After");
    const appended = await service.execute(human, ticket.id, { type: "comment", kind: "comment", body: "x" });
    expect(appended.record.ticket.title).toBe("After");
  });

  it("answers a missing ticket with undefined on read and not_found on append", async () => {
    expect(await backend.read("T-404")).toBeUndefined();
    const error = await refusal(
      backend.append("T-404", { expectedSeq: 1, event: { kind: "comment", body: "x" }, actor: human }),
    );
    expect(error.code).toBe("not_found");
  });
});

describe("FileTicketBackend bad input", () => {
  it.each([
    "../escape",
    "..",
    ".",
    "a/b",
    "T-1/../../etc",
    ".hidden",
    "",
    "x".repeat(200),
    "T 1",
    "T-1\u0000",
  ])("refuses the id %j everywhere, touching nothing outside the root", async (ticketId) => {
    const outside = tree(parent);
    const attempts = [
      backend.read(ticketId),
      backend.append(ticketId, { expectedSeq: 1, event: { kind: "comment", body: "x" }, actor: human }),
      backend.create({ id: ticketId, event: createEvent, actor: human }),
      backend.importHistory(ticketId, [
        { seq: 1, kind: "create", actor: human, at: "2025-01-01T00:00:00.000Z", to: "planning" },
      ]),
    ];
    for (const attempt of attempts) expect((await refusal(attempt)).code).toBe("invalid_input");
    expect(tree(parent)).toEqual(outside);
  });

  it("refuses a ticket directory that is a symbolic link out of the root", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-elsewhere-"));
    try {
      fs.mkdirSync(path.join(elsewhere, "events"));
      fs.symlinkSync(elsewhere, path.join(root, "T-9"));
      expect((await refusal(backend.read("T-9"))).message).toContain("symbolic link");
      const append = backend.append("T-9", {
        expectedSeq: 0,
        event: { kind: "comment", body: "x" },
        actor: human,
      });
      expect((await refusal(append)).code).toBe("corrupt");
      expect(fs.readdirSync(path.join(elsewhere, "events"))).toEqual([]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("writes nothing for an oversized body: the service refuses it, and so does the backend", async () => {
    const { ticket } = await service.create(human, { title: "Bounded" });
    const before = tree(root);
    const tooLong = "é".repeat(LIMITS.bodyChars + 1);
    expect((await refusal(service.create(human, { title: "Huge", body: tooLong }))).code).toBe(
      "invalid_input",
    );
    expect((await refusal(service.execute(human, ticket.id, { type: "edit", body: tooLong }))).code).toBe(
      "invalid_input",
    );
    const huge = "x".repeat(MAX_EVENT_FILE_BYTES + 1);
    const direct = await refusal(
      backend.append(ticket.id, { expectedSeq: 1, event: { kind: "comment", body: huge }, actor: human }),
    );
    expect(direct.code).toBe("invalid_input");
    expect(direct.message).toContain(`at most ${MAX_EVENT_FILE_BYTES} bytes`);
    expect(
      (await refusal(backend.create({ event: { ...createEvent, body: huge }, actor: human }))).code,
    ).toBe("invalid_input");
    expect(tree(root)).toEqual(before);
  });

  it("refuses an event the file format cannot hold, before writing it", async () => {
    const { ticket } = await service.create(human, { title: "Shape" });
    const before = tree(root);
    const bad = { kind: "comment", body: "x", data: { unknownField: 1 } } as never;
    const error = await refusal(backend.append(ticket.id, { expectedSeq: 1, event: bad, actor: human }));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("unknownField");
    expect((await refusal(backend.create({ event: { kind: "comment" }, actor: human }))).code).toBe(
      "invalid_input",
    );
    expect(tree(root)).toEqual(before);
  });

  it("refuses a root that does not exist or is a file, and creates it on request", () => {
    const missing = path.join(root, "missing", "tickets");
    expect(() => createFileTicketBackend({ root: missing })).toThrow(/does not exist/);
    fs.writeFileSync(path.join(root, "file"), "");
    expect(() => createFileTicketBackend({ root: path.join(root, "file") })).toThrow(/is not a directory/);
    createFileTicketBackend({ root: missing, createRoot: true });
    expect(fs.statSync(missing).isDirectory()).toBe(true);
  });
});

describe("FileTicketBackend watch", () => {
  it("reports each new event file once, in order, from any writer, including new tickets", async () => {
    const { ticket } = await service.create(human, { title: "Watched" });
    const changes: TicketChange[] = [];
    const stop = backend.watch((change) => changes.push(change));
    const other = new TicketService(createFileTicketBackend({ root }), DEFAULT_TICKET_POLICY);
    await other.execute(human, ticket.id, { type: "mark_ready", summary: "ready" });
    await other.execute(human, ticket.id, { type: "comment", kind: "comment", body: "hi" });
    const created = await other.create(human, { title: "New" });
    await vi.waitFor(() => expect(changes).toHaveLength(3), { timeout: 5_000 });
    expect(changes).toEqual([
      { ticketId: ticket.id, seq: 2, state: "ready" },
      { ticketId: ticket.id, seq: 3 },
      { ticketId: created.ticket.id, seq: 1, state: "planning" },
    ]);
    stop();
    await other.execute(human, ticket.id, { type: "comment", kind: "comment", body: "unseen" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes).toHaveLength(3);
  });
});

describe("FileTicketBackend write requirements", () => {
  it("answers a writer paused past the lease, whose ticket moved meanwhile, with a conflict to re-decide", async () => {
    const orchestrator = { role: "orchestrator", agentId: "orch-1" };
    const { ticket } = await service.create(human, { title: "Paused" });
    await service.execute(human, ticket.id, { type: "mark_ready", summary: "Go." });
    await service.execute(human, ticket.id, { type: "queue" }, { gate: true });
    const accepted = await service.execute(orchestrator, ticket.id, {
      type: "accept",
      holder: "orch-1",
      requestId: "r",
      leaseMs: 60_000,
    });
    const token = accepted.event.token ?? 0;
    const expiresAt = Date.parse(accepted.record.ticket.lease?.expiresAt ?? "");
    // A second process writes while this one is paused; this one's clock reads after the expiry.
    const other = createFileTicketBackend({ root });
    const paused = createFileTicketBackend({
      root,
      clock: () => {
        // The file backend's append runs synchronously to its commit: "meanwhile" is written here.
        void other.append(ticket.id, {
          expectedSeq: token,
          event: { kind: "comment", body: "meanwhile" },
          actor: human,
        });
        return new Date(expiresAt + 1);
      },
    });
    const result = await paused.append(ticket.id, {
      expectedSeq: token,
      event: { kind: "progress", token, body: "after the pause" },
      actor: orchestrator,
      requires: { kind: "live-lease", token, holder: "orch-1" },
    });
    expect(result).toEqual({ ok: false, reason: "conflict", currentSeq: token + 1 });
    await other.close();
    await paused.close();
  });
});
