import type { EventKind, NewTicketEvent } from "../domain/ticket-event.js";
import { LIMITS, TICKET_STATES, type TicketState } from "../domain/ticket-state.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import type { OriginThreadBlock } from "./origin-thread-file.js";

/** Origin kinds that podkit records under the same name. Everything else becomes a `comment`. */
export const ORIGIN_KINDS_KEPT: ReadonlySet<string> = new Set<EventKind>([
  "comment",
  "plan",
  "decision",
  "intake_summary",
  "state_changed",
  "acceptance",
  "progress",
  "failure",
  "review",
  "close",
]);
/** The origin writes `closed` as well as `close` for the closing event. */
const KIND_ALIASES: Readonly<Record<string, EventKind>> = { closed: "close" };
const VERDICTS: Readonly<Record<string, "approve" | "request_changes">> = {
  approve: "approve",
  approved: "approve",
  request_changes: "request_changes",
  changes_requested: "request_changes",
};
const STATE_FIELDS = new Set(["state", "workflow_state"]);

/** The origin's name for `planning` before it was renamed; read as `planning` with a note. */
export const LEGACY_STATES: Readonly<Record<string, TicketState>> = { intake: "planning" };
/** The prefix of event details that keep header fields podkit does not know. */
export const EXTRA_HEADER_PREFIX = "originHeader.";

/**
 * Maps one origin thread block (other than `create`) to a podkit event. Unknown kinds, reviews
 * without a verdict and changes of fields other than the state become comments that keep the
 * origin kind, field and values in `data.details`, so nothing is dropped or reinterpreted.
 * Header fields podkit does not know are kept as `details["originHeader.<key>"]`.
 */
export function mapThreadBlock(block: OriginThreadBlock, file: string, notes: ImportNote[]): NewTicketEvent {
  const fail = (message: string): never => {
    throw new OriginFormatError({ file, line: block.line, message });
  };
  const { header } = block;
  const details: Record<string, string> = {};
  if (block.heading !== undefined) details.originHeading = block.heading;
  if (header.field !== undefined) details.originField = header.field;
  if (header.status !== undefined) details.originStatus = header.status;
  const extraKeys = Object.keys(block.extra);
  for (const key of extraKeys) details[`${EXTRA_HEADER_PREFIX}${key}`] = block.extra[key] ?? "";
  if (extraKeys.length > 0) {
    notes.push(
      importNote(
        "extra-header-fields",
        `The '${block.kind}' event header has fields podkit does not know (${extraKeys.join(", ")}); kept on the event as ${extraKeys.map((key) => `${EXTRA_HEADER_PREFIX}${key}`).join(", ")}.`,
        { file, line: block.line },
      ),
    );
  }
  const legacy = (value: string | undefined, key: "from" | "to", where: "originFrom" | "originTo") => {
    const read = state(value, key, fail);
    if (value !== undefined && read !== undefined && read !== value) {
      details[where] = value;
      notes.push(
        importNote("legacy-state", `The legacy state '${value}' in '${key}:' is read as '${read}'.`, {
          file,
          line: block.line,
        }),
      );
    }
    return read;
  };
  const named = KIND_ALIASES[block.kind] ?? block.kind;
  let kind: EventKind = ORIGIN_KINDS_KEPT.has(named) ? (named as EventKind) : "comment";
  const verdict = VERDICTS[header.status ?? ""];
  if (kind === "review" && verdict === undefined) kind = "comment";
  const fieldIsState = header.field === undefined || STATE_FIELDS.has(header.field);
  if (kind === "state_changed" && !fieldIsState) kind = "comment";
  if (kind !== block.kind) details.originKind = block.kind;

  const movesState = kind !== "comment" && fieldIsState;
  const from = movesState ? legacy(header.from, "from", "originFrom") : undefined;
  let to = movesState ? legacy(header.to, "to", "originTo") : undefined;
  if (!movesState) {
    if (header.from !== undefined) details.originFrom = header.from;
    if (header.to !== undefined) details.originTo = header.to;
  }
  if (kind === "close") {
    if (to !== undefined && to !== "closed") fail(`The close event moves to '${to}', not 'closed'.`);
    to = "closed";
  }
  if ([...block.body].length > LIMITS.commentChars) {
    fail(
      `The '${block.kind}' event body is ${[...block.body].length} characters; podkit allows ${LIMITS.commentChars}.`,
    );
  }
  const reason = header.reason === undefined || header.reason === "" ? undefined : header.reason;
  if (reason !== undefined && [...reason].length > LIMITS.reasonChars) {
    fail(`The '${block.kind}' event reason is longer than ${LIMITS.reasonChars} characters.`);
  }
  const data = {
    ...(kind === "review" && verdict !== undefined ? { verdict } : {}),
    ...(kind === "close" ? { resolution: block.body.trim() } : {}),
    ...(Object.keys(details).length === 0 ? {} : { details }),
  };
  return {
    kind,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(reason === undefined ? {} : { reason }),
    ...(block.body === "" ? {} : { body: block.body }),
    ...(Object.keys(data).length === 0 ? {} : { data }),
  };
}

/**
 * Reads an origin state value (`from:` / `to:`): a podkit state, or a legacy name
 * (`LEGACY_STATES`) as its podkit state; refuses anything else.
 */
export function state(
  value: string | undefined,
  key: string,
  fail: (message: string) => never,
): TicketState | undefined {
  if (value === undefined || value === "") return undefined;
  if ((TICKET_STATES as readonly string[]).includes(value)) return value as TicketState;
  const legacy = LEGACY_STATES[value];
  if (legacy !== undefined) return legacy;
  return fail(
    `Unknown state '${value}' in '${key}:'. Known states: ${TICKET_STATES.join(", ")} (and the legacy ${Object.keys(LEGACY_STATES).join(", ")}).`,
  );
}
