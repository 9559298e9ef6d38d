import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Podkit } from "@podkit/core";
import type { CredentialStore } from "@podkit/credentials";
import { createMcpServer } from "@podkit/mcp";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bearerToken, WWW_AUTHENTICATE } from "../auth/bearer-token.js";
import { type Caller, callerOf, toolsetOf } from "../caller.js";
import type { McpSessions } from "./mcp-sessions.js";
import { readBodyText } from "./read-body-text.js";

/** What `/mcp` needs. */
export interface McpRoutesOptions {
  readonly podkit: Podkit;
  readonly credentials: CredentialStore;
  readonly sessions: McpSessions;
  /** The largest request body, in bytes. */
  readonly maxBodyBytes: number;
}

/**
 * Remote MCP at `/mcp` over the SDK's Streamable HTTP transport. Every request needs a bearer
 * token that verifies; an `initialize` opens a session whose toolset is built from that token
 * alone (role, agent id, ticket binding); every later request on the session must carry a token
 * of the same credential — another valid token is refused.
 */
export function mcpRoutes(options: McpRoutesOptions): Hono {
  const app = new Hono();
  app.all("/", async (context) => {
    const response = await handleMcp(options, context.req.raw);
    // Every answer is JSON or an event stream: never to be sniffed into something else.
    response.headers.set("X-Content-Type-Options", "nosniff");
    return response;
  });
  return app;
}

async function handleMcp(options: McpRoutesOptions, request: Request): Promise<Response> {
  const token = bearerToken(request.headers.get("authorization") ?? undefined);
  const verified = token === undefined ? undefined : await options.credentials.verify(token);
  if (verified === undefined || !verified.ok) {
    return jsonRpcError(
      401,
      -32001,
      "Unauthorized: a valid bearer token is required (Authorization: Bearer pk_…).",
      {
        "WWW-Authenticate": WWW_AUTHENTICATE,
      },
    );
  }
  const caller = callerOf(verified.credential);
  let body: unknown;
  if (request.method === "POST") {
    const read = await readBodyText(request, options.maxBodyBytes);
    if (!read.ok)
      return jsonRpcError(
        413,
        -32000,
        `Refused: the request body is larger than ${options.maxBodyBytes} bytes.`,
      );
    try {
      body = JSON.parse(read.text);
    } catch {
      return jsonRpcError(400, -32700, "Parse error: the body is not JSON.");
    }
  }
  const sessionId = request.headers.get("mcp-session-id") ?? undefined;
  if (sessionId !== undefined) {
    const session = options.sessions.get(sessionId);
    if (session === undefined)
      return jsonRpcError(404, -32001, "Session not found: initialize a new session.");
    if (session.caller.credentialId !== caller.credentialId)
      return jsonRpcError(403, -32003, "Forbidden: this session was opened with another token.");
    return session.transport.handleRequest(request, body === undefined ? {} : { parsedBody: body });
  }
  if (request.method !== "POST")
    return jsonRpcError(400, -32000, "Bad Request: no session; send initialize first.");
  const messages = Array.isArray(body) ? body : [body];
  if (!messages.some((message) => isInitializeRequest(message)))
    return jsonRpcError(400, -32000, "Bad Request: no session; send initialize first.");
  const transport = await openSession(options, caller);
  return transport.handleRequest(request, { parsedBody: body });
}

async function openSession(
  options: McpRoutesOptions,
  caller: Caller,
): Promise<WebStandardStreamableHTTPServerTransport> {
  const { podkit, sessions } = options;
  const toolset = toolsetOf(podkit, caller);
  const scope = `Tools of podkit role '${caller.role}' for agent '${caller.agentId}'${caller.ticketId === undefined ? "" : `, bound to ticket '${caller.ticketId}'`}.`;
  // Then the role's instructions, as `podkit mcp` gives them: what it is for and how it finishes.
  const roleInstructions = toolset.instructions();
  const server = createMcpServer(toolset, {
    events: podkit.registry.events,
    instructions: roleInstructions === "" ? scope : `${scope}\n\n${roleInstructions}`,
  });
  const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    maxRequestBodySize: options.maxBodyBytes,
    // A call's answer as one JSON response, not an event stream of one event: the call path
    // sends nothing else before it (notifications go out on the session's GET stream).
    enableJsonResponse: true,
    onsessioninitialized: (id) => sessions.add({ id, caller, transport, server }),
    onsessionclosed: (id) => void sessions.close(id),
  });
  transport.onclose = () => {
    if (transport.sessionId !== undefined) sessions.forget(transport.sessionId);
  };
  await server.connect(transport);
  return transport;
}

function jsonRpcError(
  status: ContentfulStatusCode,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}
