import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { type Logger, type Podkit, silentLogger } from "@podkit/core";
import { type CredentialStore, credentialRefusal } from "@podkit/credentials";
import type { TicketBackend } from "@podkit/ticket-lifecycle";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import {
  type BoardAuthOptions,
  SESSION_COOKIE,
  setSessionCookie,
  verifyBoardToken,
} from "./auth/board-auth.js";
import { BoardSessions } from "./auth/board-sessions.js";
import { randomSecret, sameSecret } from "./auth/random-secret.js";
import { BOARD_SCRIPT, BOARD_STYLES } from "./board/board-assets.js";
import { BoardModel } from "./board/board-model.js";
import { boardRoutes } from "./board/board-routes.js";
import { renderLayout } from "./board/render-layout.js";
import { renderSignIn } from "./board/render-pages.js";
import { ticketDamageAudit } from "./board/ticket-damage-audit.js";
import type { Caller } from "./caller.js";
import { checkHost, isLoopback, loopbackHostHeaders } from "./host-check.js";
import { mcpRoutes } from "./mcp/mcp-routes.js";
import { McpSessions } from "./mcp/mcp-sessions.js";
import { ServerError } from "./server-error.js";

/** The largest request body the server reads: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Where `podkit serve` listens unless told otherwise. */
export const DEFAULT_HOST = "127.0.0.1";
/** The port `podkit serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 4820;
const SIGN_IN_COOKIE = "podkit_signin";

/** What `createPodkitServer` serves: the podkit, its ticket store and credentials, the auth mode, and how the board refreshes. */
export interface PodkitServerOptions {
  /** The podkit whose toolsets serve every caller. */
  readonly podkit: Podkit;
  /** The ticket store the board follows (the one the ticket feature uses). */
  readonly backend: TicketBackend;
  /** The store that knows every token's role, agent id and ticket binding. */
  readonly credentials: CredentialStore;
  /**
   * `required` (what `podkit init` writes): the board needs a human token to sign in and `/mcp`
   * a bearer token. `off`: the board acts as `localAgentId` in role `human` without sign-in — for
   * a single-user machine only; `/mcp` still needs a bearer token (it is the only source of identity).
   */
  readonly auth: "required" | "off";
  /** Who the board acts as when auth is off (default `operator`). */
  readonly localAgentId?: string;
  /** Roles whose tokens may sign in to the board (default `['human']`). */
  readonly boardRoles?: readonly string[];
  /** Cards per column (default 100; the column's count says how many there are). */
  readonly columnLimit?: number;
  /** How often open sessions' credentials are checked again (default 2 s), behind the store's revocation notices. */
  readonly recheckIntervalMs?: number;
  /** The board's full re-read behind change notifications (default 30 s). */
  readonly reconcileIntervalMs?: number;
  /** Whether cookies get `Secure`: set it when a TLS proxy fronts the server. */
  readonly secureCookies?: boolean;
  readonly logger?: Logger;
}

