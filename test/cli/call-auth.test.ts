import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RawMcpProcess, spawnRawPodkitMcp } from "../mcp/raw-mcp-process.js";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

/** `podkit call`, `mcp` and `agent` under `auth: required`: the identity is PODKIT_TOKEN's alone. */
describe("podkit call and mcp under auth: required", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  const podkit = (args: string[], env: Record<string, string> = {}) =>
    runPodkit(args, { cwd: repository, env });
  const call = (tool: string, input: unknown, env: Record<string, string>, flags: string[] = []) =>
    podkit(["call", ...flags, "--tool", tool, "--input", JSON.stringify(input)], env);
  const token = async (...args: string[]): Promise<{ token: string; id: string }> => {
    const created = await podkit(["token", "create", "--json", ...args]);
    expect(created.code, created.stderr).toBe(0);
    const output = singleJson(created).output as { token: string; credential: { id: string } };
    return { token: output.token, id: output.credential.id };
  };
  const historyLength = async (human: string) =>
    (
      singleJson(await call("ticket_show", { ticketId: "T-1", historyLimit: 500 }, { PODKIT_TOKEN: human }))
        .output as { history: { events: unknown[] } }
    ).history.events.length;

  let human: string;
  let coder: { token: string; id: string };
  beforeAll(async () => {
    repository = await makeInitializedRepository({ auth: "required" });
    for (const title of ["Guarded ticket", "Another ticket"])
      expect((await podkit(["ticket", "create", title])).code).toBe(0);
    human = (await token("--role", "human", "--agent", "alice")).token;
    coder = await token("--role", "coder", "--agent", "coder-7", "--ticket", "T-1");
  }, CLI_TIMEOUT_MS);

  it("refuses a call without PODKIT_TOKEN, whatever --role and the PODKIT_* variables say", async () => {
    const before = await historyLength(human);
    for (const env of [
      {},
      { PODKIT_ROLE: "human" },
      { PODKIT_ROLE: "orchestrator", PODKIT_LEASE_TOKEN: "1", PODKIT_TICKET_ID: "T-1" },
    ]) {
      const run = await call("ticket_comment", { ticketId: "T-1", body: "sneaky" }, env, ["--role", "human"]);
      expect(run.code).toBe(1);
      expect(singleJson(run).error?.code).toBe("unauthorized");
      expect(singleJson(run).error?.message).toContain("PODKIT_TOKEN");
    }
    const garbage = await call("ticket_list", {}, { PODKIT_TOKEN: "pk_0123456789abcdef_not-a-real-secret" });
    expect(singleJson(garbage).error?.code).toBe("unauthorized");
    expect(garbage.stdout + garbage.stderr).not.toContain("not-a-real-secret");
    expect(await historyLength(human)).toBe(before);
  });

  it("takes role, agent and ticket from the token; a flag that disagrees is refused, nothing written", async () => {
    const before = await historyLength(human);
    const env = { PODKIT_TOKEN: coder.token };
    for (const flags of [
      ["--role", "human"],
      ["--role", "orchestrator"],
      ["--agent", "someone-else"],
      ["--ticket", "T-2"],
    ]) {
      const run = await call("ticket_comment", { ticketId: "T-1", body: "as someone else" }, env, flags);
      expect(run.code, flags.join(" ")).toBe(1);
      expect(singleJson(run).error?.code).toBe("identity_mismatch");
    }
    expect(await historyLength(human)).toBe(before);

    // Agreeing flags are fine; the token's ticket is the scope, and its role's grants hold.
    const own = await call("ticket_comment", { ticketId: "T-1", body: "on it" }, env, ["--role", "coder"]);
    expect(singleJson(own)).toMatchObject({ ok: true });
    const other = await call("ticket_comment", { ticketId: "T-2", body: "not mine" }, env);
    expect(singleJson(other).error?.code).toBe("out_of_scope");
    const gate = await call("ticket_queue", { ticketId: "T-1" }, { ...env, PODKIT_ROLE: "human" });
    expect(singleJson(gate).error?.code).toBe("unknown_tool");
    const shown = singleJson(
      await call("ticket_show", { ticketId: "T-1", historyLimit: 5 }, { PODKIT_TOKEN: human }),
    ).output as { history: { events: { kind: string; actor: string }[] } };
    expect(shown.history.events.at(-1)).toMatchObject({ kind: "comment", actor: "coder/coder-7" });
  });

  it("runs podkit ticket commands as the PODKIT_TOKEN that is set — a Pod's shell is its credential, not the human", async () => {
    const before = await historyLength(human);
    const env = { PODKIT_TOKEN: coder.token, PODKIT_ROLE: "human" };
    const queued = await podkit(["ticket", "queue", "T-1"], env);
    expect(queued.code).toBe(1);
    expect(queued.stderr).toContain("ticket_queue refused (unknown_tool)");
    const other = await podkit(["ticket", "show", "T-2"], env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("(out_of_scope)");
    expect((await podkit(["ticket", "show", "T-1"], env)).code).toBe(0);
    const dead = await podkit(["ticket", "list"], { PODKIT_TOKEN: "pk_0123456789abcdef_not-a-real-secret" });
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain("is not a live credential");
    expect(await historyLength(human)).toBe(before);
    // Without a token, the person at the terminal is the human, as before.
    expect((await podkit(["ticket", "show", "T-2"])).code).toBe(0);
  });

  it("says in call, mcp and agent --help that under auth: required PODKIT_TOKEN is the identity", async () => {
    for (const command of ["call", "mcp", "agent"]) {
      const help = await podkit([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout.replace(/\s+/g, " "), command).toContain(
        "Under 'auth: required' (what 'podkit init' writes) the credential in $PODKIT_TOKEN says who this is: its role, agent and ticket",
      );
    }
  });

  it("refuses a revoked token", async () => {
    const doomed = await token("--role", "human", "--agent", "bob");
    expect(singleJson(await call("ticket_list", {}, { PODKIT_TOKEN: doomed.token })).ok).toBe(true);
    expect((await podkit(["token", "revoke", doomed.id])).code).toBe(0);
    const run = await call("ticket_list", {}, { PODKIT_TOKEN: doomed.token });
    expect(run.code).toBe(1);
    expect(singleJson(run).error?.code).toBe("unauthorized");
  });

  it("binds a Pod's token to the attempt its Pod id names: its review counts there and nowhere else", async () => {
    const intake = (await token("--role", "intake", "--agent", "intake-1")).token;
    const ready = await call(
      "ticket_mark_ready",
      { ticketId: "T-2", summary: "Review it." },
      { PODKIT_TOKEN: intake },
    );
    expect(singleJson(ready).ok, ready.stdout).toBe(true);
    expect((await podkit(["ticket", "queue", "T-2"])).code).toBe(0);
    const orchestrator = (await token("--role", "orchestrator", "--agent", "orch-1")).token;
    const accepted = await call(
      "ticket_accept",
      { ticketId: "T-2", requestId: "r-1" },
      { PODKIT_TOKEN: orchestrator },
    );
    const lease = (singleJson(accepted).output as { lease: { token: number } }).lease.token;

    const review = { ticketId: "T-2", verdict: "approve", body: "Fine." };
    const stale = await token(
      "--role",
      "reviewer",
      "--agent",
      `T-2-t${lease + 1}-reviewer-1`,
      "--ticket",
      "T-2",
    );
    const refused = await call("ticket_review", review, { PODKIT_TOKEN: stale.token });
    expect(singleJson(refused).error?.code).toBe("lease_lost");

    const live = await token("--role", "reviewer", "--agent", `T-2-t${lease}-reviewer-1`, "--ticket", "T-2");
    const approved = await call("ticket_review", review, { PODKIT_TOKEN: live.token });
    expect(singleJson(approved).ok, approved.stdout).toBe(true);
    const shown = singleJson(await call("ticket_show", { ticketId: "T-2" }, { PODKIT_TOKEN: human }))
      .output as {
      ticket: { reviews: { token?: number; podId?: string; by: string }[] };
    };
    expect(shown.ticket.reviews).toEqual([
      expect.objectContaining({ token: lease, podId: `T-2-t${lease}-reviewer-1` }),
    ]);
  });

  let server: RawMcpProcess | undefined;
  afterEach(() => {
    server?.kill();
    server = undefined;
  });

  it("podkit mcp refuses to serve without a token or against it", async () => {
    server = spawnRawPodkitMcp(["--role", "human"], { cwd: repository });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain("PODKIT_TOKEN");
    server = spawnRawPodkitMcp(["--role", "human"], { cwd: repository, env: { PODKIT_TOKEN: coder.token } });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain("--role 'human' is not the role of the credential");
  });

  it("podkit mcp serves the token's role and stops serving once the token is revoked", async () => {
    const pod = await token("--role", "coder", "--agent", "T-1-t1-coder-1", "--ticket", "T-1");
    server = spawnRawPodkitMcp([], { cwd: repository, env: { PODKIT_TOKEN: pod.token } });
    await server.initialize();
    await server.send({ jsonrpc: "2.0", id: "list", method: "tools/list" });
    const listed = await server.answerTo("list");
    expect(((listed.result?.tools ?? []) as { name: string }[]).map((tool) => tool.name).sort()).toEqual([
      "ticket_comment",
      "ticket_show",
    ]);
    expect((await podkit(["token", "revoke", pod.id])).code).toBe(0);
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain("stopped serving: the credential in PODKIT_TOKEN was revoked");
  });

  it("podkit mcp stops serving when its token expires", async () => {
    // Long enough to start on a busy machine; the wait is for the exit, however soon it comes.
    const brief = await token("--role", "coder", "--agent", "coder-9", "--ticket", "T-1", "--expires", "20s");
    server = spawnRawPodkitMcp([], { cwd: repository, env: { PODKIT_TOKEN: brief.token } });
    await server.initialize();
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain("stopped serving: the credential in PODKIT_TOKEN expired");
  });
});
