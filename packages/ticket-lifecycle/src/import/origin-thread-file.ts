import { isEventHeaderLine, type OriginEventHeader, parseEventHeader } from "./origin-event-header.js";
import { OriginFormatError } from "./origin-format-error.js";
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
  /** The `## Heading` text, when the block has one. */
  readonly heading: string | undefined;
  readonly body: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits a `thread.md` into event blocks. A block runs from its header to the next header
 * outside a fenced code block, and must end with a `---` line; `---` lines and header-like
 * lines inside the body (or inside code fences) stay part of the body.
 */
export function parseOriginThread(text: string, file: string): OriginThreadBlock[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  let fence: { marker: string; line: number } | undefined;
  for (const [index, line] of lines.entries()) {
    if (starts.length === 0) {
      if (isEventHeaderLine(line)) starts.push(index);
      else if (line.trim() !== "") {
        throw new OriginFormatError({
          file,
          line: index + 1,
          message:
            "Text before the first event block: every block must open with '<!-- event: KIND author: A at: TIME -->'.",
        });
      }
      continue;
    }
    const marker = FENCE.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = { marker, line: index + 1 };
    else if (fence !== undefined && marker !== undefined && closesFence(fence.marker, marker, line))
      fence = undefined;
    else if (fence === undefined && isEventHeaderLine(line)) starts.push(index);
    else if (fence === undefined && line.trim() === "---") requireHeaderAfter(lines, index, file);
  }
  if (fence !== undefined) {
    throw new OriginFormatError({
      file,
      line: fence.line,
      message: `The code fence opened at line ${fence.line} is never closed, so the event blocks after it cannot be told apart.`,
    });
  }
  return starts.map((start, position) =>
    parseBlock(lines.slice(start, starts[position + 1] ?? lines.length), start + 1, file),
  );
}

function parseBlock(lines: readonly string[], line: number, file: string): OriginThreadBlock {
  const fail = (message: string): never => {
    throw new OriginFormatError({ file, line, message });
  };
  const header = parseEventHeader(lines[0] ?? "");
  if (typeof header === "string") return fail(header);
  const kind = header.event ?? "";
  if (!/^[A-Za-z][\w-]*$/.test(kind)) fail(`The event kind ${JSON.stringify(kind)} is not a single word.`);
  const author = header.author ?? "";
  if (author === "") fail(`The '${kind}' event has no author.`);
  const at = header.at === undefined ? undefined : parseOriginTime(header.at);
  if (at === undefined) {
    fail(`The '${kind}' event time ${JSON.stringify(header.at ?? "")} is not an ISO 8601 time with a zone.`);
  }
  const content = trimBlankLines(lines.slice(1));
  if (content.at(-1)?.trim() !== "---") {
    fail(`The '${kind}' event block does not end with a '---' separator line (a truncated file?).`);
  }
  let bodyLines = trimBlankLines(content.slice(0, -1));
  const heading = /^##\s+(.*?)\s*$/.exec(bodyLines[0] ?? "")?.[1];
  if (heading !== undefined) bodyLines = trimBlankLines(bodyLines.slice(1));
  return { line, kind, author, at: at as string, header, heading, body: bodyLines.join("\n") };
}

/**
 * A separator followed by a `## Heading` is a block whose header is missing: read as the body
 * of the block before, it would be filed under the wrong author and time. A horizontal rule
 * right before a `##` heading inside a body is refused the same way (write `***` there).
 */
function requireHeaderAfter(lines: readonly string[], separator: number, file: string): void {
  let next = separator + 1;
  while (next < lines.length && (lines[next] ?? "").trim() === "") next += 1;
  if (/^##\s/.test(lines[next] ?? "")) {
    throw new OriginFormatError({
      file,
      line: next + 1,
      message: `A block without an event header: the '---' at line ${separator + 1} is followed by a '## ' heading instead of '<!-- event: KIND author: A at: TIME -->'.`,
    });
  }
}

function closesFence(open: string, marker: string, line: string): boolean {
  return marker[0] === open[0] && marker.length >= open.length && line.trim() === marker;
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start += 1;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end -= 1;
  return lines.slice(start, end);
}
