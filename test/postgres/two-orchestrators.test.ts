import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  PODKIT_BIN,
  type ReportedTicket,
  type RunningProcess,
  readLogLines,
  reportTickets,
  startTsxWorker,
  waitForLine,
  waitUntil,
} from "@podkit/harness";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  createPostgresTicketBackend,
  type PostgresTicketBackend,
} from "../../packages/ticket-backend-postgres/src/index.js";
import {
  describeWithPostgres,
  dropSchema,
  TEST_PG_URL,
  uniqueSchema,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import {
  DEFAULT_TICKET_POLICY,
  type TicketRecord,
  TicketService,
} from "../../packages/ticket-lifecycle/src/index.js";
import type { OrchestratorProcessOptions } from "./fixtures/orchestrator-process.js";

const TICKETS = 6;
const AGENTS = ["orch-a", "orch-b"];
const SCRIPT = path.join(import.meta.dirname, "fixtures/orchestrator-process.ts");
const FIXTURES = path.join(import.meta.dirname, "fixtures");
/** Bounds a hang only: every reviewer Pod starts the CLI from TypeScript sources. */
const TEST_TIMEOUT_MS = 240_000;

/** A stored ticket as failure messages show it. */
function reportable(record: TicketRecord | undefined): ReportedTicket | undefined {
  return record === undefined
    ? undefined
    : { id: record.ticket.id, state: record.ticket.state, lease: record.ticket.lease, events: record.events };
}

describeWithPostgres("two orchestrator processes on one PostgreSQL queue", () => {
  let repository: string;
  let schema: string;
  let backend: PostgresTicketBackend;
  const processes: RunningProcess[] = [];

  beforeEach(async () => {
    repository = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "podkit-pg-orchestrators-")));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repository, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "root");
    schema = uniqueSchema("podkit_orch");
    const launchLog = path.join(repository, "launches.log");
    const command = (...args: string[]) => `[${args.map((arg) => JSON.stringify(arg)).join(", ")}]`;
    fs.writeFileSync(
      path.join(repository, "podkit.config.yaml"),
      [
        "backend:",
        "  kind: postgres",
        `  schema: ${schema}`,
        "orchestrator:",
        "  concurrency: 2",
        "  leaseMs: 30000",
        // Ten minutes: what gets routed in time was woken by ticket-changed from watch(), not by the periodic scan.
        "  reconcileIntervalMs: 600000",
        "  pods:",
        "    coder:",
        `      command: ${command("/bin/sh", path.join(FIXTURES, "coder-pod.sh"), launchLog)}`,
        "      timeoutMs: 60000",
        "    reviewer:",
        `      command: ${command("/bin/sh", path.join(FIXTURES, "reviewer-pod.sh"), launchLog, process.execPath, PODKIT_BIN)}`,
        "      timeoutMs: 180000",
        "",
      ].join("\n"),
    );
    backend = await createPostgresTicketBackend({ url: TEST_PG_URL, schema });
  });

  afterEach(async () => {
    for (const worker of processes.splice(0)) worker.child.kill("SIGKILL");
    await backend.close();
    await dropSchema(schema);
    fs.rmSync(repository, { recursive: true, force: true });
  });

  it(
    "routes tickets queued after they started, woken through the backend's watch (NOTIFY): each accepted once, its Pods launched once, the review recorded through podkit call",
    async () => {
      const orchestrators = AGENTS.map((agent) =>
        startTsxWorker(SCRIPT, {
          configFile: path.join(repository, "podkit.config.yaml"),
          agent,
        } satisfies OrchestratorProcessOptions),
      );
      processes.push(...orchestrators);
      await Promise.all(orchestrators.map((worker) => waitForLine(worker, "routing", TEST_TIMEOUT_MS)));

      const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
      const human = { role: "human", agentId: "alice" };
      const ticketIds: string[] = [];
      for (let index = 0; index < TICKETS; index += 1) {
        const { ticket } = await service.create(human, { title: `Shared queue ${index + 1}` });
        await service.execute(human, ticket.id, { type: "mark_ready", summary: "Small and clear." });
        await service.execute(human, ticket.id, { type: "queue" }, { gate: true });
        ticketIds.push(ticket.id);
      }
      // Looks again on every change the store reports; the failure message shows each ticket's state and last events.
      await waitUntil(
        `${TICKETS} tickets done`,
        async () => {
          const { tickets } = await backend.list({ states: ["done"] });
          return tickets.length === TICKETS ? true : undefined;
        },
        {
          wakeOn: [(wake) => backend.watch(wake)],
          while: orchestrators,
          timeoutMs: TEST_TIMEOUT_MS - 60_000,
          explain: () =>
            reportTickets(ticketIds, async (ticketId) => reportable(await backend.read(ticketId))),
        },
      );
      for (const worker of orchestrators) expect(worker.stderr()).toBe("");
      for (const worker of orchestrators) worker.child.kill("SIGTERM");
      for (const worker of orchestrators) {
        expect({ exit: await worker.exited, stderr: worker.stderr() }).toEqual({
          exit: { code: 0, signal: null },
          stderr: "",
        });
      }

      const claims = orchestrators.flatMap((worker, index) =>
        worker
          .stdout()
          .split("\n")
          .filter((line) => line.startsWith("accepted "))
          .map((line) => {
            const [, ticketId, token] = line.split(" ");
            return { ticketId, token: Number(token), agent: AGENTS[index] };
          }),
      );
      const launches = readLogLines(path.join(repository, "launches.log"));
      for (const ticketId of ticketIds) {
        const record = await backend.read(ticketId);
        const acceptances = record?.events.filter((event) => event.kind === "acceptance") ?? [];
        const claimed = claims.filter((claim) => claim.ticketId === ticketId);
        expect({
          ticketId,
          acceptances: acceptances.map((event) => [event.data?.holder, event.token]),
        }).toEqual({
          ticketId,
          acceptances: claimed.map((claim) => [claim.agent, claim.token]),
        });
        expect(claimed).toHaveLength(1);
        const token = claimed[0]?.token;
        expect(launches.filter((line) => line.startsWith(`${ticketId}-t`))).toEqual([
          `${ticketId}-t${token}-coder-1 coder`,
          `${ticketId}-t${token}-reviewer-1 reviewer`,
        ]);
        expect(record?.ticket.reviews).toEqual([
          expect.objectContaining({ verdict: "approve", by: `${ticketId}-t${token}-reviewer-1`, token }),
        ]);
      }
      // Both processes won tickets: two at a time each, while the reviewer Pods take seconds.
      expect(new Set(claims.map((claim) => claim.agent))).toEqual(new Set(AGENTS));
      expect((await backend.doctor()).problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
