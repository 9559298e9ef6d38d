import { randomBytes } from "node:crypto";
import path from "node:path";
import { startTsxWorker, waitForLine } from "@podkit/harness";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import {
  createPostgresTicketBackend,
  type PostgresTicketBackend,
} from "../../packages/ticket-backend-postgres/src/index.js";
import { importQueuedTickets } from "../../packages/ticket-backend-postgres/src/testing/queued-tickets.js";
import {
  describeWithPostgres,
  openClient,
  openTestBackend,
  TEST_PG_URL,
  type TestBackend,
  withClient,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import {
  DEFAULT_TICKET_POLICY,
  type TicketEvent,
  TicketService,
} from "../../packages/ticket-lifecycle/src/index.js";
import { CuttingProxy } from "./cutting-proxy.js";
import type { HoldTransactionOptions } from "./fixtures/hold-transaction.js";

const orchestrator = { role: "orchestrator", agentId: "orch-1" };
const HOLD_SCRIPT = path.join(import.meta.dirname, "fixtures/hold-transaction.ts");
const FAULT_TIMEOUT_MS = 120_000;
/**
 * How long to wait for a session to reach the state a fault needs; bounds a hang only. Sessions
 * announce nothing, so pg_stat_activity is read every 20 ms.
 */
const SETTLE = { timeout: 60_000, interval: 20 };

const accept = (requestId: string) =>
  ({ type: "accept", holder: "orch-1", requestId, leaseMs: 60_000 }) as const;

/** Sessions of one application name, with what they wait for. */
async function sessions(applicationName: string) {
  return withClient(async (client) => {
    const result = await client.query<{
      pid: number;
      wait_event_type: string | null;
      wait_event: string | null;
    }>("SELECT pid, wait_event_type, wait_event FROM pg_stat_activity WHERE application_name = $1", [
      applicationName,
    ]);
    return result.rows;
  });
}

async function terminate(pid: number): Promise<void> {
  await withClient((client) => client.query("SELECT pg_terminate_backend($1)", [pid]));
}

function acceptances(events: readonly TicketEvent[] | undefined): (string | undefined)[] {
  return (events ?? []).filter((event) => event.kind === "acceptance").map((event) => event.data?.holder);
}

describeWithPostgres("connection faults", () => {
  let database: TestBackend;
  let applicationName: string;
  /** A second process's view: reads the database afresh, with no cache of this one's writes. */
  let observer: PostgresTicketBackend;
  let service: TicketService;

  beforeEach(async () => {
    applicationName = `podkit-fault-${randomBytes(4).toString("hex")}`;
    database = await openTestBackend({ pool: { applicationName } });
    observer = await createPostgresTicketBackend({ url: TEST_PG_URL, schema: database.schema });
    service = new TicketService(database.backend, DEFAULT_TICKET_POLICY);
  });
  afterEach(async () => {
    await observer.close();
    await database.cleanup();
  });

  it(
    "recovers an acceptance whose connection is terminated while it waits, accepting once",
    async () => {
      const [ticketId = ""] = await importQueuedTickets(database.backend, 1);
      const locker = await openClient();
      try {
        await locker.query("BEGIN");
        await locker.query(`SELECT 1 FROM "${database.schema}".tickets WHERE id = $1 FOR UPDATE`, [ticketId]);
        const accepting = service.execute(orchestrator, ticketId, accept("terminated"));
        let waiting: number | undefined;
        await vi.waitFor(async () => {
          waiting = (await sessions(applicationName)).find(
            (session) => session.wait_event_type === "Lock",
          )?.pid;
          expect(waiting).toBeDefined();
        }, SETTLE);
        await terminate(waiting as number);
        await vi.waitFor(
          async () =>
            expect((await sessions(applicationName)).map((session) => session.pid)).not.toContain(waiting),
          SETTLE,
        );
        expect((await observer.read(ticketId))?.ticket).toMatchObject({ state: "queued", seq: 3 });
        await locker.query("ROLLBACK");
        const outcome = await accepting;
        expect(outcome).toMatchObject({ repeated: false, event: { kind: "acceptance", seq: 4, token: 4 } });
      } finally {
        await locker.end();
      }
      expect(acceptances((await observer.read(ticketId))?.events)).toEqual(["orch-1"]);
      expect((await observer.doctor()).problems).toEqual([]);
    },
    FAULT_TIMEOUT_MS,
  );

  it(
    "shows nothing of a write whose connection is terminated mid-statement, then completes it once",
    async () => {
      const { schema } = database;
      // The first event insert of this schema sleeps, so the statement can be caught in flight.
      await withClient((client) =>
        client.query(`
          CREATE SEQUENCE "${schema}".slow_once;
          CREATE FUNCTION "${schema}".slow_once() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            -- Nested, since SQL does not promise to evaluate AND from left to right.
            IF NEW.event->>'body' = 'slow write' THEN
              IF nextval('"${schema}".slow_once') = 1 THEN
                PERFORM pg_sleep(30);
              END IF;
            END IF;
            RETURN NEW;
          END $$;
          CREATE TRIGGER slow_once BEFORE INSERT ON "${schema}".ticket_events
            FOR EACH ROW EXECUTE FUNCTION "${schema}".slow_once();`),
      );
      const [ticketId = ""] = await importQueuedTickets(database.backend, 1);
      const writing = service.execute(orchestrator, ticketId, {
        type: "comment",
        kind: "comment",
        body: "slow write",
      });
      let sleeping: number | undefined;
      await vi.waitFor(async () => {
        sleeping = (await sessions(applicationName)).find((session) => session.wait_event === "PgSleep")?.pid;
        expect(sleeping).toBeDefined();
      }, SETTLE);
      // The row is updated and the event inserted inside the statement: none of it is visible.
      expect(await observer.read(ticketId)).toMatchObject({ ticket: { seq: 3 }, events: { length: 3 } });
      expect((await observer.list()).tickets.map((ticket) => ticket.seq)).toEqual([3]);
      await terminate(sleeping as number);
      const outcome = await writing;
      expect(outcome.event).toMatchObject({ seq: 4, kind: "comment", body: "slow write" });
      const events = (await observer.read(ticketId))?.events ?? [];
      expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      expect(events.filter((event) => event.body === "slow write")).toHaveLength(1);
      expect((await observer.doctor()).problems).toEqual([]);
    },
    FAULT_TIMEOUT_MS,
  );

  it(
    "finds a committed write whose reply was lost and does not write it again",
    async () => {
      const target = new URL(TEST_PG_URL);
      const proxy = new CuttingProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const port = await proxy.listen();
      const viaProxy = new URL(TEST_PG_URL);
      viaProxy.port = String(port);
      const backend = await createPostgresTicketBackend({
        url: viaProxy.toString(),
        schema: database.schema,
      });
      try {
        const [commented = "", accepted = ""] = await importQueuedTickets(backend, 2);
        proxy.cutAfter("lost-reply-comment");
        const appended = await backend.append(commented, {
          expectedSeq: 3,
          event: { kind: "comment", body: "lost-reply-comment" },
          actor: orchestrator,
        });
        expect({ cuts: proxy.cuts, sightings: proxy.sightings }).toEqual({ cuts: 1, sightings: 1 });
        expect(appended).toMatchObject({ ok: true, event: { seq: 4, body: "lost-reply-comment" } });
        expect((await observer.read(commented))?.events.map((event) => event.body)).toEqual([
          "",
          "Ready.",
          undefined,
          "lost-reply-comment",
        ]);

        proxy.cutAfter("lost-reply-accept");
        const outcome = await new TicketService(backend, DEFAULT_TICKET_POLICY).execute(
          orchestrator,
          accepted,
          accept("lost-reply-accept"),
        );
        expect({ cuts: proxy.cuts, sightings: proxy.sightings }).toEqual({ cuts: 2, sightings: 1 });
        expect(outcome).toMatchObject({ repeated: false, event: { kind: "acceptance", token: 4 } });
        expect(acceptances((await observer.read(accepted))?.events)).toEqual(["orch-1"]);
      } finally {
        await backend.close();
        await proxy.close();
      }
    },
    FAULT_TIMEOUT_MS,
  );

  it(
    "releases a ticket held inside the transaction of a client killed with SIGKILL",
    async () => {
      const [ticketId = ""] = await importQueuedTickets(database.backend, 1);
      const holder = startTsxWorker(HOLD_SCRIPT, {
        url: TEST_PG_URL,
        schema: database.schema,
        ticketId,
        idleInTransactionTimeoutMs: 60_000,
      } satisfies HoldTransactionOptions);
      await waitForLine(holder, "holding", 60_000);
      expect((await observer.read(ticketId))?.ticket).toMatchObject({ state: "queued", seq: 3, lease: null });
      const accepting = service.execute(orchestrator, ticketId, accept("after-kill"));
      await vi.waitFor(
        async () =>
          expect(
            (await sessions(applicationName)).some((session) => session.wait_event_type === "Lock"),
          ).toBe(true),
        SETTLE,
      );
      holder.child.kill("SIGKILL");
      expect(await holder.exited).toEqual({ code: null, signal: "SIGKILL" });
      expect(await accepting).toMatchObject({ repeated: false, event: { token: 4 } });
      expect(acceptances((await observer.read(ticketId))?.events)).toEqual(["orch-1"]);
      expect((await observer.doctor()).problems).toEqual([]);
    },
    FAULT_TIMEOUT_MS,
  );

  it(
    "frees a ticket from a client stalled inside a transaction once its idle-in-transaction timeout passes",
    async () => {
      const [ticketId = ""] = await importQueuedTickets(database.backend, 1);
      const holder = startTsxWorker(HOLD_SCRIPT, {
        url: TEST_PG_URL,
        schema: database.schema,
        ticketId,
        idleInTransactionTimeoutMs: 1_000,
      } satisfies HoldTransactionOptions);
      try {
        await waitForLine(holder, "holding", 60_000);
        holder.child.kill("SIGSTOP");
        // The stalled process keeps its socket open; only the server's timeout ends its transaction.
        const outcome = await service.execute(orchestrator, ticketId, accept("after-stall"));
        expect(outcome).toMatchObject({ repeated: false, event: { token: 4 } });
        expect(acceptances((await observer.read(ticketId))?.events)).toEqual(["orch-1"]);
        expect((await observer.doctor()).problems).toEqual([]);
      } finally {
        holder.child.kill("SIGKILL");
        await holder.exited;
      }
    },
    FAULT_TIMEOUT_MS,
  );
});
