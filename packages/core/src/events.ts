import { EventEmitter } from "eventemitter3";

/** Emitted after every call that reached a granted tool (success or refusal). */
export interface ToolCallEvent {
  readonly tool: string;
  readonly featureId: string;
  readonly role: string;
  readonly agentId: string;
  readonly ok: boolean;
  readonly code?: string;
  /** The grant rule that let the call through, e.g. `capability:read`. */
  readonly rule: string;
  readonly durationMs: number;
}

/** Emitted when a call is refused by policy: unknown or ungranted tool, or out of scope. */
export interface ToolDeniedEvent {
  readonly tool: string;
  readonly role: string;
  readonly agentId: string;
  readonly code: "unknown_tool" | "out_of_scope";
  /** The rule that decided, e.g. `capability-not-granted:orchestrate` or `scope:ticket`. */
  readonly rule: string;
}

/**
 * Every event podkit emits, by name. Features add theirs by module augmentation:
 * `declare module "@podkit/core" { interface PodkitEvents { "note-added": { id: string } } }`.
 */
export interface PodkitEvents {
  "tool-call": ToolCallEvent;
  "tool-denied": ToolDeniedEvent;
  "feature-installed": { readonly featureId: string; readonly tools: readonly string[] };
  "feature-skipped": { readonly featureId: string; readonly reason: string };
  "feature-disposed": { readonly featureId: string };
  /** The set of installed tools changed; toolsets re-resolve and adapters notify clients. */
  "tools-changed": { readonly generation: number };
  "listener-error": { readonly event: string; readonly error: unknown };
}

/** The name of any event the bus carries: a key of {@link PodkitEvents}. */
export type PodkitEventName = keyof PodkitEvents;
type Listener<Name extends PodkitEventName> = (payload: PodkitEvents[Name]) => void | Promise<void>;

/**
 * A typed event bus. Each listener is isolated: one that throws (or rejects) is reported
 * as `listener-error` and the others still run.
 */
export class PodkitEmitter {
  readonly #emitter = new EventEmitter();

  /** Subscribes; returns the function that unsubscribes. */
  on<Name extends PodkitEventName>(name: Name, listener: Listener<Name>): () => void {
    const isolated = (payload: PodkitEvents[Name]) => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.#reportFailure(name, error));
      } catch (error) {
        this.#reportFailure(name, error);
      }
    };
    this.#emitter.on(name, isolated);
    return () => this.#emitter.off(name, isolated);
  }

  /** Subscribes for the next event only. */
  once<Name extends PodkitEventName>(name: Name, listener: Listener<Name>): () => void {
    const off = this.on(name, (payload) => {
      off();
      return listener(payload);
    });
    return off;
  }

  /** Delivers `payload` to every listener of `name`; a listener that fails is reported as `listener-error`, not thrown. */
  emit<Name extends PodkitEventName>(name: Name, payload: PodkitEvents[Name]): void {
    this.#emitter.emit(name, payload);
  }

  /** How many listeners `name` has now. */
  listenerCount(name: PodkitEventName): number {
    return this.#emitter.listenerCount(name);
  }

  #reportFailure(event: string, error: unknown): void {
    if (event === "listener-error") {
      process.emitWarning(`A 'listener-error' listener threw: ${String(error)}`);
      return;
    }
    this.#emitter.emit("listener-error", { event, error });
  }
}
