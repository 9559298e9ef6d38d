import { isEventHeaderLine } from "./origin-event-header.js";
import { OriginFormatError } from "./origin-format-error.js";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** A code fence that never closed, read as ending before the event header at `endedBy`. */
export interface RecoveredFence {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** 1-based line of the event header the fence is taken to end before. */
  readonly endedBy: number;
}

/** The fence marker a line opens or closes with (```` ``` ````, `~~~~`), if any. */
export function isFenceLine(line: string): string | undefined {
  return FENCE.exec(line)?.[1];
}

/**
 * The (0-based) lines where event blocks start: header lines outside code fences. A fence that is
 * never closed would hide every header after it; the origin's tools wrote headers regardless of
 * fences, so such a fence is taken to end before the next header line, and is reported.
 * Text before the first header is refused: it belongs to no event.
 */
export function findEventStarts(
  lines: readonly string[],
  file: string,
): { readonly starts: number[]; readonly recoveredFences: RecoveredFence[] } {
  const forced = new Set<number>();
  const recoveredFences: RecoveredFence[] = [];
  for (;;) {
    const scan = scanOnce(lines, file, forced);
    const openFence = scan.openFence;
    if (openFence === undefined) return { starts: scan.starts, recoveredFences };
    const hidden = lines.findIndex((line, index) => index > openFence && isEventHeaderLine(line));
    if (hidden === -1) return { starts: scan.starts, recoveredFences };
    forced.add(hidden);
    recoveredFences.push({ line: openFence + 1, endedBy: hidden + 1 });
  }
}

function scanOnce(
  lines: readonly string[],
  file: string,
  forced: ReadonlySet<number>,
): { starts: number[]; openFence: number | undefined } {
  const starts: number[] = [];
  let fence: { marker: string; index: number } | undefined;
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
    if (forced.has(index)) {
      fence = undefined;
      starts.push(index);
      continue;
    }
    const marker = isFenceLine(line);
    if (fence === undefined && marker !== undefined) fence = { marker, index };
    else if (fence !== undefined && marker !== undefined && closesFence(fence.marker, marker, line))
      fence = undefined;
    else if (fence === undefined && isEventHeaderLine(line)) starts.push(index);
  }
  return { starts, openFence: fence?.index };
}

/** Whether `line` (whose fence marker is `marker`) closes a fence opened with `open`. */
export function closesFence(open: string, marker: string, line: string): boolean {
  return marker[0] === open[0] && marker.length >= open.length && line.trim() === marker;
}
