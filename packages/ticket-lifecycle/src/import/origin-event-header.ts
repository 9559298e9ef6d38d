/** The keys an origin event header may carry, in the order the origin writes them. */
export const ORIGIN_HEADER_KEYS = [
  "event",
  "author",
  "at",
  "from",
  "to",
  "reason",
  "field",
  "status",
] as const;
export type OriginHeaderKey = (typeof ORIGIN_HEADER_KEYS)[number];
export type OriginEventHeader = Partial<Record<OriginHeaderKey, string>>;

/** A header read in full: the known keys, and every other `key: value` in the order written. */
export interface ParsedEventHeader {
  readonly header: OriginEventHeader;
  /** Keys podkit does not know (`result: approve`), kept so nothing of the header is lost. */
  readonly extra: Readonly<Record<string, string>>;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(ORIGIN_HEADER_KEYS);
/** Free text: an unquoted reason runs to the next known key, so it may hold `by: T-12`. */
const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(["reason"]);
const KEY = "[A-Za-z_][\\w-]*";
const KEY_AT_START = new RegExp(`^(${KEY}):(?=\\s|$)`);
const ANY_KEY_AHEAD = new RegExp(`\\s${KEY}:(?=\\s|$)`);
const KNOWN_KEY_AHEAD = new RegExp(`\\s(?:${ORIGIN_HEADER_KEYS.join("|")}):(?=\\s|$)`);

/** Whether a thread line opens an event block (`<!-- event: …`). */
export function isEventHeaderLine(line: string): boolean {
  return /^<!--\s*event:/.test(line);
}

/**
 * Reads `<!-- event: KIND author: A at: TIME [from: X to: Y reason: R field: F status: S] [key: value…] -->`.
 * A value is either JSON-quoted (`"yoi ticket"`) or runs up to the next `key:` (a word, a colon
 * and a space), so an unquoted value may hold spaces and colons but not ` word: `; an unquoted
 * `reason` runs to the next known key instead. Returns the fields, or a message saying what is wrong.
 */
export function parseEventHeader(line: string): ParsedEventHeader | string {
  const trimmed = line.trim();
  if (!trimmed.endsWith("-->")) return "The event header does not end with '-->' on the same line.";
  const inner = trimmed.slice(4, -3).trim();
  const header: Record<string, string> = {};
  const extra: Record<string, string> = {};
  let rest = inner;
  while (rest !== "") {
    const key = KEY_AT_START.exec(rest)?.[1];
    if (key === undefined) {
      return `Cannot read the event header at ${JSON.stringify(rest.slice(0, 40))}: expected 'key: value' (${ORIGIN_HEADER_KEYS.join(", ")}, or another word).`;
    }
    const target = KNOWN_KEYS.has(key) ? header : extra;
    if (Object.hasOwn(target, key)) return `The event header gives '${key}' twice.`;
    rest = rest.slice(key.length + 1).trimStart();
    const value = rest.startsWith('"')
      ? quoted(rest)
      : unquoted(rest, FREE_TEXT_KEYS.has(key) ? KNOWN_KEY_AHEAD : ANY_KEY_AHEAD);
    if (typeof value === "string") return value;
    target[key] = value.value;
    rest = rest.slice(value.length).trimStart();
  }
  return { header, extra };
}

function quoted(text: string): { value: string; length: number } | string {
  const match = /^"(?:[^"\\]|\\.)*"/.exec(text);
  const raw = match?.[0];
  if (raw === undefined) return "An event header value opens a '\"' quote that is never closed.";
  if (text.length > raw.length && !/^\s/.test(text.slice(raw.length))) {
    return `The quoted header value ${raw} is followed by text without a space.`;
  }
  try {
    return { value: JSON.parse(raw) as string, length: raw.length };
  } catch {
    return `The quoted header value ${raw} has an invalid escape.`;
  }
}

function unquoted(text: string, nextKey: RegExp): { value: string; length: number } {
  const next = nextKey.exec(text);
  const length = next === null ? text.length : next.index;
  return { value: text.slice(0, length).trim(), length };
}
