import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The longest id read, in bytes as written (quotes included); a longer one is left unread. */
const MAX_ID_BYTES = 256;

/**
 * Finds the top-level `"id"` of a JSON object fed to it in pieces, without keeping the object:
 * how a message too long to hold can still be answered under its own id. It follows strings,
 * escapes and nesting byte by byte (JSON's structural characters are ASCII, so UTF-8 text needs
 * no decoding); only the bytes of the id's value are kept. An id that is not a string or an
 * integer, or a key spelled with escapes, is not read.
 */
export class TopLevelIdScanner {
  #depth = 0;
  #topIsObject = false;
  #inString = false;
  #escaped = false;
  /** At depth 1, whether the next string is a key (after `{` or `,`). */
  #expectKey = false;
  /** The bytes of the key being read at depth 1, or `undefined` once it cannot be `id`. */
  #key: number[] | undefined;
  /** The last complete key at depth 1, until its `:`. */
  #lastKey: string | undefined;
  /** The raw bytes of the id's value while it is read; `undefined` when not reading one. */
  #value: number[] | undefined;
  #valueIsString = false;
  #id: RequestId | undefined;

  /** The id found so far (the last one, as `JSON.parse` would keep), or `undefined`. */
  get id(): RequestId | undefined {
    return this.#id;
  }

  /** Reads the next piece of the message. */
  feed(bytes: Uint8Array): void {
    for (const byte of bytes) this.#step(byte);
  }

  #step(byte: number): void {
    if (this.#value !== undefined && this.#readValue(byte)) return;
    if (this.#inString) {
      this.#stepInString(byte);
      return;
    }
    switch (byte) {
      case QUOTE:
        this.#inString = true;
        if (this.#depth === 1 && this.#expectKey) this.#key = [];
        return;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        this.#depth += 1;
        if (this.#depth === 1) {
          this.#topIsObject = byte === OPEN_BRACE;
          this.#expectKey = this.#topIsObject;
        }
        return;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        this.#depth -= 1;
        return;
      case COMMA:
        if (this.#depth === 1) this.#expectKey = this.#topIsObject;
        return;
      case COLON:
        if (this.#depth === 1 && this.#lastKey === "id") {
          this.#value = [];
          this.#valueIsString = false;
        }
        this.#lastKey = undefined;
        return;
    }
  }

  #stepInString(byte: number): void {
    if (this.#escaped) {
      this.#escaped = false;
      this.#key = undefined;
      return;
    }
    if (byte === BACKSLASH) {
      this.#escaped = true;
      return;
    }
    if (byte === QUOTE) {
      this.#inString = false;
      if (this.#key !== undefined) this.#lastKey = Buffer.from(this.#key).toString("latin1");
      this.#key = undefined;
      this.#expectKey = false;
      return;
    }
    if (this.#key !== undefined) {
      this.#key.push(byte);
      if (this.#key.length > 2) this.#key = undefined;
    }
  }

  /** Collects the id's value; returns true while the byte belongs to it. */
  #readValue(byte: number): boolean {
    const value = this.#value as number[];
    if (value.length === 0) {
      if (isWhitespace(byte)) return true;
      if (byte === QUOTE) {
        this.#valueIsString = true;
        this.#inString = true;
      } else if (!isNumberByte(byte)) {
        // null, true, an object or an array: not an id a response can carry.
        this.#value = undefined;
        return false;
      }
      value.push(byte);
      return true;
    }
    if (this.#valueIsString) {
      // The scanner's own string state finds the closing quote, escapes included.
      value.push(byte);
      this.#stepInString(byte);
      if (!this.#inString) this.#finishValue();
      else if (value.length >= MAX_ID_BYTES) this.#value = undefined;
      return true;
    }
    if (!isNumberByte(byte)) {
      this.#finishValue();
      return false;
    }
    value.push(byte);
    if (value.length >= MAX_ID_BYTES) this.#value = undefined;
    return true;
  }

  #finishValue(): void {
    const raw = Buffer.from(this.#value as number[]).toString("utf8");
    this.#value = undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === "string" || Number.isSafeInteger(parsed)) this.#id = parsed as RequestId;
    } catch {
      // Not a JSON string or number after all: the id stays unread.
    }
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The bytes a JSON number is written with. */
function isNumberByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2b ||
    byte === 0x2e ||
    byte === 0x65 ||
    byte === 0x45
  );
}
