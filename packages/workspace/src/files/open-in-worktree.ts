import { existsSync } from "node:fs";
import { constants, type FileHandle, lstat, mkdir, open, realpath } from "node:fs/promises";
import { join } from "node:path";
import { WorkspaceError } from "../workspace-error.js";
import { quote } from "./workspace-path.js";

const { O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = constants;

/** Where the kernel can reach an open directory by path, and its handle. */
export interface OpenedDirectory {
  readonly handle: FileHandle;
  /** A path that names this very directory: `/proc/self/fd/N`, or its verified real path. */
  readonly location: string;
  /** Opens the entry `name` of this directory, never following a symlink there. */
  openEntry(name: string, flags: number, mode?: number): Promise<FileHandle>;
  close(): Promise<void>;
}

/**
 * Opens directories and files below a worktree's real root without following any symlink, so
 * a path checked by `resolveInWorktree` cannot be redirected between the check and the open.
 *
 * Where `/proc/self/fd` exists (Linux) each directory is opened relative to its parent's open
 * handle (`/proc/self/fd/N/name` with `O_NOFOLLOW`, which is `openat`), so a symlink that
 * appears anywhere on the way makes the open fail: race-free. Elsewhere each directory, then
 * the file, is opened by path with `O_NOFOLLOW`, one at a time, and verified (still the same
 * inode at the same symlink-free path) before anything below it is made, read or written.
 */
export class WorktreeOpener {
  readonly realRoot: string;
  readonly #procFd: boolean;

  constructor(options: { realRoot: string; procFd?: boolean }) {
    this.realRoot = options.realRoot;
    this.#procFd = options.procFd ?? procFdAvailable();
  }

  /**
   * Opens the directory at `segments` below the root; the last `create` segments are made first
   * when missing. `asked` names the path in messages.
   */
  async openDirectory(segments: readonly string[], asked: string, create = 0): Promise<OpenedDirectory> {
    const firstCreated = segments.length - create;
    if (!this.#procFd) return this.#openDirectoryByPath(segments, asked, firstCreated);
    let current = await open(this.realRoot, O_RDONLY | O_DIRECTORY);
    try {
      for (const [index, segment] of segments.entries()) {
        const child = `/proc/self/fd/${current.fd}/${segment}`;
        if (index >= firstCreated) await mkdirUnlessExists(child);
        const next = await open(child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW).catch((error: unknown) => {
          throw openFailure(error, asked);
        });
        await current.close();
        current = next;
      }
    } catch (error) {
      await current.close();
      throw error;
    }
    return procFdDirectory(current, asked);
  }

  async #openDirectoryByPath(
    segments: readonly string[],
    asked: string,
    firstCreated: number,
  ): Promise<OpenedDirectory> {
    // One segment at a time, each verified before the next is made or opened below it.
    let absolute = this.realRoot;
    let current = await open(absolute, O_RDONLY | O_DIRECTORY);
    try {
      for (const [index, segment] of segments.entries()) {
        const child = join(absolute, segment);
        if (index >= firstCreated) await mkdirUnlessExists(child);
        const next = await openVerified(child, O_RDONLY | O_DIRECTORY, asked);
        await current.close();
        current = next;
        absolute = child;
      }
    } catch (error) {
      await current.close();
      throw error;
    }
    const handle = current;
    const location = absolute;
    return {
      handle,
      location,
      openEntry: (name, flags, mode) => openVerified(join(location, name), flags | O_NONBLOCK, asked, mode),
      close: () => handle.close(),
    };
  }
}

/** Opens `path` without following a final symlink, then checks it is still what was opened. */
async function openVerified(path: string, flags: number, asked: string, mode?: number): Promise<FileHandle> {
  const handle = await open(path, flags | O_NOFOLLOW, mode).catch((error: unknown) => {
    throw openFailure(error, asked);
  });
  try {
    await verifyOpenedAt(handle, path, asked);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function procFdDirectory(handle: FileHandle, asked: string): OpenedDirectory {
  const location = `/proc/self/fd/${handle.fd}`;
  return {
    handle,
    location,
    openEntry: (name, flags, mode) =>
      open(`${location}/${name}`, flags | O_NOFOLLOW | O_NONBLOCK, mode).catch((error: unknown) => {
        throw openFailure(error, asked);
      }),
    close: () => handle.close(),
  };
}

/**
 * After an open by path: the path must still be symlink-free (its real path is itself) and name
 * the inode that was opened, so a directory swapped for a symlink and back is caught.
 */
export async function verifyOpenedAt(handle: FileHandle, path: string, asked: string): Promise<void> {
  const [opened, real, current] = await Promise.all([
    handle.stat(),
    realpath(path).catch(() => undefined),
    lstat(path).catch(() => undefined),
  ]);
  if (real !== path || current === undefined || current.ino !== opened.ino || current.dev !== opened.dev) {
    throw changedWhileOpening(asked);
  }
}

async function mkdirUnlessExists(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    // An existing entry is opened next with O_NOFOLLOW | O_DIRECTORY, which refuses anything but a directory.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Maps an open's errno to a refusal: a symlink where none was is a race, not a missing file. */
export function openFailure(error: unknown, asked: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ELOOP" || code === "EMLINK" || code === "ENOTDIR") return changedWhileOpening(asked);
  if (code === "ENOENT") {
    return new WorkspaceError("not_found", `Path ${quote(asked)} no longer exists in the worktree.`);
  }
  return error;
}

function changedWhileOpening(asked: string): WorkspaceError {
  return new WorkspaceError(
    "out_of_scope",
    `Path ${quote(asked)} changed while it was being opened (a symbolic link appeared on the way); nothing was read or written. Only paths that stay inside the worktree are allowed.`,
  );
}

/** Whether this system names open descriptors as paths that resolve like `openat`. */
export function procFdAvailable(): boolean {
  return process.platform === "linux" && existsSync("/proc/self/fd");
}
