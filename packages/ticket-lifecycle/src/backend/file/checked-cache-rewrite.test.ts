import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rewriteCheckedCacheFile } from "./checked-cache-rewrite.js";

let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-cache-rewrite-"));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("rewriting a checked cache file", () => {
  it("writes over an existing file in place, growing and cutting it to the new text", () => {
    const file = path.join(directory, "ticket.md");
    fs.writeFileSync(file, "first version\n");
    const inode = fs.statSync(file).ino;
    rewriteCheckedCacheFile(file, "a second, longer version\n");
    expect(fs.readFileSync(file, "utf8")).toBe("a second, longer version\n");
    rewriteCheckedCacheFile(file, "short\n");
    expect(fs.readFileSync(file, "utf8")).toBe("short\n");
    expect(fs.statSync(file).ino).toBe(inode);
    expect(fs.readdirSync(directory)).toEqual(["ticket.md"]);
  });

  it("creates a missing file", () => {
    const file = path.join(directory, "ticket.md");
    rewriteCheckedCacheFile(file, "new\n");
    expect(fs.readFileSync(file, "utf8")).toBe("new\n");
    expect(fs.readdirSync(directory)).toEqual(["ticket.md"]);
  });

  it("replaces a symbolic link instead of writing through it", () => {
    const outside = path.join(directory, "outside.txt");
    fs.writeFileSync(outside, "not ours\n");
    const file = path.join(directory, "ticket.md");
    fs.symlinkSync(outside, file);
    rewriteCheckedCacheFile(file, "snapshot\n");
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(file, "utf8")).toBe("snapshot\n");
    expect(fs.readFileSync(outside, "utf8")).toBe("not ours\n");
  });

  it("replaces a file with a second hard link, leaving the other name's content alone", () => {
    const other = path.join(directory, "other.txt");
    fs.writeFileSync(other, "shared content\n");
    const file = path.join(directory, "ticket.md");
    fs.linkSync(other, file);
    rewriteCheckedCacheFile(file, "snapshot\n");
    expect(fs.readFileSync(file, "utf8")).toBe("snapshot\n");
    expect(fs.readFileSync(other, "utf8")).toBe("shared content\n");
    expect(fs.statSync(file).ino).not.toBe(fs.statSync(other).ino);
  });
});
