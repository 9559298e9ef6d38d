import { CommanderError } from "commander";
import type { CliContext } from "./cli-context.js";
import { EXIT } from "./exit-status.js";
import { createProgram } from "./program.js";

/** The Pod commands: they continue the trace their environment names (TRACEPARENT), if any. */
const TRACED_COMMANDS = new Set(["call", "agent", "mcp"]);

/**
 * Runs one podkit command line (arguments after the program name) and returns the exit status:
 * 0 success, 1 refused (a tool said no, doctor found problems), 2 usage or configuration error.
 * Under `podkit call` or `--json`, every outcome is one JSON object on stdout.
 */
export async function runCli(args: readonly string[], context: CliContext): Promise<number> {
  const json = args[0] === "call" || args.includes("--json");
  try {
    const parse = async () => {
      await (await createProgram(context, args)).parseAsync([...args], { from: "user" });
    };
    if (TRACED_COMMANDS.has(args[0] ?? "")) {
      // Loaded only for Pod commands: it needs @podkit/core and the OpenTelemetry API.
      const { continueTrace } = await import("./session/continue-trace.js");
      await continueTrace(context.env, parse);
    } else await parse();
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already written its message (or the help/version text) to stderr/stdout.
      if (error.exitCode === 0) return EXIT.ok;
      if (json) writeJsonError(context, "usage", stripPrefix(error.message));
      return EXIT.usage;
    }
    // Loaded only on this path: it needs @podkit/core, which `--version` and `--help` never load.
    const { classifyError } = await import("./classify-error.js");
    const failure = classifyError(error);
    if (failure.code === "internal" && error instanceof Error && error.stack !== undefined)
      context.stderr.write(`${error.stack}\n`);
    else context.stderr.write(`podkit: ${failure.message}\n`);
    if (json) writeJsonError(context, failure.code, failure.message);
    return failure.exitCode;
  }
}

function writeJsonError(context: CliContext, code: string, message: string): void {
  context.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
}

function stripPrefix(message: string): string {
  return message.replace(/^error: /, "");
}
