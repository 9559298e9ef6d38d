import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readLogLines, startTogether, startTsxWorker } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeWithPostgres,
  dropSchema,
  openTestBackend,
  TEST_PG_URL,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import type { LockWorkerOptions } from "./lock-worker.js";

const WORKERS = 4;
const ROUNDS = 10;
const WORKER_SCRIPT = path.join(import.meta.dirname, "lock-worker.ts");

let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-store-lock-"));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Runs the workers on `store` and checks that holders never overlapped and no update was lost. */
async function raceForTheLock(store: LockWorkerOptions["store"]): Promise<void> {
  const log = path.join(directory, "lock.log");
  const counter = path.join(directory, "counter");
  fs.writeFileSync(counter, "0");
  const workers = Array.from({ length: WORKERS }, (_, worker) =>
    startTsxWorker(
      WORKER_SCRIPT,
      { store, worker, rounds: ROUNDS, log, counter } satisfies LockWorkerOptions,
      {
        stdin: "pipe",
      },
    ),
  );
  await startTogether(workers);
  for (const worker of workers)
    expect({ exit: await worker.exited, stderr: worker.stderr() }).toEqual({
      exit: { code: 0, signal: null },
      stderr: "",
    });
  const lines = readLogLines(log);
  expect(lines).toHaveLength(2 * WORKERS * ROUNDS);
  // Inside the lock one holder at a time: every `enter` is followed by that holder's own `exit`.
  for (let index = 0; index < lines.length; index += 2) {
    const holder = lines[index]?.replace(/^enter /, "");
    expect([lines[index], lines[index + 1]]).toEqual([`enter ${holder}`, `exit ${holder}`]);
  }
  expect(Number(fs.readFileSync(counter, "utf8"))).toBe(WORKERS * ROUNDS);
  // Taken in turns, not one process after another.
  const holders = lines.filter((line) => line.startsWith("enter ")).map((line) => line.slice(6));
  expect(
    holders.some((holder, index) => index > 0 && holder !== holders[index - 1] && index % ROUNDS !== 0),
  ).toBe(true);
}

describe("a store lock between processes", () => {
  it(`lets ${WORKERS} processes on one file store in one at a time`, async () => {
    const root = path.join(directory, "tickets");
    fs.mkdirSync(root);
    await raceForTheLock({ kind: "file", root });
  }, 120_000);
});

describeWithPostgres("a store lock between processes on PostgreSQL", () => {
  it(`lets ${WORKERS} processes on one schema in one at a time`, async () => {
    const { schema, backend } = await openTestBackend();
    await backend.close();
    try {
      await raceForTheLock({ kind: "postgres", url: TEST_PG_URL, schema });
    } finally {
      await dropSchema(schema);
    }
  }, 120_000);
});
