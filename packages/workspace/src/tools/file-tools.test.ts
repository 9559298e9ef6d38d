import { execFileSync } from "node:child_process";
import { chmodSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Toolset } from "@podkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGitFixture,
  expectOk,
  type GitFixture,
  toolsetFor,
} from "../testing/git-repository.fixture.js";
import { createWorkspaceFeature } from "../workspace-feature.js";

let fixture: GitFixture;
let coder: Toolset;
const ok = (tool: string, input: unknown) => expectOk(coder, tool, input);

beforeAll(async () => {
  fixture = createGitFixture({
    "README.md": "# demo\n",
    "src/app.ts": "export const app = 1;\n",
    "src/lib/util.ts": "export const util = 2;\n",
    "src/lib/deep/leaf.ts": "leaf\n",
  });
  ({ toolset: coder } = await toolsetFor(
    createWorkspaceFeature({
      root: fixture.worktree,
      baseRef: "main",
      limits: { readLines: 50, readChars: 2_000, listEntries: 6, fileBytes: 100_000, writeBytes: 50_000 },
    }),
  ));
});
afterAll(() => fixture.cleanup());

describe("workspace_list", () => {
  it("lists a directory's entries with types and file sizes, without .git", async () => {
    const listed = await ok("workspace_list", { path: "." });
    expect(listed.path).toBe(".");
    expect(listed.entries).toEqual([
      { path: ".gitignore", type: "file", size: 9 },
      { path: "README.md", type: "file", size: 7 },
      { path: "src", type: "directory" },
    ]);
    expect(listed.truncated).toBe(false);
  });

  it("descends breadth first to the depth asked, reporting symlinks without following them", async () => {
    symlinkSync("lib", join(fixture.worktree, "src/lib-link"));
    const listed = await ok("workspace_list", { path: "src", depth: 3 });
    expect(
      listed.entries.map((entry: { path: string; type: string }) => `${entry.type} ${entry.path}`),
    ).toEqual([
      "file src/app.ts",
      "directory src/lib",
      "symlink src/lib-link",
      "directory src/lib/deep",
      "file src/lib/util.ts",
      "file src/lib/deep/leaf.ts",
    ]);
    expect(listed.truncated).toBe(false);
  });

  it("says when the configured limit cut the listing", async () => {
    const listed = await ok("workspace_list", { path: ".", depth: 10, limit: 1000 });
    expect(listed.returned).toBe(6);
    expect(listed.entries).toHaveLength(6);
    expect(listed.truncated).toBe(true);
  });

  it("refuses a file, and a path that does not exist", async () => {
    expect(await coder.call("workspace_list", { path: "README.md" })).toMatchObject({
      ok: false,
      error: { code: "not_a_directory" },
    });
    expect(await coder.call("workspace_list", { path: "nope" })).toMatchObject({
      ok: false,
      error: { code: "not_found", message: "Path 'nope' does not exist in the worktree." },
    });
  });
});

