import { compareTicketIds } from "../backend/next-ticket-id.js";
import type { TicketBackend } from "../backend/ticket-backend.js";
import { TicketError } from "../domain/ticket-error.js";
import type { EventActor } from "../domain/ticket-event.js";
import type { TicketState } from "../domain/ticket-state.js";
import { findOriginTicketDirs, type OriginTicketDir } from "./find-origin-ticket-dirs.js";
import { OriginFormatError, type OriginSkipReason } from "./origin-format-error.js";
import type { ImportNote } from "./origin-import-note.js";
import { mapOriginTicket } from "./origin-ticket-mapping.js";
import { readOriginItem, readOriginTicketDir, skippedFor } from "./read-origin-ticket-dir.js";
import type { SkippedOriginTicket } from "./skipped-origin-ticket.js";

/** The actor recorded on events the import adds (relations, state corrections, attachments). */
export const DEFAULT_IMPORT_ACTOR: EventActor = { role: "import", agentId: "import" };

/** How far an import is: `read` while it reads every directory, then `import` while it stores. */
export interface ImportProgress {
  readonly phase: "read" | "import";
  /** Ticket directories finished in this phase. */
  readonly done: number;
  readonly total: number;
}

/** Where `importOriginTickets` reads the origin store, which backend it writes, as whom, and whether it only reports. */
export interface ImportOriginTicketsOptions {
  /** The origin store: ticket directories, flat or in buckets (`open/`, `closed/`, …). */
  readonly sourceDir: string;
  readonly backend: TicketBackend;
  /** Who the import's own events are attributed to; `DEFAULT_IMPORT_ACTOR` by default. */
  readonly actor?: EventActor;
  /** Check and report everything, write nothing. */
  readonly dryRun?: boolean;
  /** Called after each ticket directory of each phase; must not throw. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** One ticket the import stored (or, in a dry run, would store). */
export interface ImportedOriginTicket {
  readonly ticketId: string;
  /** The directory, relative to the source (`closed/T-12` in a bucketed layout). */
  readonly dir: string;
  /** The podkit state: the recorded one, except `inprogress`, which arrives `blocked`. */
  readonly state: TicketState;
  readonly originState: TicketState;
  /** Number of events in the stored history. */
  readonly events: number;
  readonly notes: readonly ImportNote[];
}

/** What `importOriginTickets` imported, with notes on what it had to adapt, and what it skipped and why. */
export interface ImportOriginTicketsResult {
  readonly dryRun: boolean;
  /** The bucket directories read (`open`, `closed`, …); empty for a flat layout. */
  readonly buckets: readonly string[];
  readonly imported: readonly ImportedOriginTicket[];
  readonly skipped: readonly SkippedOriginTicket[];
}

/**
 * Imports the origin project's ticket layout into a podkit backend. Each ticket is checked in
 * full and stored with one `importHistory` call, so a ticket is either imported whole or
 * reported in `skipped` with the file, line, reason and problem; one bad ticket never stops the
 * others. Shapes the origin left behind that are still tickets are imported with notes.
 */
export async function importOriginTickets(
  options: ImportOriginTicketsOptions,
): Promise<ImportOriginTicketsResult> {
  const { backend } = options;
  const dryRun = options.dryRun ?? false;
  const actor = options.actor ?? DEFAULT_IMPORT_ACTOR;
  const layout = await findOriginTicketDirs(options.sourceDir);
  const now = (await backend.now()).toISOString();
  const total = layout.tickets.length;
  const imported: ImportedOriginTicket[] = [];
  const skipped: SkippedOriginTicket[] = [...layout.refused];
  // First every id (item.md only, so a large store is never held in memory at once): a ticket
  // whose id another directory declares too is skipped with both directories named.
  const declared: { entry: OriginTicketDir; ticketId: string }[] = [];
  for (const [index, entry] of layout.tickets.entries()) {
    try {
      declared.push({ entry, ticketId: (await readOriginItem(layout.root, entry.dir)).ticketId });
    } catch (error) {
      skipped.push(skippedFor(entry.dir, undefined, error));
    }
    options.onProgress?.({ phase: "read", done: index + 1, total });
  }
  const dirsById = new Map<string, string[]>();
  for (const { entry, ticketId } of declared)
    dirsById.set(ticketId, [...(dirsById.get(ticketId) ?? []), entry.dir]);

  let done = total - declared.length;
  for (const { entry, ticketId } of declared) {
    const outcome = await importOne({
      entry,
      ticketId,
      root: layout.root,
      backend,
      actor,
      now,
      dryRun,
      sharing: dirsById.get(ticketId) ?? [],
    });
    if ("problem" in outcome) skipped.push(outcome);
    else imported.push(outcome);
    done += 1;
    options.onProgress?.({ phase: "import", done, total });
  }
  skipped.sort((left, right) => compareTicketIds(left.dir, right.dir));
  return { dryRun, buckets: layout.buckets, imported, skipped };
}

async function importOne(options: {
  readonly entry: OriginTicketDir;
  readonly ticketId: string;
  readonly root: string;
  readonly backend: TicketBackend;
  readonly actor: EventActor;
  readonly now: string;
  readonly dryRun: boolean;
  readonly sharing: readonly string[];
}): Promise<ImportedOriginTicket | SkippedOriginTicket> {
  const { entry, ticketId, backend } = options;
  const { dir } = entry;
  const itemFile = `${dir}/item.md`;
  const skip = (reason: OriginSkipReason, problem: string): SkippedOriginTicket => ({
    dir,
    ticketId,
    file: itemFile,
    reason,
    problem,
  });
  if (options.sharing.length > 1) {
    return skip(
      "duplicate_id",
      `Ticket id '${ticketId}' is declared by several directories (${options.sharing.join(", ")}); none of them is imported.`,
    );
  }
  try {
    if ((await backend.read(ticketId)) !== undefined) {
      return skip(
        "exists",
        `Ticket '${ticketId}' already exists in the ${backend.kind} backend; the import never overwrites.`,
      );
    }
    const reading = await readOriginTicketDir(options.root, entry);
    if (!reading.ok) return reading.skipped;
    const mapped = mapOriginTicket(reading.source, { actor: options.actor, now: options.now });
    if (!options.dryRun) await backend.importHistory(ticketId, mapped.events);
    const { state, originState, notes } = mapped;
    return { ticketId, dir, state, originState, events: mapped.events.length, notes };
  } catch (error) {
    if (TicketError.isInstance(error)) {
      return skip(
        "backend_refused",
        `The ${backend.kind} backend refused ticket '${ticketId}' (${error.code}): ${error.message}`,
      );
    }
    if (OriginFormatError.isInstance(error)) return skippedFor(dir, ticketId, error);
    // Whatever else went wrong belongs to this ticket alone: reported, and the import goes on.
    return skip(
      "internal",
      `Importing ticket '${ticketId}' failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
