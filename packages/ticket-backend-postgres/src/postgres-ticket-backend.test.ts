import { TicketError, type TicketEvent } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresTicketBackend } from "./create-postgres-ticket-backend.js";
import { PostgresBackendError } from "./postgres-backend-error.js";
import { queuedHistory } from "./testing/queued-tickets.js";
import {
  describeWithPostgres,
  openTestBackend,
  TEST_PG_URL,
  type TestBackend,
  withClient,
} from "./testing/test-database.js";

const intake = { role: "intake", agentId: "intake-1" };
const createEvent = (title: string) => ({
  kind: "create" as const,
  to: "planning" as const,
  data: { title },
});
const comment = (body: string) => ({ kind: "comment" as const, body });

describe("createPostgresTicketBackend options", () => {
  it("refuses a missing url, a bad schema name and a bad pool size before connecting", async () => {
    const refusals = await Promise.all(
      [
        { url: "" },
        { url: "postgres://nowhere.invalid/db", schema: "Podkit; DROP" },
        { url: "postgres://nowhere.invalid/db", schema: "1st" },
        { url: "postgres://nowhere.invalid/db", pool: { max: 0 } },
      ].map((options) => createPostgresTicketBackend(options).catch((error: unknown) => error)),
    );
    for (const refusal of refusals) {
      expect(PostgresBackendError.isInstance(refusal)).toBe(true);
      expect(refusal).toMatchObject({ code: "invalid_options" });
    }
    expect((refusals[1] as Error).message).toContain("'Podkit; DROP' is not a usable schema name");
  });

  it("gives up on an unreachable database after its bounded retries, as storage_unavailable", async () => {
    const error = await createPostgresTicketBackend({
      url: "postgres://postgres@127.0.0.1:1/test",
      retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 10 },
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TicketError);
    expect(error).toMatchObject({ code: "storage_unavailable" });
    expect((error as Error).message).toMatch(/3 tries/);
  });
});

