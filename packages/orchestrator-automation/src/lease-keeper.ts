import { ToolRefusedError } from "@podkit/core";
import type { TicketClient } from "./ticket-client.js";

/** A running renewal loop for one lease. `signal` aborts when the lease is lost. */
export interface KeptLease {
  readonly signal: AbortSignal;
  /** Renews now (joining a renewal already under way); settles once it succeeded or failed. */
  renewNow(): Promise<void>;
  /**
   * Whether the lease, by the local clock, has more than `marginMs` left — renewing first when it
   * has less. False when it is lost or a renewal could not bring it above the margin.
   */
  holdsFor(marginMs: number): Promise<boolean>;
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
  // On this process's clock, from when each renewal was asked (the store grants `leaseMs` from a
  // later moment): no clock skew with the store stretches it, and a pause of this process
  // (SIGSTOP, a long GC) counts against it. Until the first renewal, the store's word bounds it.
  let expiresAt = Math.min(Date.parse(options.expiresAt), Date.now() + options.leaseMs);
  let stopped = false;
  let renewing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const lose = (reason: string) => {
    if (controller.signal.aborted) return;
    controller.abort(new Error(reason));
    options.onLost(reason);
  };
  const renewOnce = async () => {
    const askedAt = Date.now();
    try {
      await options.client.renew(options.ticketId, options.token, options.leaseMs);
      expiresAt = askedAt + options.leaseMs;
    } catch (error) {
      if (ToolRefusedError.isInstance(error) && error.code === "lease_lost")
        return lose(`${error.tool}: ${error.message}`);
      if (Date.now() >= expiresAt)
        return lose(`could not renew before the lease expired: ${(error as Error).message}`);
    }
  };
  const schedule = (delay: number) => {
    clearTimeout(timer);
    if (!stopped && !controller.signal.aborted) timer = setTimeout(() => void renewNow(), delay);
  };
  const renewNow = (): Promise<void> => {
    if (stopped || controller.signal.aborted) return Promise.resolve();
    if (renewing === undefined) {
      clearTimeout(timer);
      renewing = renewOnce().finally(() => {
        renewing = undefined;
        schedule(options.renewEveryMs);
      });
    }
    return renewing;
  };
  // A resumed lease may be close to lapsing: renew at once when less than one period is left.
  schedule(Math.min(options.renewEveryMs, Math.max(0, expiresAt - Date.now() - options.renewEveryMs)));
  const timeLeft = () => expiresAt - Date.now();
  return {
    signal: controller.signal,
    renewNow,
    async holdsFor(marginMs) {
      if (controller.signal.aborted) return false;
      if (timeLeft() > marginMs) return true;
      await renewNow();
      return !controller.signal.aborted && timeLeft() > marginMs;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
