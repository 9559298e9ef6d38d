import { describe, expect, it } from "vitest";
import { TicketError } from "../domain/ticket-error.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { ACTORS, type ConformanceContext } from "./conformance-context.js";

/** A history as an import from the origin project would produce it: other times, other authors. */
export function importedHistory(): TicketEvent[] {
  const author = { role: "human", agentId: "alice" };
  return [
    {
      seq: 1,
      kind: "create",
      to: "planning",
      actor: author,
      at: "2025-03-01T09:00:00.000Z",
      body: "Imported body.\n\n---\n",
      data: { title: "Imported", priority: "high" },
    },
    { seq: 2, kind: "comment", actor: ACTORS.intake, at: "2025-03-01T10:00:00.000Z", body: "Looked at it." },
    {
      seq: 3,
      kind: "intake_summary",
      from: "planning",
      to: "ready",
      actor: ACTORS.intake,
      at: "2025-03-02T08:30:00.000Z",
      body: "Ready to go.",
    },
  ];
}

async function importError(promise: Promise<unknown>): Promise<TicketError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(TicketError.isInstance(error), `expected a TicketError, got ${String(error)}`).toBe(true);
  return error as TicketError;
}

/** Importing complete histories in one step. */
export function describeImportConformance(context: () => ConformanceContext): void {
  describe("importHistory", () => {
    it("stores a complete history as given, with its own actors and times", async () => {
      const { backend } = context();
      const history = importedHistory();
      const imported = await backend.importHistory("T-7", history);
      expect(imported.events).toEqual(history);
      expect(imported.ticket).toMatchObject({ id: "T-7", state: "ready", seq: 3, title: "Imported" });
      expect(await backend.read("T-7")).toEqual(imported);
    });

    it("continues an imported history at the next seq and allocates ids after it", async () => {
      const test = context();
      await test.backend.importHistory("T-7", importedHistory());
      const queued = await test.execute(ACTORS.human, "T-7", { type: "queue" }, { gate: true });
      expect(queued.event).toMatchObject({ seq: 4, from: "ready", to: "queued" });
      const next = await test.service.create(ACTORS.intake, { title: "After the import" });
      expect(next.ticket.id).toBe("T-8");
    });

    it("refuses an id that exists with conflict and leaves the ticket alone", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("ready");
      const before = await test.backend.read(ticketId);
      const error = await importError(test.backend.importHistory(ticketId, importedHistory()));
      expect(error.code).toBe("conflict");
      expect(await test.backend.read(ticketId)).toEqual(before);
    });

    it("refuses a history that does not start with create, storing nothing", async () => {
      const { backend } = context();
      const withoutCreate = importedHistory()
        .slice(1)
        .map((event, index) => ({ ...event, seq: index + 1 }));
      expect((await importError(backend.importHistory("T-3", withoutCreate))).code).toBe("corrupt");
      expect((await importError(backend.importHistory("T-4", []))).code).toBe("corrupt");
      expect(await backend.read("T-3")).toBeUndefined();
      expect(await backend.read("T-4")).toBeUndefined();
      expect((await backend.list()).tickets).toEqual([]);
    });

    it("refuses a history with a gap in its seqs, storing nothing", async () => {
      const { backend } = context();
      const [create, comment, summary] = importedHistory();
      const gapped = [create, comment, { ...summary, seq: 4 }] as TicketEvent[];
      expect((await importError(backend.importHistory("T-3", gapped))).code).toBe("corrupt");
      expect(await backend.read("T-3")).toBeUndefined();
    });
  });
}
