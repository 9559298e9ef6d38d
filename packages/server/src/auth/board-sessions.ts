import type { Caller } from "../caller.js";
import { randomSecret } from "./random-secret.js";

/** A signed-in browser: who it is, and the CSRF token its forms carry. */
export interface BoardSession {
  readonly id: string;
  readonly caller: Caller;
  readonly csrfToken: string;
  /** Called when the session ends (sign-out, revocation, expiry): closes its live streams. */
  readonly closers: Set<() => void>;
}

/**
 * Board sign-ins, in memory: the cookie carries a random session id, never the token. A session
 * lives as long as its credential (checked on every request and when the store reports a
 * revocation) or until sign-out; a restart signs everyone out.
 */
export class BoardSessions {
  readonly #sessions = new Map<string, BoardSession>();

  /** Starts a session for `caller`; the id goes into the cookie. */
  open(caller: Caller): BoardSession {
    const session: BoardSession = {
      id: randomSecret(),
      caller,
      csrfToken: randomSecret(),
      closers: new Set(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): BoardSession | undefined {
    return id === undefined ? undefined : this.#sessions.get(id);
  }

  /** Ends one session and closes its streams. */
  end(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    for (const close of session.closers) close();
    session.closers.clear();
  }

  /** Ends every session of a credential (revoked or expired); returns how many. */
  endCredential(credentialId: string): number {
    let ended = 0;
    for (const session of [...this.#sessions.values()]) {
      if (session.caller.credentialId !== credentialId) continue;
      this.end(session.id);
      ended += 1;
    }
    return ended;
  }

  /** The credential ids with a live session, for the periodic re-check. */
  credentialIds(): Set<string> {
    return new Set([...this.#sessions.values()].map((session) => session.caller.credentialId));
  }

  endAll(): void {
    for (const id of [...this.#sessions.keys()]) this.end(id);
  }
}
