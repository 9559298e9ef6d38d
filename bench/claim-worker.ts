/**
 * One of the claimers of `pnpm bench postgres`: opens the store (PostgreSQL or files), says
 * `ready`, waits for `go`, then accepts queued tickets starting at its own offset in the shared
 * list and going round, until it meets a run of tickets others have claimed. Prints one JSON line:
 * `{ claimed, lost, startedAt, endedAt }` (epoch milliseconds with fractions).
 */
import {
  createFileTicketBackend,
  DEFAULT_TICKET_POLICY,
  type TicketBackend,
  TicketError,
  TicketService,
} from "../packages/ticket-lifecycle/src/index.js";
import { createPostgresTicketBackend } from "../packages/ticket-store-postgres/src/index.js";
import { waitForGo } from "../test/postgres/processes.js";

export interface ClaimWorkerOptions {
  readonly store:
    | { readonly kind: "postgres"; readonly url: string; readonly schema: string }
    | { readonly kind: "file"; readonly root: string };
  readonly worker: number;
  readonly workers: number;
  readonly ticketIds: readonly string[];
}

/** Consecutive tickets found taken after which a claimer stops: it has run into another's share. */
const GIVE_UP_AFTER = 50;

const options = JSON.parse(process.argv[2] ?? "{}") as ClaimWorkerOptions;
const backend: TicketBackend =
  options.store.kind === "postgres"
    ? await createPostgresTicketBackend({
        url: options.store.url,
        schema: options.store.schema,
        pool: { max: 2 },
      })
    : createFileTicketBackend({ root: options.store.root });
const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
const holder = `claimer-${options.worker}`;
const actor = { role: "orchestrator", agentId: holder };
await backend.now();
process.stdout.write("ready\n");
await waitForGo();
const { ticketIds } = options;
const offset = Math.floor((options.worker * ticketIds.length) / options.workers);
let claimed = 0;
let lost = 0;
let takenInARow = 0;
const startedAt = performance.timeOrigin + performance.now();
for (let step = 0; step < ticketIds.length && takenInARow < GIVE_UP_AFTER; step += 1) {
  const ticketId = ticketIds[(offset + step) % ticketIds.length] as string;
  try {
    await service.execute(actor, ticketId, {
      type: "accept",
      holder,
      requestId: `${holder}:${ticketId}`,
      leaseMs: 600_000,
    });
    claimed += 1;
    takenInARow = 0;
  } catch (error) {
    if (!(error instanceof TicketError && error.code === "conflict")) throw error;
    lost += 1;
    takenInARow += 1;
  }
}
const endedAt = performance.timeOrigin + performance.now();
process.stdout.write(`${JSON.stringify({ claimed, lost, startedAt, endedAt })}\n`);
await backend.close();
process.exit(0);
