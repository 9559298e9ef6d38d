import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TicketBackend } from "../backend/ticket-backend.js";
import type { TicketRecord } from "../domain/ticket.js";
import { OriginFormatError } from "./origin-format-error.js";
import { parseOriginItem } from "./origin-item-file.js";
import { parseOriginThread } from "./origin-thread-file.js";
import { renderOriginItem, renderOriginThread, text } from "./origin-ticket-rendering.js";

/** Which backend `exportOriginTickets` reads and the directory it writes the origin layout to. */
export interface ExportOriginTicketsOptions {
  readonly backend: TicketBackend;
  /** Where ticket directories are written; an existing ticket directory is never overwritten. */
  readonly targetDir: string;
}

/** What `exportOriginTickets` wrote (with notes on what the origin format could not hold) and what it skipped. */
export interface ExportOriginTicketsResult {
  readonly exported: readonly {
    readonly ticketId: string;
    readonly dir: string;
    readonly notes: readonly string[];
  }[];
  readonly skipped: readonly { readonly ticketId: string; readonly problem: string }[];
}

/**
 * Writes every ticket of a backend in the origin layout (`<id>/item.md` and `thread.md`), the
 * reverse of `importOriginTickets`. What the origin format cannot hold — tokens, lease data,
 * edits, free-form details — is left out and counted in `notes`; a ticket whose text would not
 * read back the same (e.g. a body line that looks like an event header) is skipped.
 */
export async function exportOriginTickets(
  options: ExportOriginTicketsOptions,
): Promise<ExportOriginTicketsResult> {
  const { backend, targetDir } = options;
  await mkdir(targetDir, { recursive: true });
  const listed = await backend.list();
  const exported: { ticketId: string; dir: string; notes: string[] }[] = [];
  const skipped = listed.problems.map((problem) => ({
    ticketId: problem.ticketId,
    problem: problem.problem,
  }));
  for (const { id: ticketId } of listed.tickets) {
    const record = await backend.read(ticketId);
    if (record === undefined) continue;
    const item = renderOriginItem(record);
    const thread = renderOriginThread(record.events);
    const problem = readBackProblem(record, item, thread);
    if (problem !== undefined) {
      skipped.push({ ticketId, problem });
      continue;
    }
    const dir = join(targetDir, ticketId);
    try {
      await mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      skipped.push({ ticketId, problem: `'${dir}' already exists; the export never overwrites.` });
      continue;
    }
    try {
      await writeFile(join(dir, "item.md"), item, { flag: "wx" });
      await writeFile(join(dir, "thread.md"), thread, { flag: "wx" });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    exported.push({ ticketId, dir: ticketId, notes: lossNotes(record) });
  }
  return { exported, skipped };
}

/** Parses the rendered files back and says what would not come back the same, if anything. */
function readBackProblem(record: TicketRecord, item: string, thread: string): string | undefined {
  try {
    const parsedItem = parseOriginItem(item, "item.md");
    if (
      parsedItem.title !== record.ticket.title ||
      parsedItem.body !== record.ticket.body.replace(/\n\s*$/, "")
    ) {
      return "The title or body would not read back the same from item.md (e.g. leading blank lines in the body).";
    }
    const { blocks, notes } = parseOriginThread(thread, "thread.md");
    // A note means the import would have to guess (an embedded document, a missing rule): not the same text.
    const note = notes[0];
    if (note !== undefined) return `The rendered thread.md would not read back: ${note.message}`;
    const events = record.events.filter((event) => event.kind !== "relation");
    const changed = events.findIndex((event, index) => blocks[index]?.body !== text(event));
    if (blocks.length !== events.length || changed !== -1) {
      return `Event ${events[changed]?.seq ?? "?"} would not read back as one thread block with the same text (a body line that looks like an event header, a '---' before a '## ' heading, or blank lines around the text).`;
    }
    return undefined;
  } catch (error) {
    if (OriginFormatError.isInstance(error))
      return `The rendered ${error.file} would not read back: ${error.message}`;
    throw error;
  }
}

function lossNotes(record: TicketRecord): string[] {
  const lost = record.events.filter(
    (event) =>
      event.token !== undefined ||
      event.kind === "edit" ||
      event.data?.holder !== undefined ||
      event.data?.requestId !== undefined ||
      Object.keys(event.data?.details ?? {}).some((key) => !/^(origin|frontMatter\.)/.test(key)),
  );
  return lost.length === 0
    ? []
    : [
        `${lost.length} event(s) carry data the origin format cannot hold (tokens, leases, edits, details); left out`,
      ];
}
