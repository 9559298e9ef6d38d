import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually, type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/** A raw POST to /mcp, as a client without the SDK (or an attacker) sends it. */
function postMcp(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL("/mcp", url), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function refusal(result: Awaited<ReturnType<Client["callTool"]>>): { code: string; message: string } {
  expect(result.isError).toBe(true);
  return (result._meta as Record<string, { code: string; message: string }>)["podkit/error"] as never;
}

describe("remote MCP at /mcp", () => {
  let served: ServedPodkit;
  beforeEach(async () => {
    served = await servePodkit();
  });
  afterEach(async () => {
    await served.close();
  });

  it("answers 401 to a missing, malformed, unknown, expired or revoked token, and writes nothing", async () => {
    const before = await served.snapshot();
    const expiring = await served.credentials.create({
      role: "human",
      agentId: "h",
      expiresAt: new Date(Date.now() + 300),
    });
    const revoked = await served.credentials.create({ role: "human", agentId: "h" });
    await served.credentials.revoke(revoked.credential.id);
    const live = await served.token("human", "h");
    await eventually(
      "the short token to expire",
      async () => !(await served.credentials.verify(expiring.token)).ok,
    );
    const queueCall = {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "ticket_queue", arguments: { ticketId: "T-1" } },
    };
    const cases: Array<[string, Record<string, string>]> = [
      ["missing", {}],
      ["not bearer", { Authorization: `Basic ${Buffer.from(`x:${live}`).toString("base64")}` }],
      ["malformed", { Authorization: "Bearer nope" }],
      ["unknown", { Authorization: `Bearer ${live.slice(0, -2)}xx` }],
      ["expired", { Authorization: `Bearer ${expiring.token}` }],
      ["revoked", { Authorization: `Bearer ${revoked.token}` }],
    ];
    for (const [what, headers] of cases) {
      for (const body of [INITIALIZE, queueCall]) {
        const response = await postMcp(served.url, body, headers);
        expect(response.status, what).toBe(401);
        expect(response.headers.get("www-authenticate"), what).toBe('Bearer realm="podkit"');
      }
    }
    expect(served.server.mcpSessionCount()).toBe(0);
    expect(await served.snapshot()).toBe(before);
  });

  it("gives a coder token the same answer for a human tool as for an unknown tool", async () => {
    const coder = await served.connect(await served.token("coder", "pod-1", { ticketId: "T-1" }));
    const tools = (await coder.listTools()).tools.map((tool) => tool.name);
    expect(tools).not.toContain("ticket_queue");
    const human = refusal(await coder.callTool({ name: "ticket_queue", arguments: { ticketId: "T-1" } }));
    const unknown = refusal(await coder.callTool({ name: "no_such_tool", arguments: { ticketId: "T-1" } }));
    expect(human.code).toBe("unknown_tool");
    expect(unknown.code).toBe("unknown_tool");
    expect(human.message.replace("ticket_queue", "X")).toBe(unknown.message.replace("no_such_tool", "X"));
    expect((await served.backend.read("T-1"))?.ticket.state).toBe("ready");
  });

  it("keeps a coder token scoped to T-2 away from T-1: it can neither read nor touch it", async () => {
    const before = await served.snapshot();
    const coder = await served.connect(await served.token("coder", "pod-2", { ticketId: "T-2" }));
    expect(refusal(await coder.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } })).code).toBe(
      "out_of_scope",
    );
    expect(
      refusal(
        await coder.callTool({ name: "ticket_comment", arguments: { ticketId: "T-1", body: "mine now" } }),
      ).code,
    ).toBe("out_of_scope");
    expect(await served.snapshot()).toBe(before);
    const own = await coder.callTool({ name: "ticket_show", arguments: { ticketId: "T-2" } });
    expect(own.isError).toBeFalsy();
    // The session is told who it serves, then the role's instructions.
    expect(coder.getInstructions()).toBe(
      `Tools of podkit role 'coder' for agent 'pod-2', bound to ticket 'T-2'.\n\n${served.podkit.toolset({ role: "coder", agentId: "pod-2", bindings: { ticket: "T-2" } }).instructions()}`,
    );
    expect(coder.getInstructions()).toContain("report on the ticket with ticket_comment");
  });

  it("takes identity only from the token: headers and query parameters naming another role or agent change nothing", async () => {
    const coder = await served.connect(await served.token("coder", "pod-2", { ticketId: "T-2" }), {
      headers: { "X-Podkit-Role": "human", "X-Podkit-Agent": "alice", "X-Podkit-Ticket": "T-1" },
      path: "/mcp?role=human&agent=alice&ticket=T-1",
    });
    expect((await coder.listTools()).tools.map((tool) => tool.name)).not.toContain("ticket_queue");
    expect(refusal(await coder.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } })).code).toBe(
      "out_of_scope",
    );
    const comment = await coder.callTool({
      name: "ticket_comment",
      arguments: { ticketId: "T-2", body: "progress" },
    });
    expect(comment.isError).toBeFalsy();
    const last = (await served.backend.read("T-2"))?.events.at(-1);
    expect(last?.actor).toEqual({ role: "coder", agentId: "pod-2" });
  });

  it("binds a Pod's token to the attempt its Pod id names: a stale attempt's review is lease_lost and not recorded, the live one's counts", async () => {
    // T-1 is accepted (attempt A), deferred back to the gate, queued and accepted again (attempt B).
    const orchestrator = served.podkit.toolset({ role: "orchestrator", agentId: "orch-1" });
    const human = served.podkit.toolset({ role: "human", agentId: "alice" });
    const accept = async (requestId: string) => {
      expect((await human.call("ticket_queue", { ticketId: "T-1" })).ok).toBe(true);
      const accepted = await orchestrator.call("ticket_accept", { ticketId: "T-1", requestId });
      if (!accepted.ok) throw new Error(accepted.error.message);
      return (accepted.output as { lease: { token: number } }).lease.token;
    };
    const attemptA = await accept("r-a");
    const deferred = await orchestrator.call("ticket_defer", {
      ticketId: "T-1",
      token: attemptA,
      reason: "Paused; back to the gate.",
    });
    expect(deferred.ok).toBe(true);
    const attemptB = await accept("r-b");
    expect(attemptB).toBeGreaterThan(attemptA);
    const review = { ticketId: "T-1", verdict: "approve", body: "Looks fine." };

    const before = await served.snapshot();
    const stalePod = `T-1-t${attemptA}-reviewer-1`;
    const stale = await served.connect(await served.token("reviewer", stalePod, { ticketId: "T-1" }));
    expect(refusal(await stale.callTool({ name: "ticket_review", arguments: review })).code).toBe(
      "lease_lost",
    );
    expect(await served.snapshot()).toBe(before);
    // Only a Pod of the live attempt is shown the lease token its writes would present.
    const leaseSeenBy = async (client: Client) => {
      const shown = await client.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } });
      return (shown.structuredContent as { ticket: { lease: { token?: number } } }).ticket.lease;
    };
    expect(await leaseSeenBy(stale)).not.toHaveProperty("token");

    const livePod = `T-1-t${attemptB}-reviewer-1`;
    const live = await served.connect(await served.token("reviewer", livePod, { ticketId: "T-1" }));
    expect(await leaseSeenBy(live)).toMatchObject({ token: attemptB });
    const approved = await live.callTool({ name: "ticket_review", arguments: review });
    expect(approved.isError, JSON.stringify(approved)).toBeFalsy();
    const recorded = await served.backend.read("T-1");
    expect(recorded?.ticket.reviews).toEqual([
      expect.objectContaining({ token: attemptB, podId: livePod, verdict: "approve" }),
    ]);
    expect(recorded?.events.filter((event) => event.kind === "review")).toEqual([
      expect.objectContaining({ token: attemptB, actor: { role: "reviewer", agentId: livePod } }),
    ]);
  });

  it("binds a session to the token that opened it: another valid token on it is refused", async () => {
    const coderToken = await served.token("coder", "pod-2", { ticketId: "T-2" });
    const humanToken = await served.token("human", "alice");
    const opened = await postMcp(served.url, INITIALIZE, { Authorization: `Bearer ${coderToken}` });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get("mcp-session-id") as string;
    await opened.body?.cancel();
    const call = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "ticket_queue", arguments: { ticketId: "T-1" } },
    };
    const hijack = await postMcp(served.url, call, {
      Authorization: `Bearer ${humanToken}`,
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-06-18",
    });
    expect(hijack.status).toBe(403);
    expect((await served.backend.read("T-1"))?.ticket.state).toBe("ready");
  });

  it("closes a token's open session at once when another process revokes it", async () => {
    const token = await served.token("reviewer", "rev-1", { ticketId: "T-1" });
    const client = await served.connect(token);
    await client.listTools();
    expect(served.server.mcpSessionCount()).toBe(1);
    const id = (await served.credentials.list()).find((each) => each.agentId === "rev-1")?.id as string;
    // Another handle on the same directory: what `podkit token revoke` in another process does.
    const { createFileCredentialStore } = await import("@podkit/credentials");
    await createFileCredentialStore({ directory: served.credentials.directory }).revoke(id);
    await eventually("the session to close", () => served.server.mcpSessionCount() === 0);
    await expect(client.listTools()).rejects.toThrow();
  });

  it("answers a call as one JSON response marked nosniff, and only to its own host name", async () => {
    const token = await served.token("coder", "pod-1", { ticketId: "T-1" });
    const opened = await postMcp(served.url, INITIALIZE, { Authorization: `Bearer ${token}` });
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-type")).toContain("application/json");
    expect(opened.headers.get("x-content-type-options")).toBe("nosniff");
    const sessionId = opened.headers.get("mcp-session-id") as string;
    await opened.json();
    const session = {
      Authorization: `Bearer ${token}`,
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-06-18",
    };
    const call = await postMcp(
      served.url,
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "ticket_show", arguments: { ticketId: "T-1" } },
      },
      session,
    );
    expect(call.status).toBe(200);
    expect(call.headers.get("content-type")).toContain("application/json");
    expect(call.headers.get("x-content-type-options")).toBe("nosniff");
    const answer = (await call.json()) as { id: number; result: { isError?: boolean } };
    expect(answer.id).toBe(2);
    expect(answer.result.isError).toBeFalsy();
    const notJson = await postMcp(served.url, "{not json", session);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const port = new URL(served.url).port;
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request(
        {
          host: "127.0.0.1",
          port,
          path: "/mcp",
          method: "POST",
          headers: { Host: `attacker.example:${port}`, "Content-Type": "application/json", ...session },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on("error", reject);
      sent.end(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }));
    });
    expect(status).toBe(421);
  });

  it("refuses a body over 1 MB with 413, with or without a Content-Length", async () => {
    const token = await served.token("human", "alice");
    const big = JSON.stringify({ ...INITIALIZE, padding: "x".repeat(1024 * 1024 + 10) });
    const declared = await postMcp(served.url, big, { Authorization: `Bearer ${token}` });
    expect(declared.status).toBe(413);
    const streamed = await fetch(new URL("/mcp", served.url), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(served.server.mcpSessionCount()).toBe(0);
  });
});
