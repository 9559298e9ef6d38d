import type { Stats } from "node:fs";
import { constants, type FileHandle } from "node:fs/promises";
import { WorkspaceError } from "../workspace-error.js";
import { type OpenedDirectory, WorktreeOpener } from "./open-in-worktree.js";
import { type ResolvedPath, resolveInWorktree } from "./resolve-in-worktree.js";
import { quote } from "./workspace-path.js";

const { O_CREAT, O_RDONLY, O_RDWR, O_WRONLY } = constants;

export interface WorktreeFilesOptions {
  /** The worktree's real root (`realpath` of it). */
  readonly realRoot: string;
  /** Force opening by path and verifying (`false`) or through `/proc/self/fd` (`true`); detected by default. */
  readonly procFd?: boolean;
  /** Runs between the check and the open; tests make symlinks appear there. */
  readonly beforeOpen?: (resolved: ResolvedPath) => void | Promise<void>;
}

/** A file read whole, with its size on disk. */
export interface FileContent {
  /** The path, normalised. */
  readonly path: string;
  readonly bytes: Buffer;
  readonly size: number;
}

/**
 * The worktree's files as the tools see them: every path is resolved inside the worktree first
 * and opened without following symlinks after, so a refused path touches nothing.
 */
export class WorktreeFiles {
  readonly realRoot: string;
  readonly opener: WorktreeOpener;
  readonly #beforeOpen: WorktreeFilesOptions["beforeOpen"];

  constructor(options: WorktreeFilesOptions) {
    this.realRoot = options.realRoot;
    this.opener = new WorktreeOpener({
      realRoot: options.realRoot,
      ...(options.procFd === undefined ? {} : { procFd: options.procFd }),
    });
    this.#beforeOpen = options.beforeOpen;
  }

  /** Checks a path for a tool that does not open it itself (a git pathspec); it may be missing. */
  resolve(input: string, options: { allowMissing: boolean }): Promise<ResolvedPath> {
    return resolveInWorktree(this.realRoot, input, options);
  }

  /** Reads a regular file whole, refusing one larger than `maxBytes` before reading it. */
  async readFile(input: string, options: { maxBytes: number }): Promise<FileContent> {
    const resolved = await this.resolve(input, { allowMissing: false });
    if (resolved.kind !== "file") throw notAFile(resolved, "read");
    return this.#withFile(resolved, O_RDONLY, async (handle, stats) => {
      assertSize(resolved, stats.size, options.maxBytes);
      return { path: resolved.path.normalized, bytes: await handle.readFile(), size: stats.size };
    });
  }

  /**
   * Replaces a file's content, creating it and its missing parent directories as needed.
   * @returns the normalised path and whether the file was created.
   */
  async writeFile(input: string, content: Buffer): Promise<{ path: string; created: boolean }> {
    const resolved = await this.resolve(input, { allowMissing: true });
    const created = resolved.missing.length > 0;
    if (!created && resolved.kind !== "file") throw notAFile(resolved, "write");
    return this.#withFile(resolved, O_WRONLY | O_CREAT, async (handle) => {
      await handle.truncate(0);
      await writeAll(handle, content);
      return { path: resolved.path.normalized, created };
    });
  }

  /**
   * Reads a file and writes back what `transform` makes of it (given the bytes and the
   * normalised path), on the one open handle; a throw from `transform` leaves the file as it was.
   */
  async updateFile<T>(
    input: string,
    options: { maxBytes: number },
    transform: (bytes: Buffer, path: string) => { bytes: Buffer; result: T },
  ): Promise<T> {
    const resolved = await this.resolve(input, { allowMissing: false });
    if (resolved.kind !== "file") throw notAFile(resolved, "edit");
    return this.#withFile(resolved, O_RDWR, async (handle, stats) => {
      assertSize(resolved, stats.size, options.maxBytes);
      const { bytes, result } = transform(await handle.readFile(), resolved.path.normalized);
      await handle.truncate(0);
      await writeAll(handle, bytes);
      return result;
    });
  }

  /** Opens a directory that exists (for listings), with the path checked and the open race-free. */
  async openDirectory(input: string): Promise<{ resolved: ResolvedPath; directory: OpenedDirectory }> {
    const resolved = await this.resolve(input, { allowMissing: false });
    if (resolved.kind !== "directory") {
      throw new WorkspaceError(
        "not_a_directory",
        `Path ${quote(resolved.path.normalized)} is a file, not a directory; read it with workspace_read.`,
      );
    }
    await this.#beforeOpen?.(resolved);
    return {
      resolved,
      directory: await this.opener.openDirectory(resolved.realSegments, resolved.path.normalized),
    };
  }

  async #withFile<T>(
    resolved: ResolvedPath,
    flags: number,
    use: (handle: FileHandle, stats: Stats) => Promise<T>,
  ): Promise<T> {
    await this.#beforeOpen?.(resolved);
    const segments = [...resolved.realSegments, ...resolved.missing];
    const name = segments.at(-1) as string;
    const asked = resolved.path.normalized;
    const parent = await this.opener.openDirectory(
      segments.slice(0, -1),
      asked,
      Math.max(0, resolved.missing.length - 1),
    );
    try {
      const handle = await parent.openEntry(name, flags, 0o666);
      try {
        const stats = await handle.stat();
        // Opened non-blocking and checked before any read or write: a FIFO or device never blocks the tool.
        if (!stats.isFile()) throw notAFile(resolved, flags === O_RDONLY ? "read" : "write");
        if (flags !== O_RDONLY && stats.nlink > 1) {
          throw new WorkspaceError(
            "out_of_scope",
            `File ${quote(asked)} has ${stats.nlink} hard links; writing it would also change the other names, which may be outside the worktree. Nothing was written.`,
          );
        }
        return await use(handle, stats);
      } finally {
        await handle.close();
      }
    } finally {
      await parent.close();
    }
  }
}

/** Writes `bytes` from offset 0, however many writes it takes: one write may take only part. */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
    written += bytesWritten;
  }
}

function notAFile(resolved: ResolvedPath, verb: "read" | "write" | "edit"): WorkspaceError {
  const asked = quote(resolved.path.normalized);
  if (resolved.kind === "directory") {
    return new WorkspaceError(
      "not_a_file",
      `Path ${asked} is a directory; only files can be ${verb === "read" ? "read" : "written"}. List it with workspace_list.`,
    );
  }
  return new WorkspaceError(
    "not_a_file",
    `Path ${asked} is not a regular file (a device, socket or pipe); workspace tools only ${verb} regular files.`,
  );
}

function assertSize(resolved: ResolvedPath, size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new WorkspaceError(
      "too_large",
      `File ${quote(resolved.path.normalized)} is ${size} bytes; workspace tools read files up to ${maxBytes} bytes. Use workspace_search to find the lines you need.`,
    );
  }
}
