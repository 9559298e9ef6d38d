import { PodkitError } from "@podkit/core";
import { CommanderError } from "commander";
import type { CliContext } from "./cli-context.js";
import { CliError, EXIT, errorMessage } from "./cli-error.js";
import { createProgram } from "./program.js";

/**
 * Runs one podkit command line (arguments after the program name) and returns the exit status:
 * 0 success, 1 refused (a tool said no, doctor found problems), 2 usage or configuration error.
 * Under `podkit call` or `--json`, every outcome is one JSON object on stdout.
 */
export async function runCli(args: readonly string[], context: CliContext): Promise<number> {
  const json = args[0] === "call" || args.includes("--json");
  try {
    await createProgram(context).parseAsync([...args], { from: "user" });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already written its message (or the help/version text) to stderr/stdout.
      if (error.exitCode === 0) return EXIT.ok;
      if (json) writeJsonError(context, "usage", stripPrefix(error.message));
      return EXIT.usage;
    }
    const failure = classify(error);
    if (failure.code === "internal" && error instanceof Error && error.stack !== undefined)
      context.stderr.write(`${error.stack}\n`);
    else context.stderr.write(`podkit: ${failure.message}\n`);
    if (json) writeJsonError(context, failure.code, failure.message);
    return failure.exitCode;
  }
}

function classify(error: unknown): { code: string; message: string; exitCode: number } {
  if (CliError.isInstance(error))
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (PodkitError.isInstance(error)) {
    if (error.code === "invalid_config" || error.code === "invalid_role_config")
      return { code: "invalid_config", message: error.message, exitCode: EXIT.usage };
    if (error.code === "unknown_role") return { code: "usage", message: error.message, exitCode: EXIT.usage };
  }
  return {
    code: "internal",
    message: `podkit failed unexpectedly: ${errorMessage(error)}`,
    exitCode: EXIT.refused,
  };
}

function writeJsonError(context: CliContext, code: string, message: string): void {
  context.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
}

function stripPrefix(message: string): string {
  return message.replace(/^error: /, "");
}
