import type { MiddlewareHandler } from "hono";

/** Host names that reach only this machine. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
}

/** The `Host` values a loopback-bound server answers to (DNS rebinding sends another name). */
export function loopbackHostHeaders(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * Refuses a request whose `Host` header is not one of `allowed()` (when it returns a list): a page
 * on another site that rebinds its name to 127.0.0.1 reaches the port but not with our host name.
 */
export function checkHost(allowed: () => readonly string[] | undefined): MiddlewareHandler {
  return async (context, next) => {
    const hosts = allowed();
    if (hosts !== undefined && !hosts.includes((context.req.header("host") ?? "").toLowerCase()))
      return context.text("Misdirected request: this server answers only to its own host name.", 421);
    await next();
  };
}
