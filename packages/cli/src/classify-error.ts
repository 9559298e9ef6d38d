import { PodkitError } from "@podkit/core";
import { CliError, EXIT, errorMessage } from "./cli-error.js";

/** How a thrown error is reported: its `--json` code, a message and the exit status. */
export function classifyError(error: unknown): { code: string; message: string; exitCode: number } {
  if (CliError.isInstance(error))
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (PodkitError.isInstance(error)) {
    if (error.code === "invalid_config" || error.code === "invalid_role_config")
      return { code: "invalid_config", message: error.message, exitCode: EXIT.usage };
    if (error.code === "unknown_role") return { code: "usage", message: error.message, exitCode: EXIT.usage };
    if (error.code === "agent_locked")
      return { code: "agent_locked", message: error.message, exitCode: EXIT.refused };
  }
  return {
    code: "internal",
    message: `podkit failed unexpectedly: ${errorMessage(error)}`,
    exitCode: EXIT.refused,
  };
}
