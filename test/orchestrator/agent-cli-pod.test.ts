import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PODKIT_BIN, REPO_ROOT } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runPodkit, singleJson } from "../cli/run-podkit.js";
import { initPodkitRepository } from "./orchestrator-repository.js";

/** Real processes on a busy machine: this bounds a hang, it asserts nothing about speed. */
const TIMEOUT_MS = 300_000;
const FAKE_AGENT = join(REPO_ROOT, "test/orchestrator/fixtures/fake-agent-cli.mjs");

/** What the fake agent CLI recorded (see fixtures/fake-agent-cli.mjs). */
interface AgentReport {
  readonly args: Record<string, string>;
  readonly cwd: string;
  readonly env: {
    promptFile: string | null;
    mcpConfig: string | null;
    hasToken: boolean;
    token: string | null;
    leaseToken: string | null;
    podkitNames: string[];
  };
  readonly prompt?: string;
  readonly fileModes?: { prompt: number; mcpConfig: number };
  readonly mcpServer?: { command: string; args: string[]; envNames: string[] };
  readonly tools?: string[];
  readonly ownTicket?: { isError: boolean; state: string | null };
  readonly otherTicket?: Record<"show" | "comment", { isError: boolean; text: string }>;
  readonly commit?: string;
  readonly branch?: string;
  readonly comment?: { isError: boolean };
  readonly review?: { isError: boolean };
  readonly attack?: {
    asOrchestrator: { status: number; code: string | null; ok: boolean | null };
    asOrchestratorWithoutToken: { status: number; code: string | null; ok: boolean | null };
    asItself: { status: number; code: string | null; ok: boolean | null };
    seqBefore: number | null;
    writtenSince: { kind: string; actor: string }[];
  };
  readonly error?: string;
}

