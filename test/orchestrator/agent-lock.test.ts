import { hostname } from "node:os";
import { exitWithin, killProcess, processOutput, stopProcess } from "@podkit/harness";
import { describe, expect, it } from "vitest";
import { acceptanceTokens, historyProblems } from "./history-problems.js";
import { runPodkit } from "./orchestrator-processes.js";
import { useOrchestratorScenarios } from "./orchestrator-repository.js";

/** Bounds a hang only: a few real processes start from TypeScript sources. */
const TEST_TIMEOUT_MS = 240_000;
const AGENT = "orchestrator-shared";

const openScenario = useOrchestratorScenarios(TEST_TIMEOUT_MS);

describe("podkit orchestrate under one agent id", () => {
  it(
    "refuses a second live process under the id the first holds, with a clear message; a restart after a crash takes the id over",
    async () => {
      const scenario = await openScenario({ reconcileIntervalMs: 300, concurrency: 1 });
      const { desk } = scenario;
      const first = scenario.start({ agent: AGENT });
      await scenario.waitFor(
        "the first orchestrator to route",
        () => (first.stdout().includes("routing") ? true : undefined),
        { while: [first], wakeOn: [processOutput(first)] },
      );

      const second = scenario.start({ agent: AGENT });
      expect(await exitWithin(second, 120_000)).toEqual({ code: 1, signal: null });
      expect(second.stderr()).toEqual(
        expect.stringContaining(`podkit: Another orchestrator (pid ${first.pid}) is running as '${AGENT}'`),
      );
      expect(second.stdout()).not.toContain("routing");

      // The first one goes on alone: a ticket queued now is accepted once, by it, and done.
      const [ticketId = ""] = await scenario.queueNew(["one driver only"]);
      const done = await scenario.waitFor(
        "the first orchestrator to finish the ticket",
        async () => {
          const shown = await desk.show(ticketId);
          return shown.state === "done" ? shown : undefined;
        },
        { tickets: [ticketId], while: [first] },
      );
      expect(acceptanceTokens(done)).toHaveLength(1);
      expect(historyProblems(done)).toEqual([]);

      // Killed, it leaves its lock behind; a restart under the same id takes it over.
      killProcess(first);
      await first.exited;
      const restarted = scenario.start({ agent: AGENT });
      // It routes: a ticket queued now is done (by then its SIGTERM handler is in place, too).
      const [next = ""] = await scenario.queueNew(["after the restart"]);
      const finished = await scenario.waitFor(
        "the restarted orchestrator to finish a ticket",
        async () => {
          const shown = await desk.show(next);
          return shown.state === "done" ? shown : undefined;
        },
        { tickets: [next], while: [restarted] },
      );
      expect(finished.events.find((event) => event.kind === "acceptance")?.actor).toBe(
        `orchestrator/${AGENT}`,
      );
      expect(await stopProcess(restarted)).toEqual({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "stops cleanly on a SIGTERM sent the moment it says it is routing (it listens before it says so)",
    async () => {
      const scenario = await openScenario();
      const run = scenario.start({ agent: AGENT });
      await scenario.waitFor(
        "the orchestrator to say it is routing",
        () => (run.stdout().includes("routing") ? true : undefined),
        { while: [run], wakeOn: [processOutput(run)] },
      );
      expect(await stopProcess(run)).toEqual({ code: 0, signal: null });
      expect(run.stdout()).toContain("stopping: no new tickets are accepted");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "names the host and the repository in its default id",
    async () => {
      const scenario = await openScenario();
      const run = await runPodkit(["orchestrate", "--once", "--config", scenario.repository.configFile]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `orchestrator orchestrator@${hostname()}:${scenario.repository.directory} routing queued tickets (once)`,
      );
    },
    TEST_TIMEOUT_MS,
  );
});
