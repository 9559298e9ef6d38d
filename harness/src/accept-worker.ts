/**
 * One contender in an acceptance race between processes: opens its store, says `ready`, waits
 * for `go` on stdin, then tries to accept every ticket in the same order as its rivals. After
 * each call that returned a fresh acceptance it appends one line to its own log — the external
 * record of who believed they won — before going on. Losing (`conflict`) is expected; any other
 * error fails the process.
 *
 *   node --conditions=@podkit/source --import tsx harness/src/accept-worker.ts '<AcceptWorkerOptions as JSON>'
 */
import fs from "node:fs";
import {
  createFileTicketBackend,
  DEFAULT_TICKET_POLICY,
  type TicketBackend,
  TicketError,
  TicketService,
} from "@podkit/ticket-lifecycle";
import type { AcceptWorkerOptions, AcceptWorkerStore } from "./accept-worker-options.js";
import { NaiveTicketBackend } from "./naive-ticket-backend.js";
import { readyThenWaitForGo } from "./worker.js";

const options = JSON.parse(process.argv[2] ?? "{}") as AcceptWorkerOptions;
const backend = await openStore(options.store);
const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
const holder = `orchestrator-${options.worker}`;
const actor = { role: "orchestrator", agentId: holder };
const latencies: number[] = [];

await readyThenWaitForGo();
for (const ticketId of options.ticketIds) {
  const started = performance.now();
  try {
    const outcome = await service.execute(actor, ticketId, {
      type: "accept",
      holder,
      requestId: `${holder}:${ticketId}`,
      leaseMs: 60_000,
    });
    if (!outcome.repeated) fs.appendFileSync(options.log, `${ticketId}\t${holder}\t${outcome.event.token}\n`);
  } catch (error) {
    // Losing is expected: the ticket is already 'inprogress' (conflict). Anything else is a bug.
    if (!(TicketError.isInstance(error) && error.code === "conflict")) throw error;
  } finally {
    latencies.push(performance.now() - started);
  }
}
if (options.latencies !== undefined) fs.writeFileSync(options.latencies, latencies.join("\n"));
await backend.close();
process.exit(0);

async function openStore(store: AcceptWorkerStore): Promise<TicketBackend> {
  if (store.kind === "file") return createFileTicketBackend({ root: store.root });
  if (store.kind === "naive") return new NaiveTicketBackend(store.root);
  // Loaded only here: the file contenders start without the PostgreSQL driver.
  const { createPostgresTicketBackend } = await import("@podkit/ticket-backend-postgres");
  const postgres = await createPostgresTicketBackend({
    url: store.url,
    schema: store.schema,
    pool: { max: 2 },
  });
  // Connected before `ready`: the race starts at `go`, not at the first connection.
  await postgres.now();
  return postgres;
}
