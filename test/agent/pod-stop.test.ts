import { killProcess, type RunningProcess, waitUntil } from "@podkit/harness";
import { afterEach, describe, expect, it } from "vitest";
import { parseUsageReport } from "../../packages/orchestrator-automation/src/index.js";
import { acceptForPod, ORCHESTRATOR } from "./accepted-pod.js";
import {
  type AgentRepository,
  createAgentRepository,
  must,
  SCENARIO_TIMEOUT_MS,
} from "./agent-repository.js";
import { startPodkit } from "./podkit-run.js";
import { NEVER_FINISHES } from "./scripts.js";

/** The JSON lines a Pod has written to stdout so far. */
function logLines(pod: RunningProcess): Record<string, unknown>[] {
  return pod
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const modelSteps = (pod: RunningProcess) => logLines(pod).filter((line) => line.type === "model-step").length;

describe("podkit agent stops its model", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let repository: AgentRepository | undefined;
  let pod: RunningProcess | undefined;
  afterEach(() => {
    killProcess(pod);
    repository?.remove();
  });

  async function startNeverFinishing() {
    repository = createAgentRepository({ coder: NEVER_FINISHES, coderLimits: { maxSteps: 10_000 } });
    const accepted = await acceptForPod(
      repository,
      await repository.queueTicket("Greet", "Add greeting.txt."),
    );
    pod = startPodkit(["agent"], { cwd: accepted.worktree, env: accepted.env });
    const running = pod;
    await waitUntil("three model steps", () => (modelSteps(running) >= 3 ? true : undefined), {
      while: [running],
      timeoutMs: SCENARIO_TIMEOUT_MS / 2,
    });
    return { repository, accepted, pod: running };
  }

  it("when the orchestrator signals it (SIGTERM): the run is aborted, reported, and the Pod exits 1", async () => {
    const { repository, accepted, pod } = await startNeverFinishing();
    pod.child.kill("SIGTERM");
    const exit = await pod.exited;
    expect({ code: exit.code, signal: exit.signal }, pod.stderr()).toEqual({ code: 1, signal: null });
    const last = logLines(pod).at(-1);
    expect(last).toMatchObject({
      type: "agent-result",
      stopReason: "aborted",
      done: false,
      usageRecorded: true,
    });
    expect(String(last?.detail)).toContain("SIGTERM: the Pod was told to stop");
    expect(pod.stderr()).toContain("podkit agent: The run was stopped before the work counted.");
    const report = await repository.as("human", "alice", async (human) => {
      const shown = await must<{ history: { events: { body?: string }[] } }>(human, "ticket_show", {
        ticketId: accepted.ticketId,
        bodyLimit: 4_000,
      });
      return shown.history.events
        .map((event) => parseUsageReport(event.body))
        .find((found) => found !== undefined);
    });
    expect(report).toMatchObject({
      podId: accepted.podId,
      role: "coder",
      stopReason: "aborted",
      done: false,
    });
  });

  it("when it finds the ticket's lease lost between steps, with no signal", async () => {
    const { repository, accepted, pod } = await startNeverFinishing();
    await repository.as("orchestrator", ORCHESTRATOR, (orchestrator) =>
      must(orchestrator, "ticket_block", {
        ticketId: accepted.ticketId,
        token: accepted.token,
        reason: "Blocked by the test while the Pod runs.",
      }),
    );
    const exit = await pod.exited;
    expect(exit.code, pod.stderr()).toBe(1);
    expect(logLines(pod).at(-1)).toMatchObject({ type: "agent-result", stopReason: "aborted", done: false });
    expect(pod.stderr()).toContain(
      `Aborted: lease lost: ticket ${accepted.ticketId} is 'blocked' now, no longer in progress`,
    );
  });

  it("before starting it, when the lease is already lost: nothing runs", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const accepted = await acceptForPod(
      repository,
      await repository.queueTicket("Greet", "Add greeting.txt."),
    );
    const run = startPodkit(["agent"], {
      cwd: accepted.worktree,
      env: { ...accepted.env, PODKIT_LEASE_TOKEN: String(accepted.token + 1) },
    });
    pod = run;
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.stdout()).toBe("");
    // A Pod is shown the live token only when it belongs to its own attempt; else the lease it sees has none.
    const held = ` is held under token ${accepted.token} now, not ${accepted.token + 1}`;
    const hidden = `'s lease is no longer the attempt (token ${accepted.token + 1}) this Pod was launched for`;
    expect(
      [`${held}.\n`, `${hidden}.\n`].map(
        (reason) => `podkit agent: nothing started: ticket ${accepted.ticketId}${reason}`,
      ),
    ).toContain(run.stderr());
  });
});
