import { brandGuard, PodkitError } from "@podkit/core";

import { EXIT } from "./exit-status.js";

export { EXIT };

/**
 * A command that cannot go on. `code` is what `--json` output reports (`usage`, `invalid_config`,
 * or a tool's refusal code); `exitCode` follows {@link EXIT}.
 */
export class CliError extends PodkitError {
  static override readonly isInstance = brandGuard<CliError>("podkit.cli-error");
  /** The process exit status this error ends the command with. */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { exitCode: number; cause?: unknown }) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode;
  }
}

/** The command line is wrong: a missing or malformed option, an unknown role. Exit status 2. */
export function usageError(message: string, cause?: unknown): CliError {
  return new CliError("usage", message, { exitCode: EXIT.usage, ...(cause === undefined ? {} : { cause }) });
}

/** An error's message for a line of output, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return `(a thrown ${typeof error})`;
  }
}
