import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AcceptedPod, acceptForPod, ORCHESTRATOR } from "./accepted-pod.js";
import {
  type AgentRepository,
  createAgentRepository,
  must,
  SCENARIO_TIMEOUT_MS,
} from "./agent-repository.js";
import { runPodkit } from "./podkit-run.js";
import { NEVER_FINISHES } from "./scripts.js";

describe("podkit agent refuses to start, with exit 2 and nothing started", {
  timeout: SCENARIO_TIMEOUT_MS,
}, () => {
  let repository: AgentRepository | undefined;
  let scratch: string | undefined;
  afterEach(() => {
    repository?.remove();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  /** The ticket's history length: a refused start writes nothing to it. */
  const historyCount = (pod: AcceptedPod) =>
    (repository as AgentRepository).as("human", "alice", async (human) => {
      const shown = await must<{ history: { count: number } }>(human, "ticket_show", {
        ticketId: pod.ticketId,
      });
      return shown.history.count;
    });

  /** Runs the Pod with its `agents:` section replaced, and checks it starts nothing. */
  async function refusedWith(agents: Record<string, unknown>, env: Record<string, string> = {}) {
    const current = repository as AgentRepository;
    const pod = await acceptForPod(current, await current.queueTicket("Greet", "Add greeting.txt."));
    const config = JSON.parse(readFileSync(current.configFile, "utf8")) as Record<string, unknown>;
    writeFileSync(current.configFile, JSON.stringify({ ...config, agents }));
    const before = await historyCount(pod);
    const run = await runPodkit(["agent"], { cwd: pod.worktree, env: { ...pod.env, ...env } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe("");
    expect(await historyCount(pod)).toBe(before);
    return { stderr: run.stderr, pod };
  }

  it("for a role without an agent, naming the file and showing what to add", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const { stderr } = await refusedWith({
      reviewer: { model: "openai-compatible:x", baseURL: "http://127.0.0.1:9/v1" },
    });
    expect(stderr).toContain(
      `podkit: ${repository.configFile} names no agent for role 'coder'. Add one under agents:`,
    );
    expect(stderr).toContain("Roles with an agent: 'reviewer'.");
  });

  it("for an unknown provider, listing the known ones", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const { stderr } = await refusedWith({ coder: { model: "mystery:large" } });
    expect(stderr).toContain(
      `agents.coder in ${repository.configFile}: Unknown model provider 'mystery' in model 'mystery:large'. Allowed providers: 'openai', 'anthropic', 'openai-compatible', 'scripted'.`,
    );
  });

  it("for a missing API key, naming the variable", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const { stderr } = await refusedWith({
      coder: { model: "openai:gpt-5-mini", apiKeyEnv: "PODKIT_TEST_ABSENT_KEY" },
    });
    expect(stderr).toContain(
      "needs an API key in the environment variable 'PODKIT_TEST_ABSENT_KEY', which is not set",
    );
  });

  it("for a script it cannot read", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const missing = join(repository.directory, "no-such-script.json");
    const { stderr } = await refusedWith({ coder: { model: `scripted:${missing}` } });
    expect(stderr).toContain(`Cannot read the model script '${missing}'`);
  });

  it("in a checkout of the base branch, where its commits would land on main", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const pod = await acceptForPod(repository, await repository.queueTicket("Greet", "Add greeting.txt."));
    const before = await historyCount(pod);
    const head = repository.git("rev-parse", "main");
    const run = await runPodkit(["agent"], { cwd: repository.directory, env: pod.env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `The Pod cannot start in ${repository.directory}; nothing was started: its HEAD is 'main', the base branch`,
    );
    expect(repository.git("rev-parse", "main")).toBe(head);
    expect(await historyCount(pod)).toBe(before);
  });

  it("on a ticket that is not in progress, even without a lease token to check (exit 1)", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const pod = await acceptForPod(repository, await repository.queueTicket("Greet", "Add greeting.txt."));
    await repository.as("orchestrator", ORCHESTRATOR, (orchestrator) =>
      must(orchestrator, "ticket_block", { ticketId: pod.ticketId, token: pod.token, reason: "Held." }),
    );
    const before = await historyCount(pod);
    const { PODKIT_LEASE_TOKEN: _token, ...withoutToken } = pod.env;
    const run = await runPodkit(["agent"], { cwd: pod.worktree, env: withoutToken });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `podkit agent: nothing started: ticket ${pod.ticketId} is 'blocked', not in progress`,
    );
    expect(await historyCount(pod)).toBe(before);
  });

  it("outside a git worktree, and without a ticket", async () => {
    repository = createAgentRepository({ coder: NEVER_FINISHES });
    const pod = await acceptForPod(repository, await repository.queueTicket("Greet", "Add greeting.txt."));
    scratch = realpathSync(mkdtempSync(join(tmpdir(), "podkit-agent-plain-")));
    const outside = await runPodkit(["agent"], { cwd: scratch, env: pod.env });
    expect(outside.code, outside.stderr).toBe(2);
    expect(outside.stdout).toBe("");
    expect(outside.stderr).toContain("The Pod cannot start");
    expect(outside.stderr).toMatch(/workspace: .*not .*git/);
    const { PODKIT_TICKET_ID: _ticket, ...withoutTicket } = pod.env;
    const noTicket = await runPodkit(["agent"], { cwd: pod.worktree, env: withoutTicket });
    expect(noTicket.code).toBe(2);
    expect(noTicket.stderr).toContain("podkit agent works on one ticket: set PODKIT_TICKET_ID");
  });
});
