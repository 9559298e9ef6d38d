import { execFile } from "node:child_process";

/** The outcome of a finished command. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell and resolves with its exit code and output (never rejects on exit code). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  const execOptions = {
    cwd: options.cwd,
    maxBuffer: 16 * 1024 * 1024,
    ...(options.env === undefined ? {} : { env: options.env }),
  };
  return new Promise((resolve, reject) => {
    execFile(file, [...args], execOptions, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}