/** Where a started server listens. */
export interface ListeningAddress {
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

/** A podkit HTTP server: the board, `/events` and `/mcp`. */
export interface PodkitServer {
  /** The Hono app, for `app.request()` in tests or mounting elsewhere. */
  readonly app: Hono;
  /** Listens on `host` (default 127.0.0.1) and `port` (default 4820; 0 picks a free one). */
  listen(options?: { readonly host?: string; readonly port?: number }): Promise<ListeningAddress>;
  /** Closes every session and stream, stops listening and following the store. */
  close(): Promise<void>;
  /** Open MCP sessions, for tests and status output. */
  readonly mcpSessionCount: () => number;
}

/**
 * Builds the server. Identity comes only from credentials: a bearer token on `/mcp`, a session
 * cookie (after signing in with a token) on the board; revoking a token closes its sessions at once.
 * Bodies over 1 MiB are refused (413), state-changing board requests need a same-origin request
 * and the session's CSRF token, and pages allow no inline script.
 */
export function createPodkitServer(options: PodkitServerOptions): PodkitServer {
  const logger = options.logger ?? silentLogger;
  const boardSessions = new BoardSessions();
  const mcpSessions = new McpSessions();
  const damaged = ticketDamageAudit(options.podkit);
  const model = new BoardModel({
    backend: options.backend,
    events: options.podkit.registry.events,
    logger,
    ...(damaged === undefined ? {} : { damaged }),
    ...(options.reconcileIntervalMs === undefined
      ? {}
      : { reconcileIntervalMs: options.reconcileIntervalMs }),
  });
  const localCaller: Caller = {
    credentialId: "local",
    role: "human",
    agentId: options.localAgentId ?? "operator",
  };
  const auth: BoardAuthOptions = {
    credentials: options.credentials,
    sessions: boardSessions,
    auth: options.auth,
    boardRoles: options.boardRoles ?? ["human"],
    localCaller,
    secureCookies: options.secureCookies ?? false,
  };
  let allowedHosts: readonly string[] | undefined;

  const app = new Hono();
  app.use(
    "*",
    checkHost(() => allowedHosts),
  );
  // Before the page middleware: an agent's call needs no page headers, and /mcp limits bodies itself.
  app.route(
    "/mcp",
    mcpRoutes({
      podkit: options.podkit,
      credentials: options.credentials,
      sessions: mcpSessions,
      maxBodyBytes: MAX_BODY_BYTES,
    }),
  );
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
    }),
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (context) =>
        context.text(`Refused: the request body is larger than ${MAX_BODY_BYTES} bytes.`, 413),
    }),
  );
  // Everything else is the browser's: a state-changing request must come from this origin.
  app.use("*", csrf());
  app.get("/assets/board.js", (context) =>
    context.body(BOARD_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  );
  app.get("/assets/board.css", (context) =>
    context.body(BOARD_STYLES, 200, { "Content-Type": "text/css; charset=utf-8" }),
  );
  app.get("/signin", (context) => {
    if (options.auth === "off") return context.redirect("/", 303);
    const csrfToken = randomSecret();
    setCookie(context, SIGN_IN_COOKIE, csrfToken, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/signin",
      secure: auth.secureCookies,
    });
    return context.html(renderLayout({ title: "Sign in", page: "plain" }, renderSignIn({ csrfToken })));
  });
  app.post("/signin", async (context) => {
    if (options.auth === "off") return context.redirect("/", 303);
    const form = await context.req.parseBody();
    // Double-submit: the form's token must match the cookie only this origin could have set.
    const expected = getCookie(context, SIGN_IN_COOKIE);
    if (expected === undefined || !sameSecret(form._csrf, expected))
      return context.text("Refused: the sign-in form's CSRF token is missing or wrong. Reload /signin.", 403);
    const verified = await verifyBoardToken(auth, form.token);
    if (!verified.ok) {
      const csrfToken = randomSecret();
      setCookie(context, SIGN_IN_COOKIE, csrfToken, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/signin",
        secure: auth.secureCookies,
      });
      return context.html(
        renderLayout(
          { title: "Sign in", page: "plain" },
          renderSignIn({ csrfToken, problem: verified.problem }),
        ),
        401,
      );
    }
    setSessionCookie(context, boardSessions.open(verified.caller), auth.secureCookies);
    return context.redirect("/", 303);
  });
  app.post("/signout", async (context) => {
    const session = boardSessions.get(getCookie(context, SESSION_COOKIE));
    const form = await context.req.parseBody();
    if (session === undefined || !sameSecret(form._csrf, session.csrfToken))
      return context.text("Refused: the form's CSRF token is missing or wrong.", 403);
    boardSessions.end(session.id);
    return context.redirect(options.auth === "off" ? "/" : "/signin", 303);
  });
  app.route(
    "/",
    boardRoutes({
      ...auth,
      podkit: options.podkit,
      model,
      columnLimit: options.columnLimit ?? 100,
      keepAliveMs: 15_000,
    }),
  );

  const endCredential = async (credentialId: string, why: string) => {
    const browsers = boardSessions.endCredential(credentialId);
    const agents = await mcpSessions.closeCredential(credentialId);
    if (browsers + agents > 0)
      logger.info("closed sessions of a credential", { credentialId, why, browsers, agents });
  };
  const stopWatching = options.credentials.watch?.((change) => void endCredential(change.id, change.kind));
  const recheck = setInterval(() => {
    void (async () => {
      const ids = new Set([...boardSessions.credentialIds(), ...mcpSessions.credentialIds()]);
      ids.delete(localCaller.credentialId);
      for (const id of ids) {
        const credential = await options.credentials.get(id);
        const refusal = credential === undefined ? "unknown" : credentialRefusal(credential, new Date());
        if (refusal !== undefined) await endCredential(id, refusal);
      }
    })().catch((error: unknown) => logger.warn("credential re-check failed", { error: String(error) }));
  }, options.recheckIntervalMs ?? 2_000);
  recheck.unref();
  model.start();

  let server: ServerType | undefined;
  return {
    app,
    mcpSessionCount: () => mcpSessions.size,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? DEFAULT_HOST;
      const port = listenOptions.port ?? DEFAULT_PORT;
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new ServerError(
          "invalid_options",
          `Port ${port} is not a port: use 0-65535 (0 picks a free one).`,
        );
      // Without sign-in the board is whoever reaches it: only this machine may.
      if (options.auth === "off" && !isLoopback(host))
        throw new ServerError(
          "invalid_options",
          `Refusing to listen on ${host} with auth off: anyone who reaches it would act as '${localCaller.agentId}' (human). Set 'auth: required', or listen on 127.0.0.1.`,
        );
      const started = await new Promise<ServerType>((resolve, reject) => {
        const candidate = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(candidate));
        candidate.once("error", (error) =>
          reject(
            new ServerError("listen_failed", `Cannot listen on ${host}:${port}: ${error.message}`, {
              cause: error,
            }),
          ),
        );
      });
      server = started;
      const address = started.address() as AddressInfo;
      if (isLoopback(host)) allowedHosts = loopbackHostHeaders(address.port);
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return { url: `http://${shownHost}:${address.port}`, host: address.address, port: address.port };
    },
    async close() {
      clearInterval(recheck);
      stopWatching?.();
      model.close();
      boardSessions.endAll();
      await mcpSessions.closeAll();
      if (server !== undefined) {
        const closing = server;
        server = undefined;
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          // SSE streams and keep-alive connections would hold close() open.
          if ("closeAllConnections" in closing) closing.closeAllConnections();
        });
      }
    },
  };
}
