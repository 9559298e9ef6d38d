/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger every feature and toolset writes to; bring your own (pino, console, …). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything; the default where none is given. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger that writes warnings and errors to stderr as one JSON line each. */
export function createStderrLogger(options: { level?: "debug" | "info" | "warn" | "error" } = {}): Logger {
  const order = ["debug", "info", "warn", "error"] as const;
  const threshold = order.indexOf(options.level ?? "warn");
  const write = (level: (typeof order)[number]) => (message: string, fields?: LogFields) => {
    if (order.indexOf(level) < threshold) return;
    process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
