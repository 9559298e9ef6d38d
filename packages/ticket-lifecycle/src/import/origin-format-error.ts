/**
 * A defect in an origin ticket file: which file, which line (1-based) when known, and what is
 * wrong. Thrown by the origin parsers and turned into a `skipped` entry by the importer.
 */
export class OriginFormatError extends Error {
  readonly file: string;
  readonly line: number | undefined;

  constructor(options: { file: string; line?: number; message: string }) {
    super(options.message);
    this.name = "OriginFormatError";
    this.file = options.file;
    this.line = options.line;
  }
}
