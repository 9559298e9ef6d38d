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

const KEY_AT_START = new RegExp(`^(${ORIGIN_HEADER_KEYS.join("|")}):(?=\\s|$)`);
const KEY_AHEAD = new RegExp(`\\s(?:${ORIGIN_HEADER_KEYS.join("|")}):(?=\\s|$)`);

/** Whether a thread line opens an event block (`<!-- event: …`). */
export function isEventHeaderLine(line: string): boolean {
  return /^<!--\s*event:/.test(line);
}

/**
 * Reads `<!-- event: KIND author: A at: TIME [from: X to: Y reason: R field: F status: S] -->`.
 * A value is either JSON-quoted (`"yoi ticket"`) or runs up to the next known key, so an
 * unquoted value may hold spaces and colons but not ` to: ` and the like. Returns the fields,
 * or a message saying what is wrong.
 */
export function parseEventHeader(line: string): OriginEventHeader | string {
  const trimmed = line.trim();
  if (!trimmed.endsWith("-->")) return "The event header does not end with '-->' on the same line.";
  const inner = trimmed.slice(4, -3).trim();
  const header: Record<string, string> = {};
  let rest = inner;
  while (rest !== "") {
    const key = KEY_AT_START.exec(rest)?.[1];
    if (key === undefined) {
      return `Cannot read the event header at ${JSON.stringify(rest.slice(0, 40))}: expected one of ${ORIGIN_HEADER_KEYS.join(", ")}.`;
    }
    if (Object.hasOwn(header, key)) return `The event header gives '${key}' twice.`;
    rest = rest.slice(key.length + 1).trimStart();
    const value = rest.startsWith('"') ? quoted(rest) : unquoted(rest);
    if (typeof value === "string") return value;
    header[key] = value.value;
    rest = rest.slice(value.length).trimStart();
  }
  return header;
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

function unquoted(text: string): { value: string; length: number } {
  const next = KEY_AHEAD.exec(text);
  const length = next === null ? text.length : next.index;
  return { value: text.slice(0, length).trim(), length };
}
