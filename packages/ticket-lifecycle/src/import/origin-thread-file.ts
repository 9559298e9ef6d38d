import { type OriginEventHeader, parseEventHeader } from "./origin-event-header.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import { closesFence, findEventStarts, isFenceLine } from "./origin-thread-scan.js";
import { parseOriginTime } from "./origin-time.js";

/** One block of an origin `thread.md`: its header fields, heading and markdown body. */
export interface OriginThreadBlock {
  /** 1-based line of the `<!-- event: … -->` header. */
  readonly line: number;
  readonly kind: string;
  readonly author: string;
  /** The header time in podkit's ISO form. */
  readonly at: string;
  readonly header: OriginEventHeader;
  /** Header fields podkit does not know, as written (`result: approve`). */
  readonly extra: Readonly<Record<string, string>>;
  /** The `## Heading` text, when the block has one. */
  readonly heading: string | undefined;
  readonly body: string;
}

/** A parsed `thread.md`: its blocks, and what the parser accepted that a reader should know. */
export interface OriginThread {
  readonly blocks: readonly OriginThreadBlock[];
  readonly notes: readonly ImportNote[];
}

/**
 * Splits a `thread.md` into event blocks. A block runs from its header to the next header
 * outside a fenced code block and ends with a `---` line. `---` lines and header-like lines
 * inside the body (or inside code fences) stay part of the body. Shapes the origin's own tools
 * left behind are read with a note rather than refused: a `---` followed by a `## ` heading or
 * front matter with no event header (an embedded document, kept in the body), a block without
 * its closing `---`, and a code fence never closed (it ends at the next event header).
 */
export function parseOriginThread(text: string, file: string): OriginThread {
  const lines = text.split("\n");
  const scan = findEventStarts(lines, file);
  const notes: ImportNote[] = scan.recoveredFences.map((fence) =>
    importNote(
      "unclosed-fence",
      `The code fence opened at line ${fence.line} is never closed; it is read as ending before the event header at line ${fence.endedBy}.`,
      { file, line: fence.line },
    ),
  );
  const blocks = scan.starts.map((start, position) => {
    const end = scan.starts[position + 1] ?? lines.length;
    return parseBlock({
      lines: lines.slice(start, end),
      line: start + 1,
      file,
      last: end === lines.length,
      notes,
    });
  });
  return { blocks, notes };
}

function parseBlock(options: {
  readonly lines: readonly string[];
  readonly line: number;
  readonly file: string;
  readonly last: boolean;
  readonly notes: ImportNote[];
}): OriginThreadBlock {
  const { lines, line, file, notes } = options;
  const fail = (message: string): never => {
    throw new OriginFormatError({ file, line, message });
  };
  const parsed = parseEventHeader(lines[0] ?? "");
  if (typeof parsed === "string") return fail(parsed);
  const { header, extra } = parsed;
  const kind = header.event ?? "";
  if (!/^[A-Za-z][\w-]*$/.test(kind)) fail(`The event kind ${JSON.stringify(kind)} is not a single word.`);
  const author = header.author ?? "";
  if (author === "") fail(`The '${kind}' event has no author.`);
  const at = header.at === undefined ? undefined : parseOriginTime(header.at);
  if (at === undefined) {
    fail(`The '${kind}' event time ${JSON.stringify(header.at ?? "")} is not an ISO 8601 time with a zone.`);
  }
  const leading = lines.slice(1).findIndex((text) => text.trim() !== "");
  const content = trimBlankLines(lines.slice(1));
  let bodyLines = content;
  if (content.at(-1)?.trim() === "---") bodyLines = trimBlankLines(content.slice(0, -1));
  else {
    notes.push(
      importNote(
        "missing-separator",
        options.last
          ? `The last event block ('${kind}' by ${author}) has no closing '---' (the file may have been cut short); its text is kept as it is.`
          : `The '${kind}' event block by ${author} has no closing '---' before the next event header; it ends there.`,
        { file, line },
      ),
    );
  }
  // The body starts at the first non-blank line after the header (file line numbers are 1-based).
  const embedded = embeddedDocumentLines(bodyLines, line + 1 + leading);
  if (embedded.length > 0) {
    notes.push(
      importNote(
        "embedded-document",
        `The '${kind}' event by ${author} holds '---' followed by a '## ' heading or front matter with no event header (line ${embedded.join(", ")}): read as a document embedded in its body, not as a new event.`,
        { file, line: embedded[0] },
      ),
    );
  }
  const heading = /^##\s+(.*?)\s*$/.exec(bodyLines[0] ?? "")?.[1];
  if (heading !== undefined) bodyLines = trimBlankLines(bodyLines.slice(1));
  return {
    line,
    kind,
    author,
    at: at as string,
    header,
    extra,
    heading,
    body: bodyLines.join("\n"),
  };
}

/**
 * The file lines of `---` rules inside a body (outside code fences) that open an embedded
 * document: the next non-blank line is a `## ` heading or a front matter `key: value`.
 * A rule that closes embedded front matter is part of the same document and not listed again.
 */
function embeddedDocumentLines(body: readonly string[], firstLine: number): number[] {
  const found: number[] = [];
  let fence: string | undefined;
  let inFrontMatter = false;
  for (const [index, text] of body.entries()) {
    const marker = isFenceLine(text);
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (closesFence(fence, marker, text)) fence = undefined;
      continue;
    }
    if (fence !== undefined || text.trim() !== "---") continue;
    if (inFrontMatter) {
      inFrontMatter = false;
      continue;
    }
    let next = index + 1;
    while (next < body.length && (body[next] ?? "").trim() === "") next += 1;
    const following = body[next] ?? "";
    if (/^##\s/.test(following)) found.push(firstLine + index);
    else if (/^[A-Za-z_][\w-]*:(\s|$)/.test(following) && next === index + 1) {
      found.push(firstLine + index);
      inFrontMatter = true;
    }
  }
  return found;
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start += 1;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end -= 1;
  return lines.slice(start, end);
}
