import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTogether, startTsxWorker } from "@podkit/harness";
import { createPostgresTicketBackend } from "../packages/ticket-backend-postgres/src/index.js";
import {
  importQueuedTickets,
  queuedHistory,
} from "../packages/ticket-backend-postgres/src/testing/queued-tickets.js";
import {
  dropSchema,
  uniqueSchema,
  withClient,
} from "../packages/ticket-backend-postgres/src/testing/test-database.js";
import {
  createFileTicketBackend,
  DEFAULT_TICKET_POLICY,
  type TicketBackend,
  type TicketChange,
  TicketService,
} from "../packages/ticket-lifecycle/src/index.js";
import type { BenchContext } from "./bench-context.js";
import { type ClaimReport, claimTickets } from "./claim-loop.js";
import type { ClaimWorkerOptions } from "./claim-worker.js";

const ACCEPTS = 300;
const WARMUP = 30;
const CLAIMERS = 8;
const PG_CLAIM_TICKETS = 10_000;
/** The process variant is a diagnostic: eight Node processes on a small machine mostly measure Node. */
const PROCESS_CLAIM_TICKETS = 2_000;
/** Fewer for the file store: each of its imports is several fsync'd files; the rate is per second either way. */
const FILE_CLAIM_TICKETS = 1_000;
const WAKEUPS = 200;
const CLAIM_WORKER = path.join(import.meta.dirname, "claim-worker.ts");
const orchestrator = { role: "orchestrator", agentId: "bench-orchestrator" };
const human = { role: "human", agentId: "bench-human" };

interface Stores {
  readonly url: string;
  readonly schema: (name: string) => string;
  readonly directory: string;
}

/**
 * The PostgreSQL ticket backend against the file backend, in the same run on the same machine:
 * accept latency, claim throughput of 8 claimer processes, and queued-to-accepted latency
 * through the backends' watch (NOTIFY for PostgreSQL, fs.watch for files).
 */
