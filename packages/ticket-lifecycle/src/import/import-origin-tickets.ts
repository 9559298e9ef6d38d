import { readdir } from "node:fs/promises";
import { compareTicketIds } from "../backend/next-ticket-id.js";
import type { TicketBackend } from "../backend/ticket-backend.js";
import { TicketError } from "../domain/ticket-error.js";
import type { EventActor } from "../domain/ticket-event.js";
import type { TicketState } from "../domain/ticket-state.js";
import { OriginFormatError } from "./origin-format-error.js";
import { mapOriginTicket, type OriginTicketSource } from "./origin-ticket-mapping.js";
import { readOriginTicketDir, type SkippedOriginTicket } from "./read-origin-ticket-dir.js";

/** The actor recorded on events the import adds (relations, state corrections). */
export const DEFAULT_IMPORT_ACTOR: EventActor = { role: "import", agentId: "import" };

export interface ImportOriginTicketsOptions {
  /** A directory of origin ticket directories, each with `item.md` and usually `thread.md`. */
  readonly sourceDir: string;
  readonly backend: TicketBackend;
  /** Who the import's own events are attributed to; `DEFAULT_IMPORT_ACTOR` by default. */
  readonly actor?: EventActor;
  /** Check and report everything, write nothing. */
  readonly dryRun?: boolean;
}

/** One ticket the import stored (or, in a dry run, would store). */
export interface ImportedOriginTicket {
  readonly ticketId: string;
  readonly dir: string;
  /** The podkit state: the recorded one, except `inprogress`, which arrives `blocked`. */
  readonly state: TicketState;
  readonly originState: TicketState;
  /** Number of events in the stored history. */
  readonly events: number;
  readonly notes: readonly string[];
}

export interface ImportOriginTicketsResult {
  readonly dryRun: boolean;
  readonly imported: readonly ImportedOriginTicket[];
  readonly skipped: readonly SkippedOriginTicket[];
}

/**
 * Imports the origin project's ticket layout into a podkit backend. Each ticket is checked in
 * full and stored with one `importHistory` call, so a ticket is either imported whole or
 * reported in `skipped` with the file, line and problem; one bad ticket never stops the others.
 */
export async function importOriginTickets(
  options: ImportOriginTicketsOptions,
): Promise<ImportOriginTicketsResult> {
  const { backend, sourceDir } = options;
  const dryRun = options.dryRun ?? false;
  const actor = options.actor ?? DEFAULT_IMPORT_ACTOR;
  const dirs = await ticketDirs(sourceDir);
  const now = (await backend.now()).toISOString();
  const imported: ImportedOriginTicket[] = [];
  const skipped: SkippedOriginTicket[] = [];
  const sources: { dir: string; source: OriginTicketSource }[] = [];
  for (const dir of dirs) {
    const reading = await readOriginTicketDir(sourceDir, dir);
    if (reading.ok) sources.push({ dir, source: reading.source });
    else skipped.push(reading.skipped);
  }
  const dirsById = new Map<string, string[]>();
  for (const { dir, source } of sources)
    dirsById.set(source.ticketId, [...(dirsById.get(source.ticketId) ?? []), dir]);

  for (const { dir, source } of sources) {
    const { ticketId, itemFile } = source;
    const skip = (problem: string, file = itemFile) => skipped.push({ dir, ticketId, file, problem });
    const sharing = dirsById.get(ticketId) ?? [];
    if (sharing.length > 1) {
      skip(
        `Ticket id '${ticketId}' is declared by several directories (${sharing.join(", ")}); none of them is imported.`,
      );
      continue;
    }
    try {
      if ((await backend.read(ticketId)) !== undefined) {
        skip(
          `Ticket '${ticketId}' already exists in the ${backend.kind} backend; the import never overwrites.`,
        );
        continue;
      }
      const mapped = mapOriginTicket(source, { actor, now });
      if (!dryRun) await backend.importHistory(ticketId, mapped.events);
      const { state, originState, notes } = mapped;
      imported.push({ ticketId, dir, state, originState, events: mapped.events.length, notes });
    } catch (error) {
      if (error instanceof OriginFormatError) {
        skipped.push({
          dir,
          ticketId,
          file: error.file,
          ...(error.line === undefined ? {} : { line: error.line }),
          problem: error.message,
        });
      } else if (error instanceof TicketError) {
        skip(`The ${backend.kind} backend refused ticket '${ticketId}' (${error.code}): ${error.message}`);
      } else {
        throw error;
      }
    }
  }
  skipped.sort((left, right) => compareTicketIds(left.dir, right.dir));
  return { dryRun, imported, skipped };
}

async function ticketDirs(sourceDir: string): Promise<string[]> {
  try {
    const entries = await readdir(sourceDir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort(compareTicketIds);
  } catch (error) {
    throw new TicketError(
      "not_found",
      `Cannot read the origin ticket directory '${sourceDir}': ${(error as Error).message}`,
      { cause: error },
    );
  }
}
