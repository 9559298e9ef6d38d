import type { ImportProgress } from "@podkit/ticket-lifecycle/import";
import type { TextSink } from "../cli-context.js";

/** A non-terminal gets one line per this many tickets. */
export const PROGRESS_LINE_EVERY = 100;
const BAR_WIDTH = 30;

/** What the progress printer says and where; `finish` clears a drawn bar (again: nothing). */
export interface ImportProgressPrinter {
  readonly onProgress: (progress: ImportProgress) => void;
  finish(): void;
}

/**
 * Prints how far `podkit ticket import` is: on a terminal a bar redrawn in place for each
 * phase (`Reading` the directories, then `Importing` or `Checking` them); elsewhere (a log, a
 * pipe) a line per {@link PROGRESS_LINE_EVERY} tickets stored, so the output stays short.
 */
export function createImportProgressPrinter(
  out: TextSink,
  options: { readonly dryRun: boolean },
): ImportProgressPrinter {
  const storing = options.dryRun ? "Checking" : "Importing";
  let drawn = false;
  if (out.isTTY === true) {
    return {
      onProgress: ({ phase, done, total }) => {
        out.write(`\r\u001b[K${bar(phase === "read" ? "Reading" : storing, done, total)}`);
        drawn = true;
      },
      finish: () => {
        if (drawn) out.write("\r\u001b[K");
        drawn = false;
      },
    };
  }
  return {
    onProgress: ({ phase, done, total }) => {
      if (phase === "import" && done % PROGRESS_LINE_EVERY === 0) {
        out.write(`${options.dryRun ? "Checked" : "Imported"} ${done} of ${total} tickets…\n`);
      }
    },
    finish: () => undefined,
  };
}

/** `Importing  [#########.....................]  120/523` */
export function bar(label: string, done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `${label.padEnd(9)} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(done).padStart(String(total).length)}/${total}`;
}
