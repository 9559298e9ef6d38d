import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TicketError } from "../../domain/ticket-error.js";
import { DEFAULT_TICKET_POLICY } from "../../service/ticket-policy.js";
import { TicketService } from "../../service/ticket-service.js";
import { writeError } from "./durable-write.js";
import { createFileTicketBackend, FileTicketBackend } from "./file-ticket-backend.js";

const human = { role: "human", agentId: "alice" };
const createEvent = { kind: "create", to: "planning", body: "", data: { title: "A ticket" } } as const;
const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);

let parent: string;
let root: string;

beforeEach(async () => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-read-only-"));
  root = path.join(parent, "tickets");
  const writer = createFileTicketBackend({ root, createRoot: true });
  const service = new TicketService(writer, DEFAULT_TICKET_POLICY);
  await service.create(human, { title: "First" });
  await service.create(human, { title: "Second" });
  await service.execute(human, "T-1", { type: "comment", kind: "comment", body: "a comment" });
  await writer.close();
  // What a writable reader would repair or rebuild: no list cache, a missing and a stale
  // snapshot, an old temp file and an old staging directory of a crashed writer.
  fs.rmSync(path.join(root, ".cache"), { recursive: true, force: true });
  fs.rmSync(path.join(root, "T-1", "ticket.md"));
  fs.writeFileSync(path.join(root, "T-2", "ticket.md"), "stale\n");
  const temp = path.join(root, "T-2", "events", ".000002.md.crashed.tmp");
  fs.writeFileSync(temp, "half an event");
  fs.utimesSync(temp, HOUR_AGO, HOUR_AGO);
  const staged = path.join(root, ".tmp", "ticket-crashed");
  fs.mkdirSync(staged, { recursive: true });
  fs.utimesSync(staged, HOUR_AGO, HOUR_AGO);
});

afterEach(() => {
  fs.rmSync(parent, { recursive: true, force: true });
});

/** Every path under the root with its size and modification time, for "nothing was written" checks. */
function state(): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort().map((name) => {
    const stats = fs.statSync(path.join(root, name));
    return `${name} ${stats.size} ${stats.mtimeMs}`;
  });
}

async function refusal(promise: Promise<unknown>): Promise<TicketError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(TicketError.isInstance(error), String(error)).toBe(true);
  return error as TicketError;
}

describe("a file store this process may not write", () => {
  it("lists, shows and checks its tickets without writing anything", async () => {
    const before = state();
    const backend = new FileTicketBackend(root, () => new Date(), "EACCES");
    expect(backend.readOnly).toBe(true);
    const listed = await backend.list();
    expect(listed.tickets.map((ticket) => [ticket.id, ticket.title, ticket.seq])).toEqual([
      ["T-1", "First", 2],
      ["T-2", "Second", 1],
    ]);
    expect(listed.problems).toEqual([]);
    // Twice: the second list comes from what the first kept in memory.
    expect((await backend.list()).tickets).toHaveLength(2);
    expect((await backend.read("T-1"))?.events.map((event) => event.kind)).toEqual(["create", "comment"]);
    expect(await backend.doctor()).toEqual({ ok: true, checkedTickets: 2, problems: [] });
    await backend.close();
    expect(state()).toEqual(before);
  });

  it("refuses every write up front with read_only, naming the store, and writes nothing", async () => {
    const before = state();
    const backend = new FileTicketBackend(root, () => new Date(), "EROFS");
    const writes: Array<[string, () => Promise<unknown>]> = [
      ["create a ticket", () => backend.create({ event: createEvent, actor: human })],
      [
        "append to a ticket",
        () =>
          backend.append("T-1", {
            expectedSeq: 2,
            event: { kind: "comment", body: "no" },
            actor: human,
          }),
      ],
      ["import a ticket", () => backend.importHistory("T-9", [])],
      ["take the store lock 'queue'", () => backend.acquireLock({ name: "queue", holder: "a", ttlMs: 1000 })],
      ["release the store lock 'queue'", () => backend.releaseLock({ name: "queue", holder: "a" })],
    ];
    for (const [action, write] of writes) {
      const error = await refusal(write());
      expect(error.code).toBe("read_only");
      expect(error.message).toContain(`The ticket store '${root}' is read-only for this process (EROFS`);
      expect(error.message).toContain(`so it cannot ${action}. Nothing was written`);
    }
    await backend.close();
    expect(state()).toEqual(before);
  });

  it("opens read-only when the root may not be written, and writable otherwise", async () => {
    const writable = createFileTicketBackend({ root });
    expect(writable.readOnly).toBe(false);
    await writable.close();
    // Root bypasses permission bits: only an unprivileged process sees a read-only root here
    // (test/cli/read-only-store.test.ts runs the bin as another user).
    if (process.getuid?.() === 0) return;
    fs.chmodSync(root, 0o555);
    try {
      const readOnly = createFileTicketBackend({ root });
      expect(readOnly.readOnly).toBe(true);
      expect((await readOnly.list()).tickets).toHaveLength(2);
      await readOnly.close();
    } finally {
      fs.chmodSync(root, 0o755);
    }
  });

  it("reports a write the system refuses for permissions as read_only, other failures as storage_unavailable", () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: "EACCES" });
    const refused = writeError("append seq 3 to", "/store/T-1/events", denied, "T-1");
    expect(refused.code).toBe("read_only");
    expect(refused.ticketId).toBe("T-1");
    expect(refused.message).toBe(
      "Could not append seq 3 to '/store/T-1/events': EACCES: permission denied, open 'x'. The ticket store is read-only for this process: nothing was written; reads still work. Writing needs write permission on the ticket root and its ticket directories (run as their owner, or fix the permissions or the mount).",
    );
    const full = Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
    expect(writeError("append seq 3 to", "/store/T-1/events", full).code).toBe("storage_unavailable");
  });
});
