import { fileURLToPath } from "node:url";

/** The script of {@link AcceptWorkerOptions}: start it with `startTsxWorker(ACCEPT_WORKER, options, { stdin: "pipe" })`. */
export const ACCEPT_WORKER = fileURLToPath(new URL("./accept-worker.ts", import.meta.url));

/** Which store a contender opens: the file backend, the naive negative control, or PostgreSQL. */
export type AcceptWorkerStore =
  | { readonly kind: "file"; readonly root: string }
  | { readonly kind: "naive"; readonly root: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema: string };

/** One contender of an acceptance race (see `accept-worker.ts`). */
export interface AcceptWorkerOptions {
  readonly store: AcceptWorkerStore;
  readonly worker: number;
  /** Tried in this order; rivals get the same list. */
  readonly ticketIds: readonly string[];
  /** Where to append `ticketId\tholder\ttoken` for each acceptance this process was told it won. */
  readonly log: string;
  /** Where to write each call's latency in ms, one a line (the contended benchmark); none by default. */
  readonly latencies?: string;
}
