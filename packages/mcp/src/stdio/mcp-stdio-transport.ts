import { AsyncResource } from "node:async_hooks";
import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CancelledNotificationSchema,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { REFUSAL_CODE, type RefusalResponse, refusalResponse } from "../json-rpc-error.js";
import { SessionGate } from "../session-gate.js";
import { LineReader, type OversizedLine } from "./line-reader.js";
import { readJsonRpcLine } from "./read-json-rpc-line.js";

/** The longest message read by default: 10 MiB, the SDK's own stdio limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** How long, by default, calls still running when input ends are waited for. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

/** The streams an `McpStdioTransport` speaks over and its message size and drain limits. */
export interface McpStdioTransportOptions {
  /** Where messages come from, one JSON-RPC message per line. */
  readonly stdin: Readable;
  /** Where answers go; nothing else may write there. */
  readonly stdout: Writable;
  /** The longest message read, in bytes; a longer one is refused (-32600) and skipped. */
  readonly maxMessageBytes?: number;
  /** After input ends, how long to wait for calls in flight to be answered before closing anyway. */
  readonly drainTimeoutMs?: number;
  /** Reports each message refused or dropped, one line each (to stderr in `serveStdio`). */
  readonly log: (line: string) => void;
}

/**
 * A server transport over newline-delimited JSON-RPC on a pair of streams (MCP's stdio transport),
 * for the SDK's `Server` in place of its `StdioServerTransport`, which ends the connection on one
 * over-long message, answers nothing that is not a valid message, lets any request through before
 * `initialize` and, when input ends, closes under calls still running. This one answers every bad
 * message with the JSON-RPC error for it and keeps serving, refuses requests out of the session's
 * order (a session gate), and when input ends answers the calls in flight before it closes.
 */
export class McpStdioTransport implements Transport {
  /** Set by the SDK's `Protocol` on connect. */
  onclose?: () => void;
  /** Set by the SDK's `Protocol` on connect. */
  onerror?: (error: Error) => void;
  /** Set by the SDK's `Protocol` on connect. */
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #maxMessageBytes: number;
  readonly #drainTimeoutMs: number;
  readonly #log: (line: string) => void;
  readonly #gate = new SessionGate();
  readonly #reader: LineReader;
  /** Requests handed to the server and not yet answered, by id (a count, should a client reuse one). */
  readonly #inFlight = new Map<RequestId, number>();
  readonly #writes = new Set<Promise<void>>();
  #started = false;
  /** `#onData` bound to the async context that started the transport (see {@link start}). */
  #onDataInContext: (chunk: Buffer | string) => void = () => {};
  #inputEnded = false;
  #closed = false;
  #drainTimer: NodeJS.Timeout | undefined;

