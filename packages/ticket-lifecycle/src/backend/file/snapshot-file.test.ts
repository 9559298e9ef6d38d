import { describe, expect, it } from "vitest";
import { reduceTicket } from "../../domain/reduce-ticket.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { formatSnapshotFile, parseSnapshotFile } from "./snapshot-file.js";

const actor = { role: "human", agentId: "alice" };
const events: TicketEvent[] = [
  {
    seq: 1,
    kind: "create",
    actor,
    at: "2026-03-01T09:00:00.000Z",
    to: "planning",
    body: "Body ✨\n---\nstill body\n",
    data: { title: "Snap 🎫", priority: "high" },
  },
  {
    seq: 2,
    kind: "intake_summary",
    actor,
    at: "2026-03-01T09:01:00.000Z",
    from: "planning",
    to: "ready",
    body: "summary",
  },
  {
    seq: 3,
    kind: "relation",
    actor,
    at: "2026-03-01T09:02:00.000Z",
    data: { relation: { type: "related", target: "T-9" } },
  },
];
const ticket = reduceTicket("T-1", events);

describe("ticket.md snapshots", () => {
  it("round-trip a ticket exactly, body included", () => {
    expect(parseSnapshotFile(formatSnapshotFile(ticket))).toEqual(ticket);
  });

  it("tell readers they are generated", () => {
    expect(formatSnapshotFile(ticket)).toContain("# Generated from events/ by podkit");
  });

  it("refuse a hand edit that still parses, through the digest", () => {
    const edited = formatSnapshotFile(ticket).replace('title: "Snap 🎫"', 'title: "Renamed by hand"');
    expect(() => parseSnapshotFile(edited)).toThrow(/digest does not match/);
    const editedBody = `${formatSnapshotFile(ticket)}one more line\n`;
    expect(() => parseSnapshotFile(editedBody)).toThrow(/digest does not match/);
  });

  it("refuse a torn file, another format version and unknown fields", () => {
    const text = formatSnapshotFile(ticket);
    expect(() => parseSnapshotFile(text.slice(0, text.length / 3))).toThrow(/no closing/);
    expect(() => parseSnapshotFile(text.replace("snapshot: 1", "snapshot: 0"))).toThrow(/snapshot format 0/);
    expect(() => parseSnapshotFile(text.replace("seq: 3", "seq: 3\nextra: 1"))).toThrow(/extra/);
  });

  it("do not depend on the key order of nested objects", () => {
    const reordered = { ...ticket, createdBy: { agentId: "alice", role: "human" } };
    expect(parseSnapshotFile(formatSnapshotFile(reordered))).toEqual(ticket);
  });
});
