import fs from "node:fs";
import { TicketError } from "../../domain/ticket-error.js";

/**
 * Filesystem types on which `link()` exclusivity, fsync or rename atomicity cannot be trusted
 * across processes or hosts: network and cluster filesystems, and FUSE bridges to them.
 */
export const NETWORK_FILESYSTEM_TYPES: ReadonlySet<string> = new Set([
  "nfs",
  "nfs4",
  "cifs",
  "smb",
  "smb2",
  "smb3",
  "smbfs",
  "9p",
  "afs",
  "ceph",
  "glusterfs",
  "lustre",
  "gpfs",
  "ocfs2",
  "gfs2",
  "davfs",
  "fuse.sshfs",
  "sshfs",
  "fuse.glusterfs",
  "fuse.ceph",
  "fuse.cephfs",
  "fuse.rclone",
  "fuse.s3fs",
  "fuse.gcsfuse",
  "fuse.davfs2",
]);

/** One line of `/proc/mounts`. */
export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly type: string;
}

/** Parses `/proc/mounts` (or `/proc/self/mounts`) text; octal escapes such as `\040` are decoded. */
export function parseMountTable(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const [device, mountPoint, type] = line.trim().split(/\s+/);
    if (device === undefined || mountPoint === undefined || type === undefined) continue;
    entries.push({ device: unescapeMountField(device), mountPoint: unescapeMountField(mountPoint), type });
  }
  return entries;
}

/** The mount a path lives on: the longest mount point that is a prefix of it (the last one wins a tie). */
export function findMount(entries: readonly MountEntry[], absolutePath: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const entry of entries) {
    const point = entry.mountPoint;
    const contains = point === "/" || absolutePath === point || absolutePath.startsWith(`${point}/`);
    if (contains && (best === undefined || point.length >= best.mountPoint.length)) best = entry;
  }
  return best;
}

/**
 * Refuses a ticket root on a network filesystem unless `force` is set. Where the mount table
 * cannot be read (not Linux), nothing can be told and nothing is refused.
 */
export function assertLocalFilesystem(
  root: string,
  options: { force?: boolean; mountTable?: string } = {},
): void {
  if (options.force) return;
  const table = options.mountTable ?? readMountTable();
  if (table === undefined) return;
  const mount = findMount(parseMountTable(table), realPath(root));
  if (mount === undefined || !NETWORK_FILESYSTEM_TYPES.has(mount.type)) return;
  throw new TicketError(
    "storage_unavailable",
    `Ticket root '${root}' is on a '${mount.type}' network filesystem (mounted at '${mount.mountPoint}'), where the file ` +
      "backend's link-based compare-and-set and fsync cannot be trusted. Keep tickets on a local disk, use the PostgreSQL " +
      "backend for shared queues, or pass `force: true` to the file backend if you accept the risk.",
  );
}

function readMountTable(): string | undefined {
  for (const file of ["/proc/self/mounts", "/proc/mounts"]) {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      // Not Linux, or /proc is not mounted: try the next, then give up.
    }
  }
  return undefined;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}
