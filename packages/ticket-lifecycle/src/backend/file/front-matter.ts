import { brandGuard, PodkitError } from "@podkit/core";

/**
 * The front matter the file backend writes: a `---` line, one `key: <JSON value>` line per
 * field, a closing `---` line, then the markdown body verbatim. JSON values are valid YAML, so
 * any YAML tool reads these files, while this line parser stays fast enough for hot paths.
 */

const DELIMITER = "---";
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A parsed document: the fields in file order and everything after the closing `---` line. */
export interface FrontMatterDocument {
  readonly fields: ReadonlyMap<string, unknown>;
  readonly body: string;
}

/**
 * Why a ticket file is not in the expected format (code `file_format`); `line` is 1-based when
 * known. The backend reports it as a `corrupt` ticket naming the file.
 */
export class FileFormatError extends PodkitError<"file_format"> {
  static override readonly isInstance = brandGuard<FileFormatError>("podkit.file-format-error");
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super("file_format", line === undefined ? message : `line ${line}: ${message}`);
    this.line = line;
  }
}

/**
 * Renders fields and a body. Fields whose value is `undefined` are left out; `comments` become
 * `# ` lines after the opening delimiter (YAML comments, skipped by the parser).
 */
export function formatFrontMatter(
  fields: ReadonlyArray<readonly [key: string, value: unknown]>,
  body: string,
  comments: readonly string[] = [],
): string {
  let text = `${DELIMITER}\n`;
  for (const comment of comments) text += `# ${comment}\n`;
  for (const [key, value] of fields) {
    if (value === undefined) continue;
    if (!KEY_PATTERN.test(key)) throw new FileFormatError(`'${key}' is not a front matter key`);
    text += `${key}: ${JSON.stringify(value)}\n`;
  }
  return `${text}${DELIMITER}\n${body}`;
}

/**
 * Parses a document. The front matter ends at the first `---` line after the opening one, so a
 * body may contain `---` lines of its own. Tolerates CRLF line ends inside the front matter.
 */
export function parseFrontMatter(text: string): FrontMatterDocument {
  const fields = new Map<string, unknown>();
  let position = lineEnd(text, 0);
  if (stripCarriageReturn(text.slice(0, position)) !== DELIMITER) {
    throw new FileFormatError(`expected '${DELIMITER}' to open the front matter`, 1);
  }
  for (let line = 2; ; line += 1) {
    if (position >= text.length)
      throw new FileFormatError(`no closing '${DELIMITER}' line after the front matter`, line);
    const start = position + 1;
    position = lineEnd(text, start);
    const content = stripCarriageReturn(text.slice(start, position));
    if (content === DELIMITER) {
      return { fields, body: position >= text.length ? "" : text.slice(position + 1) };
    }
    if (content === "" || content.startsWith("#")) continue;
    const separator = content.indexOf(": ");
    const key = separator === -1 ? content : content.slice(0, separator);
    if (separator === -1 || !KEY_PATTERN.test(key)) {
      throw new FileFormatError(`expected 'key: <JSON value>', found '${preview(content)}'`, line);
    }
    if (fields.has(key)) throw new FileFormatError(`'${key}' appears twice`, line);
    try {
      fields.set(key, JSON.parse(content.slice(separator + 2)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FileFormatError(`the value of '${key}' is not valid JSON (${reason})`, line);
    }
  }
}

function lineEnd(text: string, from: number): number {
  const index = text.indexOf("\n", from);
  return index === -1 ? text.length : index;
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function preview(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
