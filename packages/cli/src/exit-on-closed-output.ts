/**
 * Makes the process exit quietly when a reader closes its standard output or error, as
 * `podkit tools | head -1` does: the rest of the output has nowhere to go, and the write's EPIPE
 * would otherwise crash the process with a stack trace. Any other stream error still throws.
 */
export function exitOnClosedOutput(streams: readonly NodeJS.WriteStream[], exit: () => never): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") exit();
      throw error;
    });
  }
}
