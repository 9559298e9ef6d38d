import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Caller } from "../caller.js";

/** One open MCP session: the token's caller it was opened with, its transport and server. */
export interface McpSession {
  readonly id: string;
  readonly caller: Caller;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: Server;
}

/**
 * Open MCP sessions by session id, each bound to the credential that opened it. One session per
 * credential: a new `initialize` with the same token closes the earlier session.
 */
export class McpSessions {
  readonly #sessions = new Map<string, McpSession>();

  add(session: McpSession): void {
    for (const other of [...this.#sessions.values()])
      if (other.caller.credentialId === session.caller.credentialId) void this.close(other.id);
    this.#sessions.set(session.id, session);
  }

  get(id: string): McpSession | undefined {
    return this.#sessions.get(id);
  }

  /** Forgets a session (the transport closed it). */
  forget(id: string): void {
    this.#sessions.delete(id);
  }

  /** Closes one session: its SSE stream ends and later requests with its id get 404. */
  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    await session.server.close().catch(() => {});
  }

  /** Closes every session of a credential (revoked or expired); returns how many. */
  async closeCredential(credentialId: string): Promise<number> {
    const matching = [...this.#sessions.values()].filter(
      (session) => session.caller.credentialId === credentialId,
    );
    await Promise.all(matching.map((session) => this.close(session.id)));
    return matching.length;
  }

  credentialIds(): Set<string> {
    return new Set([...this.#sessions.values()].map((session) => session.caller.credentialId));
  }

  get size(): number {
    return this.#sessions.size;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }
}
