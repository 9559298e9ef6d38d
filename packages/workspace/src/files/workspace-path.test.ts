import { describe, expect, it } from "vitest";
import { WorkspaceError } from "../workspace-error.js";
import { parseWorkspacePath } from "./workspace-path.js";

function refusal(path: string): { code: string; message: string } {
  try {
    parseWorkspacePath(path);
  } catch (error) {
    if (WorkspaceError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`'${path}' was accepted`);
}

describe("parseWorkspacePath", () => {
  it("normalises relative paths: empty and '.' segments go, '/' separates", () => {
    expect(parseWorkspacePath("src//lib/./index.ts")).toEqual({
      normalized: "src/lib/index.ts",
      segments: ["src", "lib", "index.ts"],
    });
    expect(parseWorkspacePath("./")).toEqual({ normalized: ".", segments: [] });
    expect(parseWorkspacePath("docs/")).toEqual({ normalized: "docs", segments: ["docs"] });
  });

  it("keeps names that merely start like git's or parent's", () => {
    for (const path of [
      ".gitignore",
      ".github/workflows/ci.yml",
      "..hidden",
      "a..b",
      "src/.git-keep",
      "~backup",
    ])
      expect(parseWorkspacePath(path).normalized).toBe(path);
  });

  it("refuses absolute, drive and home paths as outside the worktree", () => {
    for (const path of ["/etc/passwd", "/", "C:/Windows", "c:relative", "~", "~/notes"]) {
      expect(refusal(path).code, path).toBe("out_of_scope");
    }
    expect(refusal("/etc/passwd").message).toBe(
      "Path '/etc/passwd' is absolute. Paths are relative to the worktree root, e.g. 'src/index.ts'; nothing outside the worktree can be reached.",
    );
  });

  it("refuses every '..' segment, even one that would land back inside", () => {
    for (const path of ["..", "../x", "a/../b", "a/b/..", "./../x"])
      expect(refusal(path).code, path).toBe("out_of_scope");
    expect(refusal("a/../b").message).toContain("contains '..'");
  });

  it("refuses .git in any letter case and at any depth", () => {
    for (const path of [".git", ".git/config", ".GIT/HEAD", ".Git", "vendor/lib/.git/config", "./.git"]) {
      expect(refusal(path).code, path).toBe("out_of_scope");
    }
    expect(refusal(".git/config").message).toContain("inside git's internals ('.git')");
  });

  it("refuses malformed paths with what to do instead", () => {
    expect(refusal("")).toMatchObject({
      code: "invalid_path",
      message: expect.stringContaining("'.' for the root"),
    });
    expect(refusal("a\0b")).toMatchObject({ code: "invalid_path", message: expect.stringContaining("NUL") });
    expect(refusal("src\\index.ts")).toMatchObject({
      code: "invalid_path",
      message: expect.stringContaining("Separate directories with '/'"),
    });
  });

  it("cuts a huge path short in its message", () => {
    const message = refusal(`/${"a".repeat(10_000)}`).message;
    expect(message.length).toBeLessThan(400);
  });
});
