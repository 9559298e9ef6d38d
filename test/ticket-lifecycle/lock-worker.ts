/**
 * One of several processes sharing a store lock: says `ready`, waits for `go`, then `rounds`
 * times takes the lock (asking again until it is free), logs `enter`, increments a counter file
 * by read-then-write (an update another holder inside at the same time would lose), logs `exit`
 * and releases the lock.
 */
import fs from "node:fs";
import { readyThenWaitForGo } from "@podkit/harness/worker";
import { createPostgresTicketBackend } from "../../packages/ticket-backend-postgres/src/create-postgres-ticket-backend.js";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import type { TicketBackend } from "../../packages/ticket-lifecycle/src/backend/ticket-backend.js";

export interface LockWorkerOptions {
  readonly store:
    | { readonly kind: "file"; readonly root: string }
    | { readonly kind: "postgres"; readonly url: string; readonly schema: string };
  readonly worker: number;
  readonly rounds: number;
  readonly log: string;
  readonly counter: string;
}

const options = JSON.parse(process.argv[2] ?? "{}") as LockWorkerOptions;
const backend: TicketBackend =
  options.store.kind === "file"
    ? createFileTicketBackend({ root: options.store.root })
    : await createPostgresTicketBackend({ url: options.store.url, schema: options.store.schema });
const holder = `orchestrator-${options.worker}`;

await readyThenWaitForGo();
for (let round = 1; round <= options.rounds; round += 1) {
  while (!(await backend.acquireLock({ name: "merge-queue", holder, ttlMs: 60_000 })).acquired)
    await new Promise((resolve) => setTimeout(resolve, 2));
  fs.appendFileSync(options.log, `enter ${holder}\n`);
  const count = Number(fs.readFileSync(options.counter, "utf8"));
  await new Promise((resolve) => setImmediate(resolve));
  fs.writeFileSync(options.counter, String(count + 1));
  fs.appendFileSync(options.log, `exit ${holder}\n`);
  if (!(await backend.releaseLock({ name: "merge-queue", holder })))
    throw new Error(`${holder} lost the lock`);
}
await backend.close();
