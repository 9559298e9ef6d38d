import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url));

/** A package as it is published: its name and the tarball `pnpm pack` wrote. */
export interface PackedPackage {
  readonly name: string;
  readonly tarball: string;
}

/** Runs a command and resolves with its stdout; a non-zero exit rejects with both streams. */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly input?: string },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error !== null)
          reject(new Error(`${command} ${args.join(" ")} failed (${error.code}):\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** pnpm as the test was started with it (`pnpm test` sets npm_execpath), else through corepack. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath?.includes("pnpm")) return [process.execPath, [execPath]];
  return ["corepack", ["pnpm"]];
}

/** Every package this repository publishes (`packages/*` that are not private). */
export function publishedPackages(): { name: string; directory: string }[] {
  return readdirSync(join(REPOSITORY, "packages"))
    .map((folder) => join(REPOSITORY, "packages", folder))
    .map((directory) => ({
      directory,
      manifest: JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
        name: string;
        private?: boolean;
      },
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({ name: manifest.name, directory }));
}

/** Packs every published package with pnpm (publishConfig applied, workspace ranges replaced) into `destination`. */
export async function packAll(destination: string): Promise<PackedPackage[]> {
  const [command, prefix] = pnpm();
  const packed: PackedPackage[] = [];
  for (const { name, directory } of publishedPackages()) {
    const { stdout } = await run(command, [...prefix, "pack", "--pack-destination", destination], {
      cwd: directory,
    });
    const tarball = stdout
      .trim()
      .split("\n")
      .map((line) => line.trim())
      .findLast((line) => line.endsWith(".tgz"));
    if (tarball === undefined) throw new Error(`pnpm pack printed no tarball for ${name}:\n${stdout}`);
    packed.push({ name, tarball });
  }
  return packed;
}
