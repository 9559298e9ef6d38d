import { ToolRefusedError } from "@podkit/core";
import type { TicketClient } from "./ticket-client.js";

/** A running renewal loop for one lease. `signal` aborts when the lease is lost. */
export interface KeptLease {
  readonly signal: AbortSignal;
  stop(): void;
}

/**
 * Renews a lease well before it lapses. It aborts `signal` — so the pipeline stops its Pods —
 * when a renewal is refused (`lease_lost`), or when the lease's expiry passes without a
 * successful renewal (the store unreachable: the holder can no longer be sure it holds it).
 */
export function keepLease(options: {
  client: TicketClient;
  ticketId: string;
  token: number;
  expiresAt: string;
  leaseMs: number;
  renewEveryMs: number;
  onLost: (reason: string) => void;
}): KeptLease {
  const controller = new AbortController();
  let expiresAt = Date.parse(options.expiresAt);
  let stopped = false;
  const lose = (reason: string) => {
    if (controller.signal.aborted) return;
    controller.abort(new Error(reason));
    options.onLost(reason);
  };
  const renew = async () => {
    if (stopped) return;
    try {
      const lease = await options.client.renew(options.ticketId, options.token, options.leaseMs);
      expiresAt = Date.parse(lease.expiresAt);
    } catch (error) {
      if (ToolRefusedError.isInstance(error) && error.code === "lease_lost")
        return lose(`${error.tool}: ${error.message}`);
      if (Date.now() >= expiresAt)
        return lose(`could not renew before the lease expired: ${(error as Error).message}`);
    }
    if (!stopped && !controller.signal.aborted) timer = setTimeout(renew, options.renewEveryMs);
  };
  // A resumed lease may be close to lapsing: renew at once when less than one period is left.
  const firstDelay = Math.min(
    options.renewEveryMs,
    Math.max(0, expiresAt - Date.now() - options.renewEveryMs),
  );
  let timer = setTimeout(renew, firstDelay);
  return {
    signal: controller.signal,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