  constructor(options: McpStdioTransportOptions) {
    this.#stdin = options.stdin;
    this.#stdout = options.stdout;
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.#log = options.log;
    this.#reader = new LineReader(this.#maxMessageBytes, {
      line: (text) => this.#onLine(text),
      oversized: (line) => this.#onOversized(line),
    });
  }

  /** Starts reading; the SDK's `connect` calls it. */
  async start(): Promise<void> {
    if (this.#started) throw new Error("McpStdioTransport already started; Server.connect starts it.");
    this.#started = true;
    // Messages are handled in the async context that started serving, not the one stdin was opened
    // in: so a trace the host made active (`podkit mcp` continues TRACEPARENT) covers every call.
    this.#onDataInContext = AsyncResource.bind(this.#onData);
    this.#stdin.on("data", this.#onDataInContext);
    this.#stdin.on("end", this.#onEnd);
    this.#stdin.on("error", this.#onInputError);
    this.#stdout.on("error", this.#onOutputError);
  }

  /** Writes one message; an answer to a request in flight settles it. */
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) throw new Error("Cannot send on a closed MCP stdio transport.");
    await this.#write(message);
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined)
      this.#settle(message.id);
  }

  /** Stops reading and closes at once, answered or not; the end of input closes after draining. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#drainTimer);
    this.#stdin.off("data", this.#onDataInContext);
    this.#stdin.off("end", this.#onEnd);
    this.#stdin.off("error", this.#onInputError);
    this.#stdout.off("error", this.#onOutputError);
    // Paused only when no one else reads it, as the SDK's own transport does.
    if (this.#stdin.listenerCount("data") === 0) this.#stdin.pause();
    this.onclose?.();
  }

  readonly #onData = (chunk: Buffer | string): void => {
    this.#reader.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  };

  readonly #onEnd = (): void => {
    if (this.#inputEnded) return;
    this.#reader.end();
    this.#inputEnded = true;
    if (this.#inFlight.size > 0) {
      this.#drainTimer = setTimeout(() => {
        this.#log(
          `input ended ${this.#drainTimeoutMs} ms ago; closing with ${this.#inFlight.size} call(s) unanswered (ids ${[...this.#inFlight.keys()].map((id) => JSON.stringify(id)).join(", ")})`,
        );
        void this.close();
      }, this.#drainTimeoutMs);
    }
    this.#closeWhenDrained();
  };

  readonly #onInputError = (error: Error): void => {
    this.#log(`input failed (${error.message}); answering the calls in flight, then closing`);
    this.onerror?.(error);
    this.#onEnd();
  };

  readonly #onOutputError = (error: Error): void => {
    // The client stopped reading (EPIPE or the like): nobody is left to answer.
    this.#log(`output failed (${error.message}); closing`);
    this.onerror?.(error);
    void this.close();
  };

  #onLine(text: string): void {
    if (this.#closed) return;
    const read = readJsonRpcLine(text);
    if (read.kind === "blank") return;
    if (read.kind === "refused") {
      this.#refuse(read.problem, read.response);
      return;
    }
    this.#receive(read.message);
  }

  #onOversized(line: OversizedLine): void {
    const problem = `Invalid Request: the message is ${line.bytes} bytes; the limit is ${this.#maxMessageBytes} bytes. Send a smaller message (e.g. smaller tool arguments).`;
    this.#refuse(problem, refusalResponse(line.id ?? null, REFUSAL_CODE.invalidRequest, problem));
  }

  #receive(message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) {
      const refusal = this.#gate.check(message);
      if (refusal !== undefined) {
        this.#refuse(refusal.error.message, refusal);
        return;
      }
      this.#inFlight.set(message.id, (this.#inFlight.get(message.id) ?? 0) + 1);
    } else if (isJSONRPCNotification(message)) {
      // A cancelled request is not answered (the SDK drops its result): stop waiting for it.
      const cancelled = CancelledNotificationSchema.safeParse(message);
      const requestId = cancelled.success ? cancelled.data.params.requestId : undefined;
      if (requestId !== undefined) this.#settle(requestId);
    }
    this.onmessage?.(message);
  }

  #refuse(problem: string, response: RefusalResponse | undefined): void {
    const answered =
      response === undefined
        ? "not answered"
        : `answered ${response.error.code} for id ${JSON.stringify(response.id)}`;
    this.#log(`refused a message (${answered}): ${problem}`);
    if (response !== undefined)
      this.#write(response).catch((error: Error) => this.#log(`could not answer: ${error.message}`));
  }

  #settle(id: RequestId): void {
    const count = this.#inFlight.get(id);
    if (count === undefined) return;
    if (count > 1) this.#inFlight.set(id, count - 1);
    else this.#inFlight.delete(id);
    this.#closeWhenDrained();
  }

  #closeWhenDrained(): void {
    if (!this.#inputEnded || this.#closed || this.#inFlight.size > 0) return;
    void Promise.allSettled([...this.#writes]).then(() => this.close());
  }

  #write(message: JSONRPCMessage | RefusalResponse): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      this.#stdout.write(`${JSON.stringify(message)}\n`, (error) => (error ? reject(error) : resolve()));
    });
    this.#writes.add(written);
    const forget = () => this.#writes.delete(written);
    written.then(forget, forget);
    return written;
  }
}