describe("an agent CLI as a Pod, through a command template", { timeout: TIMEOUT_MS }, () => {
  let base: string;
  let repository: string;
  let reports: string;
  const podkit = (args: string[], env: Record<string, string> = {}) =>
    runPodkit(args, { cwd: repository, env });

  const token = async (role: string, agent: string): Promise<string> => {
    const created = await podkit(["token", "create", "--role", role, "--agent", agent]);
    expect(created.code, created.stderr).toBe(0);
    return created.stdout.trim();
  };

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), "podkit-agent-cli-")));
    repository = join(base, "repository");
    reports = join(base, "reports");
    initPodkitRepository(repository);
    mkdirSync(reports);
    // Argv with placeholders, as a recipe for a real agent CLI would be: no shell anywhere.
    const agentCommand = [
      process.execPath,
      FAKE_AGENT,
      "--prompt",
      "{promptFile}",
      "--mcp-config",
      "{mcpConfig}",
      "--role",
      "{role}",
      "--ticket",
      "{ticketId}",
      "--worktree",
      "{worktree}",
      "--branch",
      "{branch}",
      "--other-ticket",
      "T-2",
      "--report-dir",
      reports,
      "--node",
      process.execPath,
      "--podkit",
      PODKIT_BIN,
    ];
    const config = {
      auth: "required",
      backend: { kind: "file", root: ".podkit/tickets" },
      orchestrator: {
        concurrency: 1,
        leaseMs: 30_000,
        baseBranch: "main",
        onApproved: "merge",
        reconcileIntervalMs: 500,
        maxReviewRounds: 1,
        podRetries: 0,
        pods: {
          coder: { command: agentCommand, timeoutMs: 120_000 },
          reviewer: { command: agentCommand, timeoutMs: 120_000 },
        },
      },
    };
    writeFileSync(join(repository, "podkit.config.yaml"), `${JSON.stringify(config, null, 2)}\n`);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("gives each Pod its prompt and MCP config, only its role's tools on its ticket, its own credential; the ticket ends done and its change is merged into main", async () => {
    const human = await token("human", "alice");
    const intake = await token("intake", "intake-1");
    for (const title of ["Add the agent CLI file", "Someone else's ticket"])
      expect((await podkit(["ticket", "create", title])).code).toBe(0);
    const ready = await podkit(
      [
        "call",
        "--tool",
        "ticket_mark_ready",
        "--input",
        JSON.stringify({ ticketId: "T-1", summary: "Add agent-cli-T-1.txt and commit it." }),
      ],
      { PODKIT_TOKEN: intake },
    );
    expect(singleJson(ready).ok, ready.stdout).toBe(true);
    expect((await podkit(["ticket", "queue", "T-1"])).code).toBe(0);

    // The orchestrator's own PODKIT_* variables (a human's token among them) must not reach its Pods.
    const run = await podkit(["orchestrate", "--once", "--agent", "orchestrator-agent-cli"], {
      PODKIT_TOKEN: human,
      PODKIT_LEAK_CHECK: "the orchestrator's own",
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const show = await podkit(
      ["call", "--tool", "ticket_show", "--input", JSON.stringify({ ticketId: "T-1", historyLimit: 200 })],
      { PODKIT_TOKEN: human },
    );
    const shown = singleJson(show).output as {
      ticket: { state: string };
      history: {
        events: {
          kind: string;
          actor: string;
          data?: { verdict?: string; details?: { step?: string; commit?: string } };
        }[];
      };
    };
    const ticket = { state: shown.ticket.state, events: shown.history.events };
    expect(ticket.state, JSON.stringify(ticket.events.slice(-8), null, 2)).toBe("done");

    const runDir = join(repository, ".podkit", "run");
    const reportFiles = readdirSync(reports).sort();
    expect(reportFiles).toHaveLength(2);
    const read = (role: string): AgentReport =>
      JSON.parse(
        readFileSync(
          join(reports, reportFiles.find((name) => name.includes(`-${role}-`)) ?? "missing"),
          "utf8",
        ),
      ) as AgentReport;
    const coder = read("coder");
    const reviewer = read("reviewer");
    for (const [role, report] of [
      ["coder", coder],
      ["reviewer", reviewer],
    ] as const) {
      expect(report.error, report.error).toBeUndefined();
      const podId = reportFiles.find((name) => name.includes(`-${role}-`))?.replace(/\.json$/, "") ?? "";
      // The template's placeholders became the Pod's own paths and names, as separate argv elements.
      expect(report.args).toMatchObject({
        prompt: join(runDir, `${podId}.prompt.md`),
        "mcp-config": join(runDir, `${podId}.mcp.json`),
        role,
        ticket: "T-1",
        branch: expect.stringMatching(/^podkit\/T-1-t\d+$/),
      });
      expect(report.args.worktree).toBe(report.cwd);
      expect(report.env.promptFile).toBe(report.args.prompt);
      expect(report.env.mcpConfig).toBe(report.args["mcp-config"]);
      expect(report.fileModes).toEqual({ prompt: 0o600, mcpConfig: 0o600 });
      // The prompt: the role's instructions, then the ticket.
      expect(report.prompt).toContain("# T-1: Add the agent CLI file");
      expect(report.prompt).toContain("Add agent-cli-T-1.txt and commit it.");
      expect(report.prompt?.indexOf("# T-1:")).toBeGreaterThan(0);
      // `podkit mcp` fixed to the Pod's role, agent id and ticket.
      expect(report.mcpServer?.command).toBe(process.execPath);
      expect(report.mcpServer?.args.slice(-6)).toEqual(["--role", role, "--agent", podId, "--ticket", "T-1"]);
      expect(report.mcpServer?.envNames).toContain("PODKIT_TOKEN");
      // Its own credential, never the lease token, and nothing of the orchestrator's environment.
      expect(report.env.hasToken).toBe(true);
      expect(report.env.token).not.toBe(human);
      expect(report.env.leaseToken).toBeNull();
      expect(report.env.podkitNames).not.toContain("PODKIT_LEAK_CHECK");
      expect(report.env.podkitNames).not.toContain("PODKIT_LEASE_TOKEN");
      // Scope held by the server: the other ticket is out of reach.
      expect(report.ownTicket).toEqual({ isError: false, state: "inprogress" });
      expect(report.otherTicket?.show.isError).toBe(true);
      expect(report.otherTicket?.comment.isError).toBe(true);
      expect(report.otherTicket?.comment.text).toContain("out_of_scope");
    }
    expect(coder.tools).toEqual(["ticket_comment", "ticket_show"]);
    expect(reviewer.tools).toEqual(["ticket_comment", "ticket_review", "ticket_show"]);
    expect(coder.comment?.isError).toBe(false);
    expect(reviewer.review?.isError).toBe(false);
    expect(coder.env.token).not.toBe(reviewer.env.token);

    // The attack of issue 12: the coder completing its own ticket as the orchestrator is refused, nothing written.
    expect(coder.attack?.asOrchestrator).toMatchObject({ status: 1, ok: false, code: "identity_mismatch" });
    expect(coder.attack?.asOrchestratorWithoutToken).toMatchObject({
      status: 1,
      ok: false,
      code: "unauthorized",
    });
    expect(coder.attack?.asItself).toMatchObject({ status: 1, ok: false, code: "unknown_tool" });
    expect(coder.attack?.seqBefore).toEqual(expect.any(Number));
    for (const written of coder.attack?.writtenSince ?? []) expect(written.actor).toMatch(/^orchestrator\//);
    expect(JSON.stringify(ticket.events)).not.toContain("trust me");
    expect(
      ticket.events.filter((event) => event.kind === "review").map((event) => event.data?.verdict),
    ).toEqual(["approve"]);

    // The coder's commit landed on the base branch, recorded as merged; the attempt's branch is gone.
    const log = execFileSync("git", ["log", "--format=%H %s", "main"], { cwd: repository, encoding: "utf8" });
    expect(log).toContain(`${coder.commit} T-1: agent-cli-T-1.txt`);
    const merged = ticket.events.find((event) => event.data?.details?.step === "merged");
    expect(merged?.data?.details?.commit).toBe(log.split(" ")[0]);
    const branches = execFileSync("git", ["branch", "--list", coder.branch ?? "missing"], {
      cwd: repository,
      encoding: "utf8",
    });
    expect(branches.trim()).toBe("");

    // The Pods' files are gone and their credentials revoked; the people's tokens still work.
    expect(readdirSync(runDir).filter((name) => /\.(prompt\.md|mcp\.json)$/.test(name))).toEqual([]);
    const listed = await podkit(["token", "list", "--json"]);
    const credentials = (
      JSON.parse(listed.stdout) as {
        output: { credentials: { role: string; ticketId?: string; revokedAt?: string; status?: string }[] };
      }
    ).output.credentials;
    const pods = credentials.filter((credential) => credential.ticketId === "T-1");
    expect(pods.map((credential) => credential.role).sort()).toEqual(["coder", "reviewer"]);
    for (const credential of pods) expect(credential.revokedAt).toBeDefined();
    // A revoked Pod token opens nothing; the people's tokens still work.
    const stale = await podkit(["call", "--tool", "ticket_show", "--input", '{"ticketId":"T-1"}'], {
      PODKIT_TOKEN: coder.env.token ?? "",
    });
    expect(singleJson(stale).error?.code).toBe("unauthorized");
    expect(singleJson(show).ok).toBe(true);
  });
});
