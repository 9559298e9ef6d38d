import { describe, expect, it, vi } from "vitest";
import { MAX_TICKET_NUMBER_DIGITS } from "../backend/next-ticket-id.js";
import type { TicketChange } from "../backend/ticket-backend.js";
import { TicketError } from "../domain/ticket-error.js";
import { TICKET_ID_PATTERN, TICKET_STATES } from "../domain/ticket-state.js";
import { ACTORS, type ConformanceContext } from "./conformance-context.js";

const createEvent = (title: string) => ({
  kind: "create" as const,
  to: "planning" as const,
  body: `Body of ${title}.`,
  data: { title, priority: "normal" as const },
});

/** Create, read, id allocation, list, doctor, the clock and change notifications. */
export function describeStoreConformance(context: () => ConformanceContext): void {
  describe("create and read", () => {
    it("creates a ticket with its create event at seq 1 and reads it back", async () => {
      const { backend } = context();
      const created = await backend.create({ event: createEvent("First"), actor: ACTORS.intake });
      expect(created.ticket).toMatchObject({ title: "First", state: "planning", seq: 1, lease: null });
      expect(created.events).toEqual([
        expect.objectContaining({ seq: 1, kind: "create", actor: ACTORS.intake, to: "planning" }),
      ]);
      expect(await backend.read(created.ticket.id)).toEqual(created);
    });

    it("reads an unknown ticket as undefined", async () => {
      expect(await context().backend.read("T-404")).toBeUndefined();
    });

    it("hands out snapshots: a record read earlier does not change when the ticket does", async () => {
      const { backend } = context();
      const created = await backend.create({ event: createEvent("Snap"), actor: ACTORS.intake });
      const earlier = await backend.read(created.ticket.id);
      await backend.append(created.ticket.id, {
        expectedSeq: 1,
        event: { kind: "comment", body: "later" },
        actor: ACTORS.reviewer,
      });
      expect(earlier?.events).toHaveLength(1);
      expect(earlier?.ticket.seq).toBe(1);
    });
  });

  describe("id allocation", () => {
    it("allocates T-1, T-2, … in a fresh store", async () => {
      const { backend } = context();
      const first = await backend.create({ event: createEvent("A"), actor: ACTORS.intake });
      const second = await backend.create({ event: createEvent("B"), actor: ACTORS.intake });
      expect([first.ticket.id, second.ticket.id]).toEqual(["T-1", "T-2"]);
    });

    it("continues after the highest existing id, numerically", async () => {
      const { backend } = context();
      await backend.create({ id: "T-9", event: createEvent("Nine"), actor: ACTORS.intake });
      await backend.create({ id: "T-10", event: createEvent("Ten"), actor: ACTORS.intake });
      const next = await backend.create({ event: createEvent("Next"), actor: ACTORS.intake });
      expect(next.ticket.id).toBe("T-11");
    });

    it("refuses a given id that exists with conflict and leaves the ticket alone", async () => {
      const { backend } = context();
      const original = await backend.create({
        id: "T-5",
        event: createEvent("Original"),
        actor: ACTORS.intake,
      });
      const error = await backend
        .create({ id: "T-5", event: createEvent("Impostor"), actor: ACTORS.human })
        .catch((thrown: unknown) => thrown);
      expect(TicketError.isInstance(error), `expected a TicketError, got ${String(error)}`).toBe(true);
      expect((error as TicketError).code).toBe("conflict");
      expect(await backend.read("T-5")).toEqual(original);
    });

    it.each([
      ["T-9007199254740992", "T-9007199254740993"],
      ["T-1000000000000000000000", "T-1000000000000000000001"],
      [`T-${"9".repeat(40)}`, `T-1${"0".repeat(40)}`],
    ])("allocates exactly after %s, however large", async (given, expected) => {
      const { backend } = context();
      await backend.create({ id: "T-7", event: createEvent("Small"), actor: ACTORS.intake });
      await backend.create({ id: given, event: createEvent("Large"), actor: ACTORS.intake });
      const next = await backend.create({ event: createEvent("Next"), actor: ACTORS.intake });
      const after = await backend.create({ event: createEvent("After"), actor: ACTORS.intake });
      expect(next.ticket.id).toBe(expected);
      expect(after.ticket.id).toBe(`T-${BigInt(expected.slice(2)) + 1n}`);
      expect((await backend.doctor()).ok).toBe(true);
    });

    it("refuses to allocate past the longest id, names the ticket in doctor, and still takes given ids", async () => {
      const { backend } = context();
      const highest = `T-${"9".repeat(MAX_TICKET_NUMBER_DIGITS)}`;
      expect(highest).toMatch(TICKET_ID_PATTERN);
      await backend.create({ id: highest, event: createEvent("Last"), actor: ACTORS.intake });
      const error = await backend
        .create({ event: createEvent("One too many"), actor: ACTORS.intake })
        .catch((thrown: unknown) => thrown);
      expect(TicketError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: "precondition_failed",
        message: expect.stringContaining("Cannot allocate a new ticket id"),
      });
      const report = await backend.doctor();
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([
        expect.objectContaining({
          ticketId: highest,
          problem: expect.stringContaining("id allocation is exhausted"),
        }),
      ]);
      const named = await backend.create({ id: "T-x", event: createEvent("Named"), actor: ACTORS.intake });
      expect(named.ticket.id).toBe("T-x");
      expect((await backend.list()).tickets.map((ticket) => ticket.id)).toEqual([highest, "T-x"]);
    });

    it("gives concurrent creates distinct ids and loses none of them", async () => {
      const { backend } = context();
      const created = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          backend.create({ event: createEvent(`Parallel ${index}`), actor: ACTORS.intake }),
        ),
      );
      const ids = created.map((record) => record.ticket.id);
      expect(new Set(ids).size).toBe(12);
      for (const id of ids) expect(id).toMatch(TICKET_ID_PATTERN);
      const { tickets } = await backend.list();
      expect(tickets.map((ticket) => ticket.title).sort()).toEqual(
        created.map((record) => record.ticket.title).sort(),
      );
    });
  });

  describe("list", () => {
    it("lists current tickets ordered by id, numeric-aware", async () => {
      const { backend } = context();
      for (const id of ["T-10", "T-2", "T-1"])
        await backend.create({ id, event: createEvent(id), actor: ACTORS.intake });
      const { tickets, problems } = await backend.list();
      expect(tickets.map((ticket) => ticket.id)).toEqual(["T-1", "T-2", "T-10"]);
      expect(problems).toEqual([]);
    });

    it("filters by state", async () => {
      const test = context();
      const byState = new Map<string, string>();
      for (const state of TICKET_STATES) byState.set(state, (await test.driveTo(state)).ticketId);
      for (const state of TICKET_STATES) {
        const { tickets } = await test.backend.list({ states: [state] });
        expect(tickets.map((ticket) => ticket.id)).toEqual([byState.get(state)]);
        expect(tickets[0]?.state).toBe(state);
      }
      const both = await test.backend.list({ states: ["done", "planning"] });
      expect(both.tickets.map((ticket) => ticket.state).sort()).toEqual(["done", "planning"]);
      expect((await test.backend.list()).tickets).toHaveLength(TICKET_STATES.length);
    });

    it("lists the same derived ticket that read returns", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("inprogress");
      const { tickets } = await test.backend.list({ states: ["inprogress"] });
      expect(tickets).toEqual([(await test.backend.read(ticketId))?.ticket]);
    });
  });

  describe("doctor", () => {
    it("reports a healthy store as clean", async () => {
      const test = context();
      expect(await test.backend.doctor()).toEqual({ ok: true, checkedTickets: 0, problems: [] });
      await test.driveTo("done");
      await test.driveTo("planning");
      expect(await test.backend.doctor()).toEqual({ ok: true, checkedTickets: 2, problems: [] });
    });
  });

  describe("clock", () => {
    it("never goes backwards between calls", async () => {
      const { backend } = context();
      let previous = (await backend.now()).getTime();
      for (let index = 0; index < 20; index += 1) {
        const current = (await backend.now()).getTime();
        expect(current).toBeGreaterThanOrEqual(previous);
        previous = current;
      }
    });

    it("stamps events with its own time", async () => {
      const { backend } = context();
      const before = (await backend.now()).getTime();
      const created = await backend.create({ event: createEvent("Stamped"), actor: ACTORS.intake });
      const after = (await backend.now()).getTime();
      const at = Date.parse(created.events[0]?.at ?? "");
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);
    });

    it("follows the harness clock when there is one", async (testContext) => {
      const { backend, harness } = context();
      if (harness.clock === undefined) {
        testContext.annotate("no controllable clock: leases are tested on real time");
        expect(await backend.now()).toBeInstanceOf(Date);
        return;
      }
      const before = (await backend.now()).getTime();
      await harness.clock.advance(3_600_000);
      expect((await backend.now()).getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    });
  });

  describe("watch", () => {
    it("tells a watcher about committed changes, when the backend can watch", async (testContext) => {
      const test = context();
      if (test.backend.watch === undefined) {
        testContext.annotate("this backend does not offer watch()");
        expect(test.backend.watch).toBeUndefined();
        return;
      }
      const seen: TicketChange[] = [];
      const stop = test.backend.watch((change) => seen.push(change));
      try {
        const { ticketId } = await test.driveTo("ready");
        // A watcher may coalesce changes, so any notice at or past the last commit will do.
        await vi.waitFor(
          () => expect(seen.some((change) => change.ticketId === ticketId && change.seq >= 2)).toBe(true),
          { timeout: 10_000 },
        );
      } finally {
        stop();
      }
    });
  });
}
