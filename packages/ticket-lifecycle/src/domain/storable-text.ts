import { TicketError } from "./ticket-error.js";
import type { EventActor, NewTicketEvent } from "./ticket-event.js";

/** A character that ticket text may not contain, and where (1-based, in characters). */
export interface UnstorableCharacter {
  readonly position: number;
  /** E.g. `U+0000 (NUL)` or `an unpaired surrogate U+D83C`. */
  readonly description: string;
}

/**
 * The first character of `text` that no ticket store keeps faithfully, or undefined: U+0000
 * (PostgreSQL text and jsonb refuse it) and a UTF-16 surrogate without its pair (not Unicode
 * text: UTF-8 files replace it with U+FFFD, jsonb refuses it). The one rule every backend follows.
 */
export function findUnstorableCharacter(text: string): UnstorableCharacter | undefined {
  let position = 0;
  for (const character of text) {
    position += 1;
    const code = character.codePointAt(0) ?? 0;
    if (code === 0) return { position, description: "U+0000 (NUL)" };
    // Iterating by code point leaves a surrogate alone only when it has no partner.
    if (code >= 0xd800 && code <= 0xdfff) {
      return { position, description: `an unpaired surrogate U+${code.toString(16).toUpperCase()}` };
    }
  }
  return undefined;
}

/**
 * Refuses, with `invalid_input` naming the field, any string in `value` (object keys included)
 * that ticket text may not contain. `path` names `value` as the caller knows it (`title`,
 * `details`); nested fields are named `details.path`.
 */
export function requireStorableText(ticketId: string | undefined, path: string, value: unknown): void {
  const found = findUnstorable(path, value);
  if (found === undefined) return;
  throw new TicketError("invalid_input", unstorableMessage(found), {
    ...(ticketId === undefined ? {} : { ticketId }),
  });
}

/**
 * The backends' backstop: refuses an event (and its actor) holding text that ticket text may not
 * contain, before anything is written, naming the event and the field.
 */
export function requireStorableEvent(options: {
  readonly ticketId: string | undefined;
  readonly event: NewTicketEvent & { readonly seq?: number };
  readonly actor: EventActor;
}): void {
  const { ticketId, event, actor } = options;
  const found = findUnstorable("", { ...event, actor });
  if (found === undefined) return;
  const subject = `${event.seq === undefined ? "An event" : `Event ${event.seq}`} of ${ticketId === undefined ? "a new ticket" : `ticket '${ticketId}'`}`;
  throw new TicketError("invalid_input", `${subject} cannot be stored: ${unstorableMessage(found)}`, {
    ...(ticketId === undefined ? {} : { ticketId }),
  });
}

/** Where unstorable text was found: in the value at `path`, or in a key of the object at `path`. */
interface Found {
  readonly path: string;
  readonly inKey: boolean;
  readonly character: UnstorableCharacter;
}

function unstorableMessage(found: Found): string {
  const where = found.inKey
    ? `A field name${found.path === "" ? "" : ` in '${found.path}'`}`
    : `'${found.path}'`;
  return `${where} contains ${found.character.description} at character ${found.character.position}. Ticket text must be Unicode text without NUL characters or unpaired surrogates, which not every ticket store can keep; remove or replace it (e.g. with U+FFFD).`;
}

function findUnstorable(path: string, value: unknown): Found | undefined {
  if (typeof value === "string") {
    const character = findUnstorableCharacter(value);
    return character === undefined ? undefined : { path, inKey: false, character };
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const inKey = findUnstorableCharacter(key);
    if (inKey !== undefined) return { path, inKey: true, character: inKey };
    const found = findUnstorable(path === "" ? key : `${path}.${key}`, child);
    if (found !== undefined) return found;
  }
  return undefined;
}
