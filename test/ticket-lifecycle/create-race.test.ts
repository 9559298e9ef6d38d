import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readLogLines, startTogether, startTsxWorker } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import type { CreateWorkerOptions } from "./create-worker.js";

const WORKERS = 4;
const CREATES = 40;
const WORKER_SCRIPT = path.join(import.meta.dirname, "create-worker.ts");

let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-create-race-"));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("ticket id allocation between processes", () => {
  it(`gives ${WORKERS} processes creating ${CREATES} tickets each distinct ids, T-1 upwards, and loses none`, async () => {
    const root = path.join(directory, "tickets");
    const backend = createFileTicketBackend({ root, createRoot: true });
    const logs = Array.from({ length: WORKERS }, (_, worker) =>
      path.join(directory, `created-${worker}.log`),
    );
    const workers = logs.map((log, worker) =>
      startTsxWorker(WORKER_SCRIPT, { root, worker, count: CREATES, log } satisfies CreateWorkerOptions, {
        stdin: "pipe",
      }),
    );
    await startTogether(workers);
    for (const worker of workers)
      expect({ exit: await worker.exited, stderr: worker.stderr() }).toEqual({
        exit: { code: 0, signal: null },
        stderr: "",
      });

    const created = logs.flatMap((log) =>
      readLogLines(log).map((line) => line.split("\t") as [string, string]),
    );
    const ids = created.map(([ticketId]) => ticketId);
    expect(new Set(ids).size).toBe(WORKERS * CREATES);
    expect(ids.map((ticketId) => Number(ticketId.slice(2))).sort((left, right) => left - right)).toEqual(
      Array.from({ length: WORKERS * CREATES }, (_, index) => index + 1),
    );
    for (const [ticketId, title] of created) expect((await backend.read(ticketId))?.ticket.title).toBe(title);
    // Interleaved, not one process after another: some process's ids are not one contiguous run.
    const runs = logs.map((log) => readLogLines(log).map((line) => Number(line.split("\t")[0]?.slice(2))));
    expect(
      runs.some((run) => run.some((id, index) => index > 0 && id !== (run[index - 1] as number) + 1)),
    ).toBe(true);
    expect(await backend.doctor()).toMatchObject({ ok: true, checkedTickets: WORKERS * CREATES });
  }, 120_000);
});
