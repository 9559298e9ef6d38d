import { cleanEnvironment, PODKIT_BIN, type RunningProcess, startNodeProcess } from "@podkit/harness";

/** Starts `podkit args…` in `cwd`, configured only by `env` (none of the test runner's PODKIT_*). */
export function startPodkit(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): RunningProcess {
  return startNodeProcess([PODKIT_BIN, ...args], { cwd: options.cwd, env: cleanEnvironment(options.env) });
}

/** Runs `podkit args…` to its end. */
export async function runPodkit(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> {
  const run = startPodkit(args, options);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
