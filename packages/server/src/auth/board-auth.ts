import { type CredentialStore, credentialRefusal } from "@podkit/credentials";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Caller, callerOf } from "../caller.js";
import type { BoardSession, BoardSessions } from "./board-sessions.js";
import { sameSecret } from "./random-secret.js";

/** The session cookie: a random id, HttpOnly, SameSite=Strict, never the token. */
export const SESSION_COOKIE = "podkit_session";

/** Values the board's handlers read from the context. */
export interface BoardVariables {
  session: BoardSession;
}

/** How the board decides who is signed in. */
export interface BoardAuthOptions {
  readonly credentials: CredentialStore;
  readonly sessions: BoardSessions;
  /** `required`: a human token signs in; `off`: the local operator, without sign-in. */
  readonly auth: "required" | "off";
  /** Roles whose tokens may sign in to the board (default: `human`). */
  readonly boardRoles: readonly string[];
  /** Who acts when auth is off. */
  readonly localCaller: Caller;
  /** Whether cookies get `Secure` (the server is reached over HTTPS). */
  readonly secureCookies: boolean;
}

/** Sets the session cookie the way every sign-in does. */
export function setSessionCookie(context: Context, session: BoardSession, secure: boolean): void {
  setCookie(context, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: "Strict", path: "/", secure });
}

/**
 * Requires a live board session: the cookie names one, and its credential still verifies (read
 * again on every request, so a revoked or expired token signs the browser out at once). Pages
 * without a session redirect to `/signin`; everything else gets 401. With auth off, a browser
 * without a session gets one for the local operator.
 */
export function requireBoardSession(
  options: BoardAuthOptions,
): MiddlewareHandler<{ Variables: BoardVariables }> {
  return async (context, next) => {
    let session = options.sessions.get(getCookie(context, SESSION_COOKIE));
    if (
      session !== undefined &&
      options.auth === "required" &&
      !(await stillValid(options.credentials, session))
    ) {
      options.sessions.end(session.id);
      session = undefined;
    }
    if (session === undefined && options.auth === "off") {
      session = options.sessions.open(options.localCaller);
      setSessionCookie(context, session, options.secureCookies);
    }
    if (session === undefined) {
      deleteCookie(context, SESSION_COOKIE, { path: "/" });
      if (context.req.method === "GET" && acceptsHtml(context)) return context.redirect("/signin", 303);
      return context.text(
        "Sign in first: this needs a board session. Sign in at /signin with a human token ('podkit token create --role human --agent NAME'); agents use /mcp with 'Authorization: Bearer TOKEN'.",
        401,
      );
    }
    context.set("session", session);
    await next();
  };
}

/**
 * Refuses a state-changing request whose `_csrf` field (or `X-CSRF-Token` header) is not the
 * session's token — the synchronizer-token pattern, on top of Hono's Origin / Sec-Fetch-Site check.
 */
export function requireCsrfToken(): MiddlewareHandler<{ Variables: BoardVariables }> {
  return async (context, next) => {
    if (context.req.method === "GET" || context.req.method === "HEAD") return next();
    const session = context.get("session");
    const header = context.req.header("x-csrf-token");
    let given: unknown = header;
    if (given === undefined) {
      const form = await context.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      given = form._csrf;
    }
    if (!sameSecret(given, session.csrfToken))
      return context.text(
        "Refused: the form's CSRF token is missing or wrong. Reload the page and try again.",
        403,
      );
    await next();
  };
}

/** Verifies a sign-in token for the board: a live credential of a role allowed to sign in. */
export async function verifyBoardToken(
  options: BoardAuthOptions,
  token: unknown,
): Promise<
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly problem: string }
> {
  const verified = await options.credentials.verify(typeof token === "string" ? token.trim() : "");
  // One answer for every refusal: nothing tells a guesser which part was wrong.
  if (!verified.ok) return { ok: false, problem: "That token is not valid (unknown, expired or revoked)." };
  if (!options.boardRoles.includes(verified.credential.role))
    return {
      ok: false,
      problem: `A '${verified.credential.role}' token cannot sign in to the board; it is for ${options.boardRoles.join(", ")} tokens.`,
    };
  return { ok: true, caller: callerOf(verified.credential) };
}

/** Whether the session's credential is still live: it may have been revoked or expired since sign-in. */
export async function stillValid(credentials: CredentialStore, session: BoardSession): Promise<boolean> {
  const credential = await credentials.get(session.caller.credentialId);
  return credential !== undefined && credentialRefusal(credential, new Date()) === undefined;
}

function acceptsHtml(context: Context): boolean {
  return (context.req.header("accept") ?? "").includes("text/html");
}
