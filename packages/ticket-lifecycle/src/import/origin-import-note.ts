/**
 * What the import did with a shape it accepted rather than refused. Every note names its kind,
 * so a report can count them; `file` and `line` point at the origin text when there is one.
 */
export const IMPORT_NOTE_KINDS = [
  /** A `---` inside an event body followed by a `## ` heading or front matter: kept in that body. */
  "embedded-document",
  /** The legacy state `intake`, read as `planning`. */
  "legacy-state",
  /** Event header fields podkit does not know, kept on the event as `details["originHeader.<key>"]`. */
  "extra-header-fields",
  /** An event block without its closing `---` (the last one: a file cut short). */
  "missing-separator",
  /** A code fence never closed: it ends at the next event header instead of hiding it. */
  "unclosed-fence",
  /** A file beside `item.md`/`thread.md` stored as a comment event holding its text. */
  "attachment",
  /** A file beside `item.md`/`thread.md` recorded by path, size and SHA-256 only. */
  "reference",
  /** An origin `inprogress` ticket, imported `blocked`: its lease does not carry over. */
  "in-progress-blocked",
  /** A `queued` ticket: an Orchestrator watching the store may accept it. */
  "queued",
  /** A `closed` ticket without a resolution. */
  "closed-without-resolution",
  /** No `thread.md`, or an empty one. */
  "no-thread",
  /** No author or time of creation: the `create` event is attributed to the import. */
  "no-creation-record",
] as const;

/** One of {@link IMPORT_NOTE_KINDS}. */
export type ImportNoteKind = (typeof IMPORT_NOTE_KINDS)[number];

/** Something a reader of the import should know about one ticket. */
export interface ImportNote {
  readonly kind: ImportNoteKind;
  readonly message: string;
  /** The origin file, relative to the import directory. */
  readonly file?: string;
  readonly line?: number;
}

/** Builds a note, leaving out a missing line. */
export function importNote(
  kind: ImportNoteKind,
  message: string,
  where: { readonly file?: string; readonly line?: number | undefined } = {},
): ImportNote {
  return {
    kind,
    message,
    ...(where.file === undefined ? {} : { file: where.file }),
    ...(where.line === undefined ? {} : { line: where.line }),
  };
}