export async function postgresBench(bench: BenchContext): Promise<void> {
  const url = process.env.PODKIT_PG_URL ?? "";
  if (url === "") {
    bench.note("skipped: PODKIT_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)");
    return;
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-bench-postgres-"));
  const schemas: string[] = [];
  const stores: Stores = {
    url,
    directory,
    schema: (name) => {
      const schema = uniqueSchema(`podkit_bench_${name}`);
      schemas.push(schema);
      return schema;
    },
  };
  try {
    await acceptLatency(bench, stores);
    await claimThroughput(bench, stores);
    await queuedToAccepted(bench, stores);
  } finally {
    for (const schema of schemas) await dropSchema(schema, url);
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function acceptLatency(bench: BenchContext, stores: Stores): Promise<void> {
  const pg = await createPostgresTicketBackend({ url: stores.url, schema: stores.schema("accept") });
  const file = createFileTicketBackend({ root: path.join(stores.directory, "accept"), createRoot: true });
  try {
    bench.note(`queueing ${ACCEPTS + WARMUP} tickets in each store (untimed)…`);
    const pgIds = await importQueuedTickets(pg, ACCEPTS + WARMUP);
    const fileIds = await importQueuedTickets(file, ACCEPTS + WARMUP);
    const accept = (service: TicketService, ticketId: string) =>
      service.execute(orchestrator, ticketId, {
        type: "accept",
        holder: orchestrator.agentId,
        requestId: `bench:${ticketId}`,
        leaseMs: 600_000,
      });
    const pgService = new TicketService(pg, DEFAULT_TICKET_POLICY);
    const fileService = new TicketService(file, DEFAULT_TICKET_POLICY);
    const floor = await commitFloor(stores.url, ACCEPTS + WARMUP);
    const samples = { pg: [] as number[], file: [] as number[] };
    bench.note(`timing ${ACCEPTS} accepts through the service on each store, alternating…`);
    for (let index = 0; index < ACCEPTS + WARMUP; index += 1) {
      for (const [name, service, ids] of [
        ["pg", pgService, pgIds],
        ["file", fileService, fileIds],
      ] as const) {
        const started = performance.now();
        await accept(service, ids[index] as string);
        if (index >= WARMUP) samples[name].push(performance.now() - started);
      }
    }
    const pgP50 = percentile(samples.pg, 50);
    const fileP50 = percentile(samples.file, 50);
    bench.metric("pg_accept_p50_ms", round(pgP50), "ms");
    bench.metric("pg_accept_p99_ms", round(percentile(samples.pg, 99)), "ms");
    bench.metric("pg_commit_floor_p50_ms", round(percentile(floor.slice(WARMUP), 50)), "ms");
    bench.metric("file_accept_p50_ms", round(fileP50), "ms");
    bench.metric("file_accept_p99_ms", round(percentile(samples.file, 99)), "ms");
    bench.metric("pg_accept_over_file", round(pgP50 / fileP50), "ratio");
    bench.metric(
      "pg_accept_p99_over_file",
      round(percentile(samples.pg, 99) / percentile(samples.file, 99)),
      "ratio",
    );
    bench.target("pg_accept_p50", pgP50 <= 3);
  } finally {
    await pg.close();
    await file.close();
  }
}

/** One-row autocommit inserts: what a durable commit costs on this server and disk, and no less. */
async function commitFloor(url: string, count: number): Promise<number[]> {
  return withClient(async (client) => {
    // A regular table: temporary ones are not WAL-logged, so their commits skip the fsync.
    const table = `public.podkit_commit_floor_${process.pid}`;
    await client.query(`CREATE TABLE ${table} (id integer)`);
    try {
      const samples: number[] = [];
      for (let index = 0; index < count; index += 1) {
        const started = performance.now();
        await client.query(`INSERT INTO ${table} VALUES ($1)`, [index]);
        samples.push(performance.now() - started);
      }
      return samples;
    } finally {
      await client.query(`DROP TABLE ${table}`);
    }
  }, url);
}

async function claimThroughput(bench: BenchContext, stores: Stores): Promise<void> {
  const pgSchema = stores.schema("claim");
  const processSchema = stores.schema("claim_processes");
  const fileRoot = path.join(stores.directory, "claim");
  const pg = await createPostgresTicketBackend({ url: stores.url, schema: pgSchema });
  const pgProcesses = await createPostgresTicketBackend({ url: stores.url, schema: processSchema });
  const file = createFileTicketBackend({ root: fileRoot, createRoot: true });
  try {
    bench.note(
      `queueing ${PG_CLAIM_TICKETS} + ${PROCESS_CLAIM_TICKETS} tickets in PostgreSQL and ${FILE_CLAIM_TICKETS} in files (untimed)…`,
    );
    const pgIds = await importQueuedTickets(pg, PG_CLAIM_TICKETS);
    const processIds = await importQueuedTickets(pgProcesses, PROCESS_CLAIM_TICKETS);
    const fileIds = await importQueuedTickets(file, FILE_CLAIM_TICKETS);
    bench.note(`${CLAIMERS} pooled claimers on PostgreSQL…`);
    const pgRate = await claimPooled(pg, pgIds, () =>
      createPostgresTicketBackend({ url: stores.url, schema: pgSchema, pool: { max: 1 } }),
    );
    bench.note(`${CLAIMERS} pooled claimers on files…`);
    const fileRate = await claimPooled(file, fileIds, async () =>
      createFileTicketBackend({ root: fileRoot }),
    );
    bench.note(`${CLAIMERS} claimer processes on PostgreSQL…`);
    const processRate = await claimInProcesses(pgProcesses, processIds, {
      kind: "postgres",
      url: stores.url,
      schema: processSchema,
    });
    bench.metric("pg_claim_throughput_per_s", Math.round(pgRate.perSecond), "count");
    bench.metric("pg_claim_lost_races", pgRate.lost, "count");
    bench.metric("pg_claim_throughput_processes_per_s", Math.round(processRate.perSecond), "count");
    bench.metric("file_claim_throughput_per_s", Math.round(fileRate.perSecond), "count");
    bench.metric("pg_claim_throughput_over_file", round(pgRate.perSecond / fileRate.perSecond), "ratio");
    bench.target("pg_claim_throughput", pgRate.perSecond >= 1_000);
  } finally {
    await pg.close();
    await pgProcesses.close();
    await file.close();
  }
}

interface ClaimRate {
  readonly perSecond: number;
  readonly lost: number;
}

/** {@link CLAIMERS} claimers in this process, each with a backend (a connection) of its own. */
async function claimPooled(
  backend: TicketBackend,
  ticketIds: readonly string[],
  open: () => Promise<TicketBackend>,
): Promise<ClaimRate> {
  const claimers = await Promise.all(Array.from({ length: CLAIMERS }, open));
  try {
    for (const claimer of claimers) await claimer.now();
    const reports = await Promise.all(
      claimers.map((claimer, worker) =>
        claimTickets({
          service: new TicketService(claimer, DEFAULT_TICKET_POLICY),
          ticketIds,
          worker,
          workers: CLAIMERS,
        }),
      ),
    );
    return await rate(backend, ticketIds, reports);
  } finally {
    for (const claimer of claimers) await claimer.close();
  }
}

/** {@link CLAIMERS} claimer processes (`claim-worker.ts`), started before the clock runs. */
async function claimInProcesses(
  backend: TicketBackend,
  ticketIds: readonly string[],
  store: ClaimWorkerOptions["store"],
): Promise<ClaimRate> {
  const workers = Array.from({ length: CLAIMERS }, (_, worker) =>
    startTsxWorker(
      CLAIM_WORKER,
      { store, worker, workers: CLAIMERS, ticketIds } satisfies ClaimWorkerOptions,
      { stdin: "pipe" },
    ),
  );
  await startTogether(workers);
  const exits = await Promise.all(workers.map((worker) => worker.exited));
  const reports = workers.map((worker, index) => {
    if (exits[index]?.code !== 0) throw new Error(`claimer ${index} failed: ${worker.stderr()}`);
    const line =
      worker
        .stdout()
        .split("\n")
        .find((text) => text.startsWith("{")) ?? "{}";
    return JSON.parse(line) as ClaimReport;
  });
  return rate(backend, ticketIds, reports);
}

/** Claims per second from the first start to the last end; every ticket must be accepted exactly once. */
async function rate(
  backend: TicketBackend,
  ticketIds: readonly string[],
  reports: readonly ClaimReport[],
): Promise<ClaimRate> {
  const claimed = reports.reduce((sum, report) => sum + report.claimed, 0);
  const inProgress = (await backend.list({ states: ["inprogress"] })).tickets.length;
  if (claimed !== ticketIds.length || inProgress !== ticketIds.length)
    throw new Error(
      `claimers report ${claimed} claims and the store ${inProgress} accepted of ${ticketIds.length}`,
    );
  const wallMs =
    Math.max(...reports.map((report) => report.endedAt)) -
    Math.min(...reports.map((report) => report.startedAt));
  return {
    perSecond: (claimed / wallMs) * 1000,
    lost: reports.reduce((sum, report) => sum + report.lost, 0),
  };
}

async function queuedToAccepted(bench: BenchContext, stores: Stores): Promise<void> {
  const schema = stores.schema("wake");
  const root = path.join(stores.directory, "wake");
  fs.mkdirSync(root);
  const pg = await wakeLatencies(
    bench,
    "postgres",
    await createPostgresTicketBackend({ url: stores.url, schema }),
    () => createPostgresTicketBackend({ url: stores.url, schema }),
  );
  const file = await wakeLatencies(bench, "file", createFileTicketBackend({ root }), async () =>
    createFileTicketBackend({ root }),
  );
  const pgP99 = percentile(pg, 99);
  bench.metric("pg_queued_to_accepted_p50_ms", round(percentile(pg, 50)), "ms");
  bench.metric("pg_queued_to_accepted_p99_ms", round(pgP99), "ms");
  bench.metric("file_queued_to_accepted_p50_ms", round(percentile(file, 50)), "ms");
  bench.metric("file_queued_to_accepted_p99_ms", round(percentile(file, 99)), "ms");
  bench.metric("pg_queued_to_accepted_over_file", round(pgP99 / percentile(file, 99)), "ratio");
  bench.target("pg_queued_to_accepted_p99", pgP99 <= 100);
}

/**
 * One store as two processes would use it: `queuer` queues ready tickets one at a time; a second
 * backend watches and accepts each ticket it hears is queued. Milliseconds from the queue call's
 * return (its commit) to the acceptance's.
 */
async function wakeLatencies(
  bench: BenchContext,
  kind: string,
  queuer: TicketBackend,
  openWatcher: () => Promise<TicketBackend>,
): Promise<number[]> {
  const watcher = await openWatcher();
  const acceptor = new TicketService(watcher, DEFAULT_TICKET_POLICY);
  const accepted = new Map<string, (at: number) => void>();
  const stop = watcher.watch?.((change: TicketChange) => {
    if (change.state !== "queued") return;
    void acceptor
      .execute(orchestrator, change.ticketId, {
        type: "accept",
        holder: orchestrator.agentId,
        requestId: `wake:${change.ticketId}`,
        leaseMs: 600_000,
      })
      .then((outcome) => {
        if (!outcome.repeated) accepted.get(change.ticketId)?.(performance.now());
      });
  });
  const service = new TicketService(queuer, DEFAULT_TICKET_POLICY);
  const samples: number[] = [];
  try {
    bench.note(`timing ${WAKEUPS} queued-to-accepted hand-overs on the ${kind} store…`);
    for (let index = 0; index < WAKEUPS + WARMUP / 3; index += 1) {
      const ticketId = `W-${index + 1}`;
      await queuer.importHistory(ticketId, queuedHistory(`Wake ${index + 1}`).slice(0, 2));
      const done = new Promise<number>((resolve) => accepted.set(ticketId, resolve));
      await service.execute(human, ticketId, { type: "queue" }, { gate: true });
      const queuedAt = performance.now();
      const acceptedAt = await done;
      if (index >= WARMUP / 3) samples.push(acceptedAt - queuedAt);
    }
  } finally {
    stop?.();
    await watcher.close();
    await queuer.close();
  }
  return samples;
}

/** The `p`th percentile (nearest rank) of a non-empty list. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function round(value: number): number {
  return Number(value.toFixed(3));
}
