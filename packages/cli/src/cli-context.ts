/** Somewhere text can be written: `process.stdout`, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
  /** True when the sink is a terminal (`process.stderr.isTTY`): progress may redraw a line. */
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

/** What a command may touch of its process: working directory, environment and the three streams. */
export interface CliContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** A command that finishes without throwing but not cleanly (e.g. doctor found problems) sets this. */
  exitCode: number;
}

/** A context over the real process. */
export function processContext(): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    exitCode: 0,
  };
}
