/**
 * One claimer process of `pnpm bench postgres`: opens the store (PostgreSQL or files), says
 * `ready`, waits for `go`, runs {@link claimTickets} and prints its report as one JSON line.
 */
import { readyThenWaitForGo } from "@podkit/harness/worker";
import { createPostgresTicketBackend } from "../packages/ticket-backend-postgres/src/index.js";
import {
  createFileTicketBackend,
  DEFAULT_TICKET_POLICY,
  type TicketBackend,
  TicketService,
} from "../packages/ticket-lifecycle/src/index.js";
import { claimTickets } from "./claim-loop.js";

export interface ClaimWorkerOptions {
  readonly store:
    | { readonly kind: "postgres"; readonly url: string; readonly schema: string }
    | { readonly kind: "file"; readonly root: string };
  readonly worker: number;
  readonly workers: number;
  readonly ticketIds: readonly string[];
}

const options = JSON.parse(process.argv[2] ?? "{}") as ClaimWorkerOptions;
const backend: TicketBackend =
  options.store.kind === "postgres"
    ? await createPostgresTicketBackend({
        url: options.store.url,
        schema: options.store.schema,
        pool: { max: 1 },
      })
    : createFileTicketBackend({ root: options.store.root });
await backend.now();
await readyThenWaitForGo();
const report = await claimTickets({
  service: new TicketService(backend, DEFAULT_TICKET_POLICY),
  ticketIds: options.ticketIds,
  worker: options.worker,
  workers: options.workers,
});
process.stdout.write(`${JSON.stringify(report)}\n`);
await backend.close();
process.exit(0);
