/**
 * A writer the crash test kills with SIGKILL at a random moment: it loops forever, picking a
 * ticket and a command that is valid for its state, and after each call that returned a fresh
 * event it appends one JSON line to its own log — the external record of acknowledged writes.
 * Every command carries a unique marker, so the test can find each acknowledged write in history.
 */
import fs from "node:fs";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import type { Ticket } from "../../packages/ticket-lifecycle/src/domain/ticket.js";
import type { TicketCommand } from "../../packages/ticket-lifecycle/src/domain/ticket-command.js";
import { TicketError } from "../../packages/ticket-lifecycle/src/domain/ticket-error.js";
import { DEFAULT_TICKET_POLICY } from "../../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../../packages/ticket-lifecycle/src/service/ticket-service.js";

export interface CrashWriterOptions {
  readonly root: string;
  readonly ticketIds: readonly string[];
  readonly writer: number;
  readonly log: string;
}

/** One acknowledged write, as logged. */
export interface AcknowledgedWrite {
  readonly ticketId: string;
  readonly seq: number;
  readonly kind: string;
  readonly agentId: string;
  readonly marker: string;
}

/** Refusals a racing writer expects; anything else is a bug the test must see. */
const EXPECTED_CODES = new Set(["conflict", "lease_lost", "precondition_failed"]);

const options = JSON.parse(process.argv[2] ?? "{}") as CrashWriterOptions;
const service = new TicketService(createFileTicketBackend({ root: options.root }), DEFAULT_TICKET_POLICY);
const agentId = `writer-${options.writer}`;
const actor = { role: "orchestrator", agentId };
let counter = 0;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function commandFor(ticket: Ticket, marker: string): TicketCommand {
  if (Math.random() < 0.1) return { type: "comment", kind: "comment", body: marker };
  const token = ticket.lease?.token ?? 0;
  switch (ticket.state) {
    case "planning":
      return { type: "mark_ready", summary: marker };
    case "ready":
    case "blocked":
      return { type: "queue", reason: marker };
    case "queued":
      return { type: "accept", holder: agentId, requestId: marker, leaseMs: 60_000 };
    case "inprogress":
      return pick<TicketCommand>([
        { type: "report", kind: "progress", token, body: marker },
        { type: "report", kind: "progress", token, body: marker },
        { type: "defer", token, reason: marker },
        { type: "block", token, reason: marker },
      ]);
    default:
      return { type: "comment", kind: "comment", body: marker };
  }
}

function acknowledge(write: AcknowledgedWrite): void {
  fs.appendFileSync(options.log, `${JSON.stringify(write)}\n`);
  process.stdout.write("ack\n");
}

for (;;) {
  counter += 1;
  const marker = `${agentId}-${counter}`;
  try {
    if (Math.random() < 0.03) {
      const { ticket } = await service.create(actor, { title: marker });
      acknowledge({ ticketId: ticket.id, seq: 1, kind: "create", agentId, marker });
      continue;
    }
    const ticketId = pick(options.ticketIds);
    const { ticket } = await service.get(ticketId);
    const outcome = await service.execute(actor, ticketId, commandFor(ticket, marker), { gate: true });
    if (!outcome.repeated)
      acknowledge({ ticketId, seq: outcome.event.seq, kind: outcome.event.kind, agentId, marker });
  } catch (error) {
    if (!(TicketError.isInstance(error) && EXPECTED_CODES.has(error.code))) {
      process.stderr.write(
        `UNEXPECTED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    }
  }
}
