/**
 * One contender in the acceptance race: waits at the barrier, then tries to accept every ticket
 * in the same order as its rivals. After each call that returned a fresh acceptance it appends
 * one line to its own log — the external record of who believed they won.
 */
import fs from "node:fs";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import { TicketError } from "../../packages/ticket-lifecycle/src/domain/ticket-error.js";
import { DEFAULT_TICKET_POLICY } from "../../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../../packages/ticket-lifecycle/src/service/ticket-service.js";
import { NaiveTicketBackend } from "./naive-ticket-backend.js";
import { passBarrier } from "./process-harness.js";

export interface AcceptWorkerOptions {
  readonly root: string;
  readonly backend: "file" | "naive";
  readonly worker: number;
  readonly ticketIds: readonly string[];
  readonly barrier: string;
  readonly log: string;
  /** Where to append each call's latency in ms (the contended benchmark); none by default. */
  readonly latencies?: string;
}

const options = JSON.parse(process.argv[2] ?? "{}") as AcceptWorkerOptions;
const backend =
  options.backend === "file"
    ? createFileTicketBackend({ root: options.root })
    : new NaiveTicketBackend(options.root);
const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
const holder = `orchestrator-${options.worker}`;
const actor = { role: "orchestrator", agentId: holder };
const latencies: number[] = [];

await passBarrier(options.barrier, options.worker);
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
