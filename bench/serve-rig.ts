import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import type { TicketState } from "../packages/ticket-lifecycle/src/domain/ticket-state.js";

/** The built bin: the bench script builds first, as a user's install runs it. */
export const PODKIT_BIN = fileURLToPath(new URL("../packages/cli/bin/podkit.js", import.meta.url));

/** Ticket `T-n`'s state in the generated store: a fifth each of planning, ready, queued, blocked and done. */
export const GENERATED_STATES: readonly TicketState[] = ["planning", "ready", "queued", "blocked", "done"];

/** A child process of the real CLI and its output, for messages. */
export interface Child {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `podkit serve --port 0` in `directory` and waits for its URL. */
export async function startServe(directory: string): Promise<Child & { readonly url: string }> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  const child = spawn(process.execPath, [PODKIT_BIN, "serve", "--port", "0"], {
    cwd: directory,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`podkit serve did not start:\n${output}`)), 120_000);
    child.stdout?.on("data", () => {
      const match = /the board at (http:\/\/[^\s/]+)\//.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`podkit serve exited:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Signs in with `token` as the sign-in form does; the session cookie. */
export async function signIn(url: string, token: string): Promise<string> {
  const form = await fetch(new URL("/signin", url));
  const signInCookie = (form.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const response = await fetch(new URL("/signin", url), {
    method: "POST",
    redirect: "manual",
    headers: {
      Cookie: signInCookie,
      Origin: new URL(url).origin,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ _csrf: csrf, token }),
  });
  const cookie = response.headers.getSetCookie().find((each) => each.startsWith("podkit_session="));
  if (response.status !== 303 || cookie === undefined) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(";")[0] as string;
}

/** Milliseconds from sending `GET path` to the response's first byte (its status line), then reads the rest. */
export function timeToFirstByte(url: string, requestPath: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = new URL(requestPath, url);
    const request = http.get(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: { Cookie: cookie, Accept: "text/html" },
      },
      (response) => {
        const firstByte = performance.now() - started;
        if (response.statusCode !== 200)
          reject(new Error(`GET ${requestPath} answered ${response.statusCode}`));
        response.resume();
        response.on("end", () => resolve(firstByte));
      },
    );
    request.on("error", reject);
  });
}

/**
 * An SSE client of `/events`: resolves `waitFor(id, state)` when a card event for that ticket in
 * that state arrives, stamping its arrival.
 */
export async function openEventStream(url: string, cookie: string, since: string) {
  const controller = new AbortController();
  const response = await fetch(new URL(`/events?since=${since}`, url), {
    headers: { Cookie: cookie, Accept: "text/event-stream" },
    signal: controller.signal,
  });
  if (response.status !== 200 || response.body === null)
    throw new Error(`/events answered ${response.status}`);
  const waiting = new Map<string, (at: number) => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        if (!block.startsWith("event: card")) continue;
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "{}") as { id: string; state: string };
        waiting.get(`${data.id}:${data.state}`)?.(at);
      }
    }
  })();
  return {
    waitFor(ticketId: string, state: string): Promise<number> {
      return new Promise((resolve) => waiting.set(`${ticketId}:${state}`, resolve));
    },
    close: () => controller.abort(),
  };
}
