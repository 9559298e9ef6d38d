import { describe, expect, it } from "vitest";
import { TicketError } from "../../domain/ticket-error.js";
import { assertLocalFilesystem, findMount, parseMountTable } from "./filesystem-kind.js";

const MOUNTS = [
  "/dev/vda / ext4 rw,relatime 0 0",
  "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
  "server:/export/home /home nfs4 rw,relatime,vers=4.2 0 0",
  "/dev/vdb /home/alice/local ext4 rw,relatime 0 0",
  "//nas/share /mnt/my\\040share cifs rw,relatime 0 0",
  "alice@box:/src /mnt/box fuse.sshfs rw,nosuid,nodev 0 0",
  "tmpfs /tmp tmpfs rw 0 0",
  "",
].join("\n");

describe("filesystem kind", () => {
  it("parses /proc/mounts, decoding octal escapes", () => {
    const entries = parseMountTable(MOUNTS);
    expect(entries).toHaveLength(7);
    expect(entries[4]).toEqual({ device: "//nas/share", mountPoint: "/mnt/my share", type: "cifs" });
  });

  it("finds the mount of a path by the longest mount point prefix", () => {
    const entries = parseMountTable(MOUNTS);
    expect(findMount(entries, "/home/bob/repo/.podkit/tickets")?.type).toBe("nfs4");
    expect(findMount(entries, "/home/alice/local/repo")?.type).toBe("ext4");
    expect(findMount(entries, "/homework")?.mountPoint).toBe("/");
    expect(findMount(entries, "/home")?.type).toBe("nfs4");
    expect(findMount(entries, "/mnt/my share/tickets")?.type).toBe("cifs");
  });

  it("refuses a root on a network filesystem, naming the type and how to force", () => {
    for (const [root, type] of [
      ["/home/bob/repo/.podkit/tickets", "nfs4"],
      ["/mnt/my share/t", "cifs"],
      ["/mnt/box/t", "fuse.sshfs"],
    ] as const) {
      let error: unknown;
      try {
        assertLocalFilesystem(root, { mountTable: MOUNTS });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(TicketError);
      expect((error as TicketError).code).toBe("storage_unavailable");
      expect((error as TicketError).message).toContain(`'${type}' network filesystem`);
      expect((error as TicketError).message).toContain("force: true");
    }
  });

  it("accepts local filesystems, and a network one when forced", () => {
    expect(() => assertLocalFilesystem("/home/alice/local/repo", { mountTable: MOUNTS })).not.toThrow();
    expect(() => assertLocalFilesystem("/tmp/x", { mountTable: MOUNTS })).not.toThrow();
    expect(() => assertLocalFilesystem("/home/bob", { mountTable: MOUNTS, force: true })).not.toThrow();
  });
});
