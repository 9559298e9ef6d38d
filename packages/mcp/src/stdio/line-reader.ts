import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import { TopLevelIdScanner } from "./top-level-id-scanner.js";

const NEWLINE = 0x0a;

/** A line longer than the limit, read to its end without being kept. */
export interface OversizedLine {
  /** Its length in bytes, without the newline. */
  readonly bytes: number;
  /** Its top-level `"id"`, when it is a JSON object that has a readable one. */
  readonly id: RequestId | undefined;
}

/** What a {@link LineReader} hands on. */
export interface LineHandlers {
  /** A complete line within the limit, decoded as UTF-8, without its newline (or `\r\n`). */
  line(text: string): void;
  /** A line over the limit: its bytes were dropped as they came. */
  oversized(line: OversizedLine): void;
}

/**
 * Splits a byte stream into newline-delimited lines (the MCP stdio framing) and holds at most
 * `maxLineBytes` of one line: past that, the rest of the line is only scanned for its id and
 * dropped, so one over-long message costs neither the memory nor the messages after it.
 */
export class LineReader {
  readonly #maxLineBytes: number;
  readonly #handlers: LineHandlers;
  #pieces: Buffer[] = [];
  #length = 0;
  /** Set while the current line is over the limit. */
  #oversized: { bytes: number; scanner: TopLevelIdScanner } | undefined;

  constructor(maxLineBytes: number, handlers: LineHandlers) {
    this.#maxLineBytes = maxLineBytes;
    this.#handlers = handlers;
  }

  /** Takes the next chunk of input; complete lines are handed on before it returns. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#take(chunk.subarray(start, end));
      this.#finishLine();
      start = end + 1;
    }
    if (start < chunk.length) this.#take(chunk.subarray(start));
  }

  /** The input ended: a last line without a newline is handed on as a line of its own. */
  end(): void {
    if (this.#length > 0 || this.#oversized !== undefined) this.#finishLine();
  }

  #take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.#oversized !== undefined) {
      this.#oversized.bytes += piece.length;
      this.#oversized.scanner.feed(piece);
      return;
    }
    if (this.#length + piece.length <= this.#maxLineBytes) {
      this.#pieces.push(piece);
      this.#length += piece.length;
      return;
    }
    const scanner = new TopLevelIdScanner();
    for (const held of this.#pieces) scanner.feed(held);
    scanner.feed(piece);
    this.#oversized = { bytes: this.#length + piece.length, scanner };
    this.#pieces = [];
    this.#length = 0;
  }

  #finishLine(): void {
    const oversized = this.#oversized;
    if (oversized !== undefined) {
      this.#oversized = undefined;
      this.#handlers.oversized({ bytes: oversized.bytes, id: oversized.scanner.id });
      return;
    }
    const text = Buffer.concat(this.#pieces, this.#length).toString("utf8");
    this.#pieces = [];
    this.#length = 0;
    this.#handlers.line(text.endsWith("\r") ? text.slice(0, -1) : text);
  }
}
