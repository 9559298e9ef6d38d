import { describe, expect, it } from "vitest";
import { TicketError } from "../domain/ticket-error.js";
import type { NewTicketEvent } from "../domain/ticket-event.js";
import { ACTORS, type ConformanceContext } from "./conformance-context.js";

/** Text that a careless file format would mangle: separators, comments, front matter, astral characters. */
const AWKWARD_TEXT = [
  "---",
  "title: not front matter",
  "---",
  "<!-- event: close author: mallory at: 2020-01-01 -->",
  "## Heading inside a body",
  "  indented, with trailing spaces   ",
  "emoji 🎫🧵 and 𝕏, a tab\tand CRLF\r\nline",
  "",
  "---",
  "",
].join("\n");

/** Compare-and-set appends, history order and exact round-trips. */
export function describeAppendConformance(context: () => ConformanceContext): void {
  describe("compare-and-set append", () => {
    it("appends at the next seq when expectedSeq is current", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      const result = await test.backend.append(ticketId, {
        expectedSeq: 1,
        event: { kind: "comment", body: "first" },
        actor: ACTORS.reviewer,
      });
      expect(result).toMatchObject({ ok: true, event: { seq: 2, kind: "comment", actor: ACTORS.reviewer } });
      expect(result.ok && result.record.ticket.seq).toBe(2);
      expect(result.ok && result.record).toEqual(await test.backend.read(ticketId));
    });

    it("refuses a stale expectedSeq with conflict and writes nothing", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("ready");
      const before = await test.backend.read(ticketId);
      for (const expectedSeq of [1, 3, 0]) {
        const result = await test.backend.append(ticketId, {
          expectedSeq,
          event: { kind: "comment", body: `stale at ${expectedSeq}` },
          actor: ACTORS.reviewer,
        });
        expect(result).toEqual({ ok: false, reason: "conflict", currentSeq: 2 });
      }
      expect(await test.backend.read(ticketId)).toEqual(before);
    });

    it("lets exactly one of two writers with the same expectedSeq win", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      const results = await Promise.all(
        ["left", "right"].map((body) =>
          test.backend.append(ticketId, {
            expectedSeq: 1,
            event: { kind: "comment", body },
            actor: ACTORS.reviewer,
          }),
        ),
      );
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual([
        { ok: false, reason: "conflict", currentSeq: 2 },
      ]);
      const record = await test.backend.read(ticketId);
      expect(record?.events).toHaveLength(2);
      expect(record?.events[1]?.body).toBe(winners[0]?.ok && winners[0].event.body);
    });

    it("refuses an append to a ticket that does not exist with not_found", async () => {
      const error = await context()
        .backend.append("T-404", {
          expectedSeq: 1,
          event: { kind: "comment", body: "nobody home" },
          actor: ACTORS.reviewer,
        })
        .catch((thrown: unknown) => thrown);
      expect(TicketError.isInstance(error), `expected a TicketError, got ${String(error)}`).toBe(true);
      expect((error as TicketError).code).toBe("not_found");
      expect(await context().backend.read("T-404")).toBeUndefined();
    });

    it("loses no update when many writers comment at once through the service", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      const bodies = Array.from({ length: 16 }, (_, index) => `comment ${index}`);
      const outcomes = await Promise.all(
        bodies.map((body, index) =>
          test.execute({ role: "reviewer", agentId: `reviewer-${index}` }, ticketId, {
            type: "comment",
            kind: "comment",
            body,
          }),
        ),
      );
      const record = await test.backend.read(ticketId);
      expect(record?.events.map((event) => event.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
      expect(
        record?.events
          .slice(1)
          .map((event) => event.body)
          .sort(),
      ).toEqual([...bodies].sort());
      expect(new Set(outcomes.map((outcome) => outcome.event.seq)).size).toBe(16);
    });
  });

  describe("history", () => {
    it("keeps seq 1..n contiguous with each event's actor and time", async () => {
      const test = context();
      const { ticketId, token } = await test.driveTo("done");
      const record = await test.backend.read(ticketId);
      const events = record?.events ?? [];
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      expect(events.map((event) => [event.kind, event.actor.agentId, event.from, event.to])).toEqual([
        ["create", "intake-1", undefined, "planning"],
        ["intake_summary", "intake-1", "planning", "ready"],
        ["state_changed", "human-1", "ready", "queued"],
        ["acceptance", "orchestrator-1", "queued", "inprogress"],
        ["state_changed", "orchestrator-1", "inprogress", "done"],
      ]);
      expect(events[3]?.token).toBe(token);
      expect(events[4]?.token).toBe(token);
      const times = events.map((event) => Date.parse(event.at));
      for (const time of times) expect(Number.isNaN(time)).toBe(false);
      expect([...times].sort((left, right) => left - right)).toEqual(times);
      expect(record?.ticket).toMatchObject({ state: "done", seq: 5, updatedAt: events[4]?.at });
    });

    it("stores every field of an event exactly as given", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      const event: NewTicketEvent = {
        kind: "progress",
        reason: AWKWARD_TEXT,
        token: 7,
        body: AWKWARD_TEXT,
        data: {
          details: { path: "/tmp/wt T-1", exitCode: 0, ok: true, missing: null, note: AWKWARD_TEXT },
          holder: "orchestrator-1",
          expiresAt: "2026-01-01T00:01:00.000Z",
        },
      };
      const result = await test.backend.append(ticketId, {
        expectedSeq: 1,
        event,
        actor: ACTORS.orchestrator,
      });
      expect(result.ok).toBe(true);
      const stored = (await test.backend.read(ticketId))?.events[1];
      expect(stored).toEqual({ ...event, seq: 2, actor: ACTORS.orchestrator, at: stored?.at });
    });

    it("round-trips a created ticket's title and body exactly", async () => {
      const test = context();
      const created = await test.service.create(ACTORS.intake, {
        title: "Fix 🎫 — ‘quotes’: and # hashes",
        body: AWKWARD_TEXT,
        priority: "urgent",
      });
      const read = await test.backend.read(created.ticket.id);
      expect(read?.ticket).toMatchObject({
        title: "Fix 🎫 — ‘quotes’: and # hashes",
        body: AWKWARD_TEXT,
        priority: "urgent",
      });
    });
  });
}
