import type { TicketChange } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createPostgresTicketBackend } from "./create-postgres-ticket-backend.js";
import type { PostgresTicketBackend } from "./postgres-ticket-backend.js";
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

/** Each (ticket, seq) at most once and seqs rising per ticket: what a coalescing doorbell may do. */
function expectNoRepeats(changes: readonly TicketChange[]): void {
  const last = new Map<string, number>();
  for (const change of changes) {
    expect(change.seq).toBeGreaterThan(last.get(change.ticketId) ?? 0);
    last.set(change.ticketId, change.seq);
  }
}

async function listenSessions(applicationName: string): Promise<number[]> {
  return withClient(async (client) => {
    const result = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'",
      [applicationName],
    );
    return result.rows.map((row) => row.pid);
  });
}

describeWithPostgres("watch", () => {
  let test: TestBackend;
  let writer: PostgresTicketBackend;

  beforeEach(async () => {
    test = await openTestBackend({
      // Polling rarely, so what arrives in time came through LISTEN/NOTIFY or a rescan.
      pollIntervalMs: 60_000,
      pool: { applicationName: "podkit-watch-test" },
    });
    writer = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: test.schema });
  });
  afterEach(async () => {
    await writer.close();
    await test.cleanup();
  });

  it("reports another process's commits through NOTIFY with their state", async () => {
    const seen: TicketChange[] = [];
    const stop = test.backend.watch((change) => seen.push(change));
    try {
      await vi.waitFor(async () => expect(await listenSessions("podkit-watch-test")).toHaveLength(1));
      const { ticket } = await writer.create({ event: createEvent("Rung"), actor: intake });
      await writer.append(ticket.id, {
        expectedSeq: 1,
        event: { kind: "intake_summary", from: "planning", to: "ready", body: "Ready." },
        actor: intake,
      });
      await vi.waitFor(() => expect(seen).toContainEqual({ ticketId: ticket.id, seq: 2, state: "ready" }));
      expectNoRepeats(seen);
    } finally {
      stop();
    }
  });

  it("finds a commit whose notification never came on the next poll", async () => {
    const polling = await createPostgresTicketBackend({
      url: TEST_PG_URL,
      schema: test.schema,
      pollIntervalMs: 100,
    });
    const seen: TicketChange[] = [];
    const stop = polling.watch((change) => seen.push(change));
    try {
      const { ticket } = await writer.create({ event: createEvent("Silent"), actor: intake });
      await vi.waitFor(() => expect(seen.map((change) => change.ticketId)).toContain(ticket.id));
      // A write whose NOTIFY is lost: the same rows, committed without the doorbell.
      await withClient((client) =>
        client.query(
          `WITH moved AS (UPDATE "${test.schema}".tickets SET seq = 2, changed_at = clock_timestamp() WHERE id = $1 RETURNING id)
           INSERT INTO "${test.schema}".ticket_events (ticket_id, seq, kind, at, actor_role, actor_agent_id, event)
           SELECT id, 2, 'comment', clock_timestamp(), 'intake', 'intake-1',
             jsonb_build_object('seq', 2, 'kind', 'comment', 'at', '2026-01-01T00:00:00.000Z',
               'actor', jsonb_build_object('role', 'intake', 'agentId', 'intake-1')) FROM moved`,
          [ticket.id],
        ),
      );
      await vi.waitFor(() => expect(seen).toContainEqual({ ticketId: ticket.id, seq: 2, state: "planning" }));
      expectNoRepeats(seen);
    } finally {
      stop();
      await polling.close();
    }
  });

  it("reconnects a dropped LISTEN connection and rescans what it missed", async () => {
    // Reconnecting only after a pause, so the commit below surely lands while nobody listens.
    const watcher = await createPostgresTicketBackend({
      url: TEST_PG_URL,
      schema: test.schema,
      pollIntervalMs: 60_000,
      reconnectDelayMs: 1_500,
      pool: { applicationName: "podkit-watch-test" },
    });
    const seen: TicketChange[] = [];
    const stop = watcher.watch((change) => seen.push(change));
    try {
      await vi.waitFor(async () => expect(await listenSessions("podkit-watch-test")).toHaveLength(1));
      const [listener] = await listenSessions("podkit-watch-test");
      await withClient((client) => client.query("SELECT pg_terminate_backend($1)", [listener]));
      await vi.waitFor(async () => expect(await listenSessions("podkit-watch-test")).not.toContain(listener));
      // Committed while the watcher has no LISTEN session: only the rescan after reconnecting finds it.
      const { ticket } = await writer.create({ event: createEvent("Missed"), actor: intake });
      await vi.waitFor(() => expect(seen.map((change) => change.ticketId)).toContain(ticket.id), {
        timeout: 15_000,
      });
      const sessions = await listenSessions("podkit-watch-test");
      expect(sessions).toHaveLength(1);
      expect(sessions).not.toContain(listener);
      // And the new session rings again.
      await writer.append(ticket.id, {
        expectedSeq: 1,
        event: { kind: "comment", body: "after" },
        actor: intake,
      });
      await vi.waitFor(() => expect(seen).toContainEqual({ ticketId: ticket.id, seq: 2, state: "planning" }));
      expectNoRepeats(seen);
    } finally {
      stop();
      await watcher.close();
    }
  });

  it("reports no change from before it started, and stops listening when the last listener leaves", async () => {
    const { ticket: old } = await writer.create({ event: createEvent("Old"), actor: intake });
    await withClient((client) =>
      client.query(`UPDATE "${test.schema}".tickets SET changed_at = changed_at - interval '1 hour'`),
    );
    const seen: TicketChange[] = [];
    const stop = test.backend.watch((change) => seen.push(change));
    await vi.waitFor(async () => expect(await listenSessions("podkit-watch-test")).toHaveLength(1));
    const { ticket: fresh } = await writer.create({ event: createEvent("Fresh"), actor: intake });
    await vi.waitFor(() => expect(seen.map((change) => change.ticketId)).toContain(fresh.id));
    expect(seen.map((change) => change.ticketId)).not.toContain(old.id);
    stop();
    await vi.waitFor(async () => expect(await listenSessions("podkit-watch-test")).toEqual([]));
  });
});
