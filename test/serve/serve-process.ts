import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const PODKIT_BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));

/** A running `podkit serve`, its URL once it listens, and its output for failure messages. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts `podkit serve --port 0 args…` in `cwd` with a clean PODKIT_* environment plus `env`, and
 * waits for the line that names its URL. The ceiling only bounds a hang on a slow machine.
 */
export async function startServe(options: {
  readonly cwd: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ServeProcess> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  const child = spawn(process.execPath, [PODKIT_BIN, "serve", "--port", "0", ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`podkit serve did not start in 120 s:\n${output}`)),
      120_000,
    );
    const check = () => {
      const match = /the board at (http:\/\/[^\s/]+)\//.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`podkit serve exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
