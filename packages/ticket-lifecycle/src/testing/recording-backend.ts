import { AsyncLocalStorage } from "node:async_hooks";
import { MemoryTicketBackend } from "../backend/memory-ticket-backend.js";
import type { AppendOptions, AppendResult } from "../backend/ticket-backend.js";

/**
 * A memory backend that remembers which command produced each appended event, even when
 * commands interleave: run each command inside `as(label, …)`.
 */
export class RecordingBackend extends MemoryTicketBackend {
  readonly #labels = new AsyncLocalStorage<string>();
  readonly #producers = new Map<string, string>();

  /** Runs `action` so that every event it appends is recorded as produced by `label`. */
  as<T>(label: string, action: () => Promise<T>): Promise<T> {
    return this.#labels.run(label, action);
  }

  /** The label of the command that appended event `seq` of `ticketId`. */
  producerOf(ticketId: string, seq: number): string | undefined {
    return this.#producers.get(`${ticketId}#${seq}`);
  }

  override async append(ticketId: string, options: AppendOptions): Promise<AppendResult> {
    const result = await super.append(ticketId, options);
    if (result.ok)
      this.#producers.set(`${ticketId}#${result.event.seq}`, this.#labels.getStore() ?? "unlabelled");
    return result;
  }
}
