import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/**
 * Per test and per hook: each run starts a real Node process that loads TypeScript sources, which
 * on a busy two-core machine can take seconds. This bounds a hang; it asserts nothing about speed.
 */
export const CLI_TIMEOUT_MS = 240_000;

/** The real bin, by absolute path: tests run it as a user would, in its own process. */
export const BIN = fileURLToPath(new URL("../../packages/cli/bin/podkit.js", import.meta.url));
export const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface PodkitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  /** Variables added to a clean environment (no PODKIT_* of the test runner's own). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed. */
  readonly input?: string;
  /** The program to run; the bin by default. */
  readonly file?: string;
}

/** Runs `podkit args…` and collects its exit status and output. */
export function runPodkit(args: readonly string[], options: RunOptions): Promise<PodkitRun> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.file ?? BIN,
      [...args],
      { cwd: options.cwd, env: { ...env, ...options.env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** Repositories made by this file's tests, removed once they are done. */
const made: string[] = [];
// Registered while the test file that imports this module is collected: it runs after that file's tests.
afterAll(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/**
 * A fresh git repository in a temp directory (real path, so messages can be matched), removed
 * after the tests of the file that made it.
 */
export async function makeRepository(): Promise<string> {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), "podkit-cli-")));
  made.push(directory);
  await new Promise<void>((resolve, reject) =>
    execFile("git", ["init", "--quiet", directory], (error) => (error === null ? resolve() : reject(error))),
  );
  return directory;
}

/**
 * A git repository with `podkit init` already run in it. `init` writes `auth: required`; unless
 * `auth` says so the configuration is switched to `auth: off`, so tests that act through
 * `--role` and `PODKIT_*` variables need no credentials.
 */
export async function makeInitializedRepository(
  options: { readonly auth?: "required" | "off" } = {},
): Promise<string> {
  const directory = await makeRepository();
  const init = await runPodkit(["init"], { cwd: directory });
  if (init.code !== 0) throw new Error(`podkit init failed: ${init.stderr}`);
  if ((options.auth ?? "off") === "off") {
    const file = join(directory, "podkit.config.yaml");
    const text = readFileSync(file, "utf8");
    if (!/^auth: required$/m.test(text))
      throw new Error(`podkit init wrote no 'auth: required' line:\n${text}`);
    writeFileSync(file, text.replace(/^auth: required$/m, "auth: off"));
  }
  return directory;
}

/** Parses stdout that must be one JSON document (any layout); a failure shows stderr too. */
export function stdoutJson<T>(run: PodkitRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch (error) {
    throw new Error(
      `stdout is not JSON (exit ${run.code}): ${(error as Error).message}\nstderr:\n${run.stderr}`,
    );
  }
}

/** Parses stdout that must be exactly one JSON object on one line. */
export function singleJson(run: PodkitRun): {
  ok: boolean;
  output?: unknown;
  error?: { code: string; message: string };
} {
  const lines = run.stdout.split("\n");
  if (lines.length !== 2 || lines[1] !== "")
    throw new Error(`expected one line of JSON on stdout, got:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const value: unknown = JSON.parse(lines[0] ?? "");
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`expected a JSON object, got ${lines[0]}`);
  return value as never;
}
