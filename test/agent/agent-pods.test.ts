import { afterEach, describe, expect, it } from "vitest";
import { parseUsageReport } from "../../packages/orchestrator-automation/src/index.js";
import {
  type AgentRepository,
  createAgentRepository,
  must,
  SCENARIO_TIMEOUT_MS,
} from "./agent-repository.js";
import { runPodkit } from "./podkit-run.js";
import { greetingCoder, greetingReviewer, NEVER_FINISHES } from "./scripts.js";

interface ShownEvent {
  readonly kind: string;
  readonly actor: string;
  readonly from?: string;
  readonly to?: string;
  readonly body?: string;
  readonly token?: number;
  readonly data?: { readonly verdict?: string; readonly details?: Record<string, unknown> };
}

async function historyOf(repository: AgentRepository, ticketId: string) {
  return repository.as("human", "alice", async (human) => {
    const shown = await must<{ ticket: { state: string }; history: { events: ShownEvent[] } }>(
      human,
      "ticket_show",
      {
        ticketId,
        historyLimit: 500,
        bodyLimit: 4_000,
      },
    );
    return { state: shown.ticket.state, events: shown.history.events };
  });
}

const orchestrateOnce = (repository: AgentRepository) =>
  runPodkit(["orchestrate", "--once", "--config", repository.configFile, "--agent", "orchestrator-agents"], {
    cwd: repository.directory,
  });

describe("podkit agent as the orchestrator's Pods", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let repository: AgentRepository | undefined;
  afterEach(() => repository?.remove());

  it("takes a ticket to done: the coder edits, tests, commits and reports; the reviewer reads the diff and approves", async () => {
    repository = createAgentRepository({ coder: greetingCoder("T-1"), reviewer: greetingReviewer("T-1") });
    const ticketId = await repository.queueTicket(
      "Greet the world",
      "Add greeting.txt and say so in the README.",
    );
    const run = await orchestrateOnce(repository);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const { state, events } = await historyOf(repository, ticketId);
    expect(state).toBe("done");
    const branch = events.findLast((event) => event.data?.details?.step === "worktree-created")?.data?.details
      ?.branch as string;
    expect(repository.git("log", "--format=%s", `main..${branch}`)).toBe("T-1: Greet the world");
    expect(repository.git("show", `${branch}:greeting.txt`)).toBe("Hello, world!");
    expect(repository.git("show", `${branch}:README.md`)).toContain("Greets the world: see greeting.txt.");
    expect(repository.git("log", "-1", "--format=%an <%ae>", branch)).toMatch(
      /^T-1-t\d+-coder-1 <T-1-t\d+-coder-1@podkit\.invalid>$/,
    );

    const review = events.find((event) => event.kind === "review");
    expect(review).toMatchObject({ data: { verdict: "approve" }, body: "greeting.txt added; approved." });
    expect(review?.actor).toMatch(/^reviewer\/T-1-t\d+-reviewer-1$/);
    const reports = events.flatMap((event) => {
      const report = parseUsageReport(event.body);
      return report === undefined ? [] : [report];
    });
    expect(reports.map(({ role, done, stopReason }) => ({ role, done, stopReason }))).toEqual([
      { role: "coder", done: true, stopReason: "finished" },
      { role: "reviewer", done: true, stopReason: "finished" },
    ]);
    for (const report of reports) {
      expect(report.model).toMatch(/^scripted:\/.*\.json$/);
      expect(report.totalTokens).toBe(report.inputTokens + report.outputTokens);
      expect(report.totalTokens).toBeGreaterThan(0);
    }
    expect(reports[0]).toMatchObject({ steps: 7, toolCalls: 7 });

    const coderPod = reports[0]?.podId ?? "";
    const log = repository.podLog(coderPod).lines;
    expect(log[0]).toMatchObject({ type: "agent-start", role: "coder", ticketId });
    expect(String(log[0]?.task)).toContain("# T-1: Greet the world");
    expect(String(log[0]?.instructions)).toContain("workspace_commit");
    const testRun = log.find((line) => line.type === "tool-call" && line.toolName === "workspace_run");
    expect(testRun).toMatchObject({
      result: { ok: true, output: { exitCode: 0, output: "check passed\n" } },
    });
    expect(log.at(-1)).toMatchObject({
      type: "agent-result",
      done: true,
      stopReason: "finished",
      usageRecorded: true,
    });
  });

  it("under auth: required each Pod runs on its own credential, bound to its attempt, and the ticket ends done", async () => {
    repository = createAgentRepository({
      coder: greetingCoder("T-1"),
      reviewer: greetingReviewer("T-1"),
      auth: "required",
    });
    const ticketId = await repository.queueTicket(
      "Greet the world",
      "Add greeting.txt and say so in the README.",
    );
    const run = await orchestrateOnce(repository);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const { state, events } = await historyOf(repository, ticketId);
    expect(state).toBe("done");
    const review = events.find((event) => event.kind === "review");
    expect(review?.actor).toMatch(/^reviewer\/T-1-t\d+-reviewer-1$/);
    // The review counts for the attempt the reviewer's credential names (its Pod id), as with auth off.
    expect(review?.token).toBe(events.find((event) => event.kind === "acceptance")?.token);
    const reports = events.flatMap((event) => {
      const report = parseUsageReport(event.body);
      return report === undefined ? [] : [report];
    });
    expect(reports.map(({ role, done }) => ({ role, done }))).toEqual([
      { role: "coder", done: true },
      { role: "reviewer", done: true },
    ]);
  });

  it("records a model that never finishes as a failure under the in-progress ticket, which is blocked, never queued", async () => {
    repository = createAgentRepository({
      coder: NEVER_FINISHES,
      coderLimits: { maxSteps: 4 },
      podRetries: 0,
    });
    const ticketId = await repository.queueTicket("Greet the world", "Add greeting.txt.");
    const run = await orchestrateOnce(repository);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const { state, events } = await historyOf(repository, ticketId);
    expect(state).toBe("blocked");
    const accepted = events.findIndex((event) => event.kind === "acceptance");
    const token = events[accepted]?.token;
    const failure = events.find((event) => event.kind === "failure");
    expect(failure).toMatchObject({
      token,
      data: { details: { step: "pod-exited", role: "coder", code: 1 } },
    });
    expect(events.slice(accepted).some((event) => event.to === "queued")).toBe(false);
    expect(events.findLast((event) => event.to !== undefined)).toMatchObject({
      from: "inprogress",
      to: "blocked",
    });
    expect(events.some((event) => event.data?.details?.role === "reviewer")).toBe(false);

    const report = events.map((event) => parseUsageReport(event.body)).find((found) => found !== undefined);
    expect(report).toMatchObject({ role: "coder", done: false, stopReason: "max_steps", steps: 4 });
    const podId = report?.podId ?? "";
    const log = repository.podLog(podId);
    expect(log.lines.filter((line) => line.type === "model-step")).toHaveLength(4);
    expect(log.lines.at(-1)).toMatchObject({ type: "agent-result", done: false, stopReason: "max_steps" });
    expect(log.text).toContain(
      "podkit agent: The coder's work is not done: no new commit on branch podkit/T-1-t",
    );
    expect(log.text).toContain("no report on T-1 after the last commit");
  });
});
