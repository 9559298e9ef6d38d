import { spawn } from "node:child_process";
import { BIN } from "../cli/run-podkit.js";

/** One line `podkit mcp` wrote to stdout, parsed. */
export interface RawAnswer {
  readonly jsonrpc?: string;
  readonly id?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string };
  readonly method?: string;
}

/** `podkit mcp` as a child process spoken to in raw bytes, as a client with bugs would. */
export interface RawMcpProcess {
  /** Writes bytes to its stdin as they are; settles once they are handed to the pipe. */
  write(bytes: string | Buffer): Promise<void>;
  /** Writes one message as a line of JSON. */
  send(message: unknown): Promise<void>;
  /** Sends `initialize` and `notifications/initialized` and waits for the answer. */
  initialize(): Promise<void>;
  /** Closes its stdin. */
  end(): void;
  /** Every stdout line so far, parsed. */
  readonly answers: readonly RawAnswer[];
  /** The first answer under `id`, once it arrives. */
  answerTo(id: unknown): Promise<RawAnswer>;
  /** The first answer that matches, once it arrives. */
  answerWhere(matches: (answer: RawAnswer) => boolean): Promise<RawAnswer>;
  /** Its stderr so far. */
  stderr(): string;
  /** Settles with its exit status when it exits. */
  readonly exited: Promise<number | null>;
  /** Kills it if it still runs. */
  kill(): void;
}

/**
 * Starts the real bin, `podkit mcp args…`, in `cwd` with a clean environment (no PODKIT_* of the
 * test runner's own) plus `env`. Stdout must be JSON lines only; a line that is not fails the wait.
 */
export function spawnRawPodkitMcp(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string>> },
): RawMcpProcess {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  const child = spawn(BIN, ["mcp", ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const answers: RawAnswer[] = [];
  let stdoutProblem: Error | undefined;
  let stderr = "";
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  let buffered = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      try {
        answers.push(JSON.parse(line) as RawAnswer);
      } catch {
        stdoutProblem = new Error(
          `podkit mcp wrote a line that is not JSON to stdout: ${line.slice(0, 200)}`,
        );
      }
    }
    wake();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  // The server may exit while a test still writes; the test reads that from `exited`.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      resolve(code);
      wake();
    });
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });

  const answerWhere = (matches: (answer: RawAnswer) => boolean) =>
    new Promise<RawAnswer>((resolve, reject) => {
      const check = () => {
        const found = answers.find(matches);
        const failure =
          stdoutProblem ??
          (found === undefined && exitCode !== undefined
            ? new Error(`podkit mcp exited (${exitCode}) without the answer; stderr:\n${stderr}`)
            : undefined);
        if (found === undefined && failure === undefined) return;
        waiters.delete(check);
        if (found !== undefined) resolve(found);
        else reject(failure);
      };
      waiters.add(check);
      check();
    });

  // A server that exited never drains its pipe: the write settles then too, and the test reads why.
  const write = (bytes: string | Buffer) =>
    new Promise<void>((resolve) => {
      if (child.stdin.write(bytes)) resolve();
      else {
        child.stdin.once("drain", resolve);
        void exited.then(() => resolve());
      }
    });
  const send = (message: unknown) => write(`${JSON.stringify(message)}\n`);

  return {
    write,
    send,
    initialize: async () => {
      await send({
        jsonrpc: "2.0",
        id: "init",
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      });
      await send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const answer = await answerWhere((candidate) => candidate.id === "init");
      if (answer.error !== undefined) throw new Error(`initialize failed: ${answer.error.message}`);
    },
    end: () => child.stdin.end(),
    answers,
    answerTo: (id) => answerWhere((answer) => answer.id === id),
    answerWhere,
    stderr: () => stderr,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
