import { createHash } from "node:crypto";
import type { Ticket } from "../../domain/ticket.js";
import { describeIssues, storedTicketSchema } from "./file-schemas.js";
import { FileFormatError, formatFrontMatter, parseFrontMatter } from "./front-matter.js";

/** Bumped when the snapshot layout changes; older snapshots are simply rebuilt from events. */
export const SNAPSHOT_FORMAT = 1;

const NOTICE = [
  "Generated from events/ by podkit: a cache of the ticket at 'seq', rebuilt whenever it is stale.",
  "Edits here are discarded; change tickets through podkit, which appends events.",
];

/**
 * `ticket.md`: the ticket's current fields as front matter (the same `key: <JSON>` lines as
 * events), then its body. Derived from the events and never authoritative; a `digest` over the
 * content makes a hand edit or a torn file detectable, so it is rebuilt instead of believed.
 */
export function formatSnapshotFile(ticket: Ticket): string {
  const fields = snapshotFields(ticket);
  return formatFrontMatter([...fields, ["digest", digestOf(fields, ticket.body)]], ticket.body, NOTICE);
}

/** Parses a snapshot; throws `FileFormatError` when it is damaged, edited or of another format. */
export function parseSnapshotFile(text: string): Ticket {
  const document = parseFrontMatter(text);
  const { snapshot, digest, ...stored } = Object.fromEntries(document.fields);
  if (snapshot !== SNAPSHOT_FORMAT) {
    throw new FileFormatError(
      `snapshot format ${JSON.stringify(snapshot)} is not the current ${SNAPSHOT_FORMAT}`,
    );
  }
  const result = storedTicketSchema.safeParse(stored);
  if (!result.success) throw new FileFormatError(describeIssues(result.error));
  const ticket = { ...result.data, body: document.body } as Ticket;
  if (digest !== digestOf(snapshotFields(ticket), ticket.body)) {
    throw new FileFormatError("the digest does not match the content (edited by hand, or written partly)");
  }
  return ticket;
}

function snapshotFields(ticket: Ticket): Array<readonly [string, unknown]> {
  return [
    ["snapshot", SNAPSHOT_FORMAT],
    ["id", ticket.id],
    ["seq", ticket.seq],
    ["title", ticket.title],
    ["state", ticket.state],
    ["priority", ticket.priority],
    ["assignee", ticket.assignee],
    ["relations", ticket.relations],
    ["intakeSummary", ticket.intakeSummary],
    ["queuedBy", ticket.queuedBy],
    ["queuedAt", ticket.queuedAt],
    ["lease", ticket.lease],
    ["resolution", ticket.resolution],
    ["reviews", ticket.reviews],
    ["createdAt", ticket.createdAt],
    ["createdBy", ticket.createdBy],
    ["updatedAt", ticket.updatedAt],
  ];
}

function digestOf(fields: ReadonlyArray<readonly [string, unknown]>, body: string): string {
  const hash = createHash("sha256");
  for (const [key, value] of fields) hash.update(`${key}\u0000${JSON.stringify(value, sortKeys)}\u0000`);
  return hash.update(body).digest("hex").slice(0, 32);
}

/** Key order must not matter: objects parsed back from a file need not keep the order they were built in. */
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
  );
}