describe("workspace_read", () => {
  it("reads a whole small file", async () => {
    const read = await ok("workspace_read", { path: "./src/app.ts" });
    expect(read).toEqual({
      path: "src/app.ts",
      size: 22,
      totalLines: 1,
      startLine: 1,
      endLine: 1,
      content: "export const app = 1;",
      truncated: false,
    });
  });

  it("reads a range of lines and says where the file goes on", async () => {
    fixture.write("numbers.txt", Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join("\n"));
    const read = await ok("workspace_read", { path: "numbers.txt", startLine: 10, endLine: 12 });
    expect(read).toMatchObject({
      content: "line 10\nline 11\nline 12",
      startLine: 10,
      endLine: 12,
      totalLines: 30,
      truncated: false,
      nextStartLine: 13,
    });
  });

  it("cuts at the line limit and says how to continue", async () => {
    fixture.write("long.txt", Array.from({ length: 120 }, (_, index) => `${index + 1}`).join("\n"));
    const read = await ok("workspace_read", { path: "long.txt" });
    expect(read).toMatchObject({
      startLine: 1,
      endLine: 50,
      totalLines: 120,
      truncated: true,
      nextStartLine: 51,
    });
    expect(read.content.split("\n")).toHaveLength(50);
    expect(read.note).toContain("continue with startLine 51");
    const next = await ok("workspace_read", { path: "long.txt", startLine: 101 });
    expect(next).toMatchObject({ startLine: 101, endLine: 120, truncated: false });
    expect(next.nextStartLine).toBeUndefined();
  });

  it("cuts at the character limit on a whole line, and cuts a single overlong line", async () => {
    fixture.write("wide.txt", `${"a".repeat(1500)}\n${"b".repeat(1500)}\n`);
    const first = await ok("workspace_read", { path: "wide.txt" });
    expect(first).toMatchObject({ endLine: 1, truncated: true, nextStartLine: 2 });
    expect(first.content).toBe("a".repeat(1500));
    fixture.write("minified.js", "x".repeat(5000));
    const cut = await ok("workspace_read", { path: "minified.js" });
    expect(cut).toMatchObject({ endLine: 1, truncated: true });
    expect(cut.content).toHaveLength(2000);
    expect(cut.note).toContain("Line 1 is longer than 2000 characters");
  });

  it("refuses binary files, files over the size limit, directories and ranges past the end", async () => {
    fixture.write("image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    fixture.write("huge.txt", "z".repeat(100_001));
    const refusals = await Promise.all([
      coder.call("workspace_read", { path: "image.png" }),
      coder.call("workspace_read", { path: "huge.txt" }),
      coder.call("workspace_read", { path: "src" }),
      coder.call("workspace_read", { path: "src/app.ts", startLine: 5 }),
      coder.call("workspace_read", { path: "src/app.ts", startLine: 1, endLine: 0 }),
      coder.call("workspace_read", { path: "missing.ts" }),
    ]);
    expect(refusals.map((result) => (result.ok ? "ok" : result.error.code))).toEqual([
      "not_text",
      "too_large",
      "not_a_file",
      "invalid_range",
      "invalid_input",
      "not_found",
    ]);
    expect(!refusals[1]?.ok && refusals[1]?.error.message).toBe(
      "File 'huge.txt' is 100001 bytes; workspace tools read files up to 100000 bytes. Use workspace_search to find the lines you need.",
    );
    expect(!refusals[3]?.ok && refusals[3]?.error.message).toBe(
      "startLine 5 is past the end of 'src/app.ts', which has 1 lines.",
    );
  });

  it("refuses a named pipe at once instead of blocking on it", async () => {
    execFileSync("mkfifo", [join(fixture.worktree, "pipe")]);
    const result = await coder.call("workspace_read", { path: "pipe" });
    expect(result).toMatchObject({ ok: false, error: { code: "not_a_file" } });
  });

  it("reads an empty file as no lines", async () => {
    fixture.write("empty.txt", "");
    expect(await ok("workspace_read", { path: "empty.txt" })).toMatchObject({
      content: "",
      totalLines: 0,
      endLine: 0,
      truncated: false,
    });
  });
});

describe("workspace_write", () => {
  it("creates a file and its missing directories", async () => {
    const written = await ok("workspace_write", { path: "new/dir/file.ts", content: "export {};\n" });
    expect(written).toEqual({ path: "new/dir/file.ts", created: true, bytes: 11 });
    expect(fixture.read("new/dir/file.ts")).toBe("export {};\n");
  });

  it("replaces a file's content and keeps its mode", async () => {
    fixture.write("run.sh", "#!/bin/sh\necho old\n");
    chmodSync(join(fixture.worktree, "run.sh"), 0o755);
    const written = await ok("workspace_write", { path: "run.sh", content: "#!/bin/sh\necho new\n" });
    expect(written.created).toBe(false);
    expect(fixture.read("run.sh")).toBe("#!/bin/sh\necho new\n");
    expect(statSync(join(fixture.worktree, "run.sh")).mode & 0o777).toBe(0o755);
  });

  it("writes a shorter content without leaving the old tail", async () => {
    fixture.write("shrink.txt", "a long original content\n");
    await ok("workspace_write", { path: "shrink.txt", content: "short\n" });
    expect(fixture.read("shrink.txt")).toBe("short\n");
  });

  it("refuses content over the limit, a directory, and a path below a file; nothing is written", async () => {
    const before = fixture.snapshot(fixture.worktree);
    const refusals = await Promise.all([
      coder.call("workspace_write", { path: "big.txt", content: "x".repeat(50_001) }),
      coder.call("workspace_write", { path: "src", content: "x" }),
      coder.call("workspace_write", { path: "README.md/inner.txt", content: "x" }),
    ]);
    expect(refusals.map((result) => (result.ok ? "ok" : result.error.code))).toEqual([
      "too_large",
      "not_a_file",
      "not_a_directory",
    ]);
    expect(fixture.snapshot(fixture.worktree)).toEqual(before);
  });
});

describe("workspace_edit", () => {
  it("replaces a string that occurs exactly once", async () => {
    fixture.write("edit/once.ts", "const a = 1;\nconst b = 2;\n");
    const edited = await ok("workspace_edit", {
      path: "edit/once.ts",
      oldString: "b = 2",
      newString: "b = 3",
    });
    expect(edited).toEqual({ path: "edit/once.ts", replacements: 1, bytes: 26 });
    expect(fixture.read("edit/once.ts")).toBe("const a = 1;\nconst b = 3;\n");
  });

  it("refuses a string that occurs several times, saying how many, unless replaceAll", async () => {
    fixture.write("edit/many.ts", "x(); x(); x();\n");
    const refused = await coder.call("workspace_edit", {
      path: "edit/many.ts",
      oldString: "x()",
      newString: "y()",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "ambiguous_match" } });
    expect(!refused.ok && refused.error.message).toContain("oldString occurs 3 times in 'edit/many.ts'");
    expect(fixture.read("edit/many.ts")).toBe("x(); x(); x();\n");
    const all = await ok("workspace_edit", {
      path: "edit/many.ts",
      oldString: "x()",
      newString: "y()",
      replaceAll: true,
    });
    expect(all.replacements).toBe(3);
    expect(fixture.read("edit/many.ts")).toBe("y(); y(); y();\n");
  });

  it("refuses a string that does not occur, and hints at CRLF line endings", async () => {
    fixture.write("edit/crlf.txt", "one\r\ntwo\r\n");
    const refused = await coder.call("workspace_edit", {
      path: "edit/crlf.txt",
      oldString: "one\ntwo",
      newString: "1\n2",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "no_match" } });
    expect(!refused.ok && refused.error.message).toContain("CRLF line endings");
    expect(fixture.read("edit/crlf.txt")).toBe("one\r\ntwo\r\n");
  });

  it("inserts newString literally: '$&' and '$1' are text", async () => {
    fixture.write("edit/dollar.ts", "price = PRICE;\n");
    await ok("workspace_edit", { path: "edit/dollar.ts", oldString: "PRICE", newString: "'$&$1'" });
    expect(fixture.read("edit/dollar.ts")).toBe("price = '$&$1';\n");
  });

  it("keeps a byte-order mark and refuses a file that is not UTF-8", async () => {
    fixture.write("edit/bom.txt", "\uFEFFhello\n");
    await ok("workspace_edit", { path: "edit/bom.txt", oldString: "hello", newString: "bye" });
    expect(fixture.read("edit/bom.txt")).toBe("\uFEFFbye\n");
    fixture.write("edit/latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const refused = await coder.call("workspace_edit", {
      path: "edit/latin1.txt",
      oldString: "caf",
      newString: "x",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "not_text" } });
  });

  it("refuses an edit that changes nothing as invalid input", async () => {
    const refused = await coder.call("workspace_edit", {
      path: "README.md",
      oldString: "demo",
      newString: "demo",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!refused.ok && refused.error.message).toContain("newString is the same as oldString");
  });

  it("applies edits called in parallel one after another, losing none", async () => {
    fixture.write("edit/parallel.ts", "a b c d e f\n");
    const results = await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map((letter) =>
        coder.call("workspace_edit", {
          path: "edit/parallel.ts",
          oldString: letter,
          newString: letter.toUpperCase(),
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(fixture.read("edit/parallel.ts")).toBe("A B C D E F\n");
  });
});
