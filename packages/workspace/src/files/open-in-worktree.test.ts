import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyOpenedAt } from "./open-in-worktree.js";

let directory: string;

beforeEach(() => {
  directory = realpathSync(mkdtempSync(join(tmpdir(), "podkit-open-")));
  mkdirSync(join(directory, "inside"));
  writeFileSync(join(directory, "inside", "file.txt"), "inside\n");
  mkdirSync(join(directory, "outside"));
  writeFileSync(join(directory, "outside", "file.txt"), "outside\n");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("verifyOpenedAt (the check after an open by path)", () => {
  it("accepts a handle opened at a symlink-free path that still names it", async () => {
    const path = join(directory, "inside", "file.txt");
    const handle = await open(path);
    try {
      await expect(verifyOpenedAt(handle, path, "inside/file.txt")).resolves.toBeUndefined();
    } finally {
      await handle.close();
    }
  });

  it("refuses a handle whose path went through a directory swapped for a symlink", async () => {
    renameSync(join(directory, "inside"), join(directory, "inside.moved"));
    symlinkSync(join(directory, "outside"), join(directory, "inside"));
    const path = join(directory, "inside", "file.txt");
    // An open by path follows the swapped directory: this is the race the check exists for.
    const handle = await open(path);
    try {
      await expect(verifyOpenedAt(handle, path, "inside/file.txt")).rejects.toMatchObject({
        code: "out_of_scope",
      });
    } finally {
      await handle.close();
    }
  });

  it("refuses a handle whose directory was swapped back after the open", async () => {
    renameSync(join(directory, "inside"), join(directory, "inside.moved"));
    symlinkSync(join(directory, "outside"), join(directory, "inside"));
    const path = join(directory, "inside", "file.txt");
    const handle = await open(path);
    rmSync(join(directory, "inside"));
    renameSync(join(directory, "inside.moved"), join(directory, "inside"));
    try {
      // The path is symlink-free again, but it names another inode than the one opened.
      await expect(verifyOpenedAt(handle, path, "inside/file.txt")).rejects.toMatchObject({
        code: "out_of_scope",
      });
    } finally {
      await handle.close();
    }
  });
});