describeWithPostgres("PostgresTicketBackend", () => {
  let test: TestBackend;

  beforeEach(async () => {
    test = await openTestBackend();
  });
  afterEach(() => test.cleanup());

  async function sql(text: string, values: unknown[] = []): Promise<void> {
    await withClient((client) => client.query(text.replaceAll("$schema", `"${test.schema}"`), values));
  }

  it("sees what another process appended, though it read the ticket before", async () => {
    const other = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: test.schema });
    try {
      const { ticket } = await test.backend.create({ event: createEvent("Shared"), actor: intake });
      expect((await other.read(ticket.id))?.events).toHaveLength(1);
      const mine = await test.backend.append(ticket.id, {
        expectedSeq: 1,
        event: comment("mine"),
        actor: intake,
      });
      expect(mine.ok).toBe(true);
      // The other process still holds seq 1 in its cache; the store tells it where the ticket is.
      const theirs = await other.append(ticket.id, {
        expectedSeq: 1,
        event: comment("theirs"),
        actor: intake,
      });
      expect(theirs).toEqual({ ok: false, reason: "conflict", currentSeq: 2 });
      expect((await other.read(ticket.id))?.events.map((event) => event.body)).toEqual([undefined, "mine"]);
      const after = await other.append(ticket.id, {
        expectedSeq: 2,
        event: comment("theirs"),
        actor: intake,
      });
      expect(after.ok && after.record.events.map((event) => event.seq)).toEqual([1, 2, 3]);
      expect((await test.backend.read(ticket.id))?.events.at(-1)?.body).toBe("theirs");
    } finally {
      await other.close();
    }
  });

  it("reads a history cut back below what it saw (a restored database) as it now is", async () => {
    const { ticket } = await test.backend.create({ event: createEvent("Restored"), actor: intake });
    await test.backend.append(ticket.id, {
      expectedSeq: 1,
      event: comment("lost in the restore"),
      actor: intake,
    });
    expect((await test.backend.read(ticket.id))?.ticket.seq).toBe(2);
    const snapshot = JSON.stringify({ ...ticket, seq: 1 });
    await sql("DELETE FROM $schema.ticket_events WHERE seq = 2");
    await sql("UPDATE $schema.tickets SET seq = 1, snapshot = $1::jsonb", [snapshot]);
    expect((await test.backend.read(ticket.id))?.events).toHaveLength(1);
  });

  it("reports a damaged history as corrupt on read and names it in the doctor", async () => {
    const damaged = await test.backend.create({ event: createEvent("Damaged"), actor: intake });
    const healthy = await test.backend.create({ event: createEvent("Healthy"), actor: intake });
    await test.backend.append(damaged.ticket.id, { expectedSeq: 1, event: comment("a"), actor: intake });
    await sql("UPDATE $schema.ticket_events SET event = jsonb_set(event, '{seq}', '5') WHERE seq = 2");
    // Committed events never change, so this process's cache would not see an edit: read afresh.
    const reader = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: test.schema });
    const error = await reader.read(damaged.ticket.id).catch((thrown: unknown) => thrown);
    await reader.close();
    expect(error).toMatchObject({ code: "corrupt" });
    const report = await test.backend.doctor();
    expect(report.ok).toBe(false);
    expect(report.checkedTickets).toBe(2);
    expect(report.problems.map((problem) => problem.ticketId)).toEqual([
      damaged.ticket.id,
      damaged.ticket.id,
    ]);
    expect(report.problems[0]?.location).toBe(`${test.schema}.ticket_events['${damaged.ticket.id}', 2]`);
    expect(report.problems[1]?.problem).toMatch(/jumps from seq 1 to seq 5/);
    expect((await test.backend.read(healthy.ticket.id))?.ticket.title).toBe("Healthy");
  });

  it("names a row whose state, lease or snapshot disagree with its history", async () => {
    const { ticket } = await test.backend.create({ event: createEvent("Drifted"), actor: intake });
    await sql(
      "UPDATE $schema.tickets SET state = 'queued', snapshot = jsonb_set(snapshot, '{title}', '\"Edited\"')",
    );
    const report = await test.backend.doctor();
    expect(report.problems).toEqual([
      expect.objectContaining({
        ticketId: ticket.id,
        problem: expect.stringMatching(/state and lease columns/),
      }),
      expect.objectContaining({ ticketId: ticket.id, problem: expect.stringMatching(/snapshot differs/) }),
    ]);
  });

  it("lists the readable tickets and reports a row whose snapshot is damaged", async () => {
    const first = await test.backend.create({ event: createEvent("First"), actor: intake });
    const second = await test.backend.create({ event: createEvent("Second"), actor: intake });
    await sql("UPDATE $schema.tickets SET snapshot = '\"not a ticket\"'::jsonb WHERE id = $1", [
      first.ticket.id,
    ]);
    const { tickets, problems } = await test.backend.list();
    expect(tickets.map((ticket) => ticket.id)).toEqual([second.ticket.id]);
    expect(problems).toEqual([
      {
        ticketId: first.ticket.id,
        location: `${test.schema}.tickets['${first.ticket.id}']`,
        problem: "the snapshot is not an object",
      },
    ]);
  });

  it("stamps the commit time everywhere the domain copies an event's time, identically in every copy", async () => {
    const { ticket } = await test.backend.importHistory(
      "T-1",
      queuedHistory("Stamped", await test.backend.now()),
    );
    // An acceptance without an expiry: the lease falls back to the event's own time.
    const result = await test.backend.append(ticket.id, {
      expectedSeq: 3,
      event: { kind: "acceptance", from: "queued", to: "inprogress", token: 4, data: { holder: "orch-1" } },
      actor: intake,
    });
    if (!result.ok) throw new Error("append refused");
    const at = result.event.at;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(ticket.createdAt));
    expect(result.record.ticket).toMatchObject({ updatedAt: at, lease: { expiresAt: at, token: 4 } });
    const fresh = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: test.schema });
    try {
      expect(await fresh.read(ticket.id)).toEqual(result.record);
      expect((await fresh.list()).tickets).toEqual([result.record.ticket]);
      expect(await fresh.doctor()).toEqual({ ok: true, checkedTickets: 1, problems: [] });
    } finally {
      await fresh.close();
    }
    expect(JSON.stringify(result.record)).not.toMatch(/podkit-commit-time/);
  });

  it("imports many histories in batches, leaving ids that exist alone and refusing a damaged one whole", async () => {
    const at = await test.backend.now();
    await test.backend.importHistory("T-2", queuedHistory("Here before", at));
    const histories = Array.from({ length: 1_200 }, (_, index) => ({
      ticketId: `T-${index + 1}`,
      events: queuedHistory(`Bulk ${index + 1}`, at),
    }));
    const result = await test.backend.importHistories(histories);
    expect(result.existing).toEqual(["T-2"]);
    expect(result.imported).toHaveLength(1_199);
    expect((await test.backend.read("T-2"))?.ticket.title).toBe("Here before");
    expect((await test.backend.read("T-1200"))?.events).toEqual(histories[1_199]?.events);
    expect((await test.backend.list({ states: ["queued"] })).tickets).toHaveLength(1_200);

    const [create, summary] = queuedHistory("Gapped", at);
    const error = await test.backend
      .importHistories([
        { ticketId: "T-5000", events: queuedHistory("Fine", at) },
        { ticketId: "T-5001", events: [create, { ...summary, seq: 3 }] as TicketEvent[] },
      ])
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "corrupt" });
    expect(await test.backend.read("T-5000")).toBeUndefined();
    expect(await test.backend.doctor()).toMatchObject({ ok: true, checkedTickets: 1_200 });
  });

  it("refuses calls after close with storage_unavailable", async () => {
    await test.backend.close();
    const error = await test.backend.read("T-1").catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "storage_unavailable" });
  });
});
