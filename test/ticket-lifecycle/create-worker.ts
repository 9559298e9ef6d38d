/**
 * One of several processes creating tickets at once: says `ready`, waits for `go`, creates `count`
 * tickets titled `<worker>-<n>`, and logs each id it was given after the call returned.
 */
import fs from "node:fs";
import { readyThenWaitForGo } from "@podkit/harness/worker";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import { DEFAULT_TICKET_POLICY } from "../../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../../packages/ticket-lifecycle/src/service/ticket-service.js";

export interface CreateWorkerOptions {
  readonly root: string;
  readonly worker: number;
  readonly count: number;
  readonly log: string;
}

const options = JSON.parse(process.argv[2] ?? "{}") as CreateWorkerOptions;
const service = new TicketService(createFileTicketBackend({ root: options.root }), DEFAULT_TICKET_POLICY);
const actor = { role: "intake", agentId: `intake-${options.worker}` };

await readyThenWaitForGo();
for (let index = 1; index <= options.count; index += 1) {
  const title = `${options.worker}-${index}`;
  const { ticket } = await service.create(actor, { title });
  fs.appendFileSync(options.log, `${ticket.id}\t${title}\n`);
}
