import { linkSync, lstatSync, mkdirSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Toolset } from "@podkit/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedPath } from "./files/resolve-in-worktree.js";
import {
  createGitFixture,
  expectOk,
  type GitFixture,
  SECRET,
  toolsetFor,
} from "./testing/git-repository.fixture.js";
import { buildWorkspaceFeature, createWorkspaceFeature } from "./workspace-feature.js";

/** Every tool that takes a path, with an input that names it. */
const PATH_TOOLS: Record<string, (path: string) => unknown> = {
  workspace_list: (path) => ({ path }),
  workspace_read: (path) => ({ path }),
  workspace_search: (path) => ({ pattern: "SECRET", path }),
  workspace_write: (path) => ({ path, content: "overwritten by an escape" }),
  workspace_edit: (path) => ({ path, oldString: "TOP", newString: "EDITED" }),
  workspace_diff: (path) => ({ paths: [path] }),
};

/** Each escape attempt, the path that tries it and the refusal code it must get. */
function escapeAttempts(fixture: GitFixture): [string, string, string][] {
  return [
    ["an absolute path to the outside file", join(fixture.outside, "secret.txt"), "out_of_scope"],
    ["an absolute system path", "/etc/passwd", "out_of_scope"],
    ["an absolute path into the worktree itself", join(fixture.worktree, "README.md"), "out_of_scope"],
    ["a Windows drive path", "C:/Windows/win.ini", "out_of_scope"],
    ["'..' alone", "..", "out_of_scope"],
    ["'..' to the parent", "../secret.txt", "out_of_scope"],
    ["'..' climbing to the outside directory", "../../../../outside/secret.txt", "out_of_scope"],
    ["'..' that lands back inside", "src/../README.md", "out_of_scope"],
    ["'./..'", "./../T-1-t4/README.md", "out_of_scope"],
    ["a home path", "~/secret.txt", "out_of_scope"],
    ["a backslash path", "..\\outside\\secret.txt", "invalid_path"],
    ["the worktree's .git file", ".git", "out_of_scope"],
    ["a path below .git", ".git/config", "out_of_scope"],
    [".git in another letter case", ".GIT/HEAD", "out_of_scope"],
    ["a nested .git directory", "src/.git/config", "out_of_scope"],
    ["a symlink to an outside file (absolute target)", "escape-file", "out_of_scope"],
    ["a symlink to an outside file (relative target)", "escape-relative", "out_of_scope"],
    ["a symlinked parent directory", "escape-dir/secret.txt", "out_of_scope"],
    ["a symlink to an outside directory", "escape-dir", "out_of_scope"],
    ["a new file below a symlinked directory", "escape-dir/new.txt", "out_of_scope"],
    ["new directories below a symlinked directory", "escape-dir/deep/new.txt", "out_of_scope"],
    ["a symlink to the worktree's parent", "escape-up", "out_of_scope"],
    ["a symlink into the repository's git directory", "escape-gitdir/config", "out_of_scope"],
    ["a symlink to the worktree's .git file", "dot-git-link", "out_of_scope"],
    ["a dangling symlink pointing outside", "dangling-outside", "out_of_scope"],
    ["a symlink in a subdirectory climbing out", "src/nested/escape-parent", "out_of_scope"],
    ["a new file below a symlink climbing out", "src/nested/escape-parent/new.txt", "out_of_scope"],
  ];
}

function plantEscapes(fixture: GitFixture): void {
  const at = (path: string) => join(fixture.worktree, path);
  symlinkSync(join(fixture.outside, "secret.txt"), at("escape-file"));
  symlinkSync("../../../../outside/secret.txt", at("escape-relative"));
  symlinkSync(fixture.outside, at("escape-dir"));
  symlinkSync("..", at("escape-up"));
  symlinkSync(join(fixture.repository, ".git"), at("escape-gitdir"));
  symlinkSync(".git", at("dot-git-link"));
  symlinkSync(join(fixture.outside, "missing.txt"), at("dangling-outside"));
  mkdirSync(at("src/nested"), { recursive: true });
  symlinkSync("../../..", at("src/nested/escape-parent"));
  symlinkSync("src", at("inside-link"));
}

describe("containment: every escape attempt, for every tool that takes a path", () => {
  let fixture: GitFixture;
  let coder: Toolset;

  beforeAll(async () => {
    fixture = createGitFixture({ "README.md": "# demo\n", "src/app.ts": "export const app = 1; // TOP\n" });
    plantEscapes(fixture);
    ({ toolset: coder } = await toolsetFor(
      createWorkspaceFeature({ root: fixture.worktree, baseRef: "main" }),
    ));
  });
  afterAll(() => fixture.cleanup());

  it("has the escape fixtures the table names", () => {
    expect(escapeAttempts(fixture)).toHaveLength(27);
  });

  for (const tool of Object.keys(PATH_TOOLS)) {
    describe(tool, () => {
      it("refuses every escape attempt with a clear error and touches nothing", async () => {
        const before = fixture.snapshot(fixture.directory);
        for (const [attempt, path, code] of escapeAttempts(fixture)) {
          const result = await coder.call(tool, PATH_TOOLS[tool]?.(path));
          expect(result, `${tool} with ${attempt} ('${path}')`).toMatchObject({ ok: false, error: { code } });
          const message = result.ok ? "" : result.error.message;
          expect(message, `${tool} with ${attempt}`).toMatch(/worktree|\.git|'\/'|absolute/);
          expect(message, `${tool} with ${attempt} must not leak the secret`).not.toContain(SECRET);
        }
        expect(fixture.snapshot(fixture.directory)).toEqual(before);
      });
    });
  }

  it("still follows a symlink that stays inside the worktree", async () => {
    const read = await expectOk(coder, "workspace_read", { path: "inside-link/app.ts" });
    expect(read.content).toBe("export const app = 1; // TOP");
    const listed = await expectOk(coder, "workspace_list", { path: "inside-link" });
    expect(listed.entries.map((entry: { path: string }) => entry.path)).toContain("inside-link/app.ts");
  });

  it("does not search through symlinks: the outside secret is never found", async () => {
    const found = await expectOk(coder, "workspace_search", { pattern: SECRET });
    expect(found.matches).toEqual([]);
  });

  it("lists neither .git nor anything behind an escaping symlink", async () => {
    const listed = await expectOk(coder, "workspace_list", { path: ".", depth: 5, limit: 1000 });
    const paths = listed.entries.map((entry: { path: string }) => entry.path);
    expect(paths).not.toContain(".git");
    expect(paths).toContain("escape-dir");
    expect(paths.filter((path: string) => path.startsWith("escape-dir/"))).toEqual([]);
    expect(listed.entries.find((entry: { path: string }) => entry.path === "escape-dir").type).toBe(
      "symlink",
    );
  });

  it("refuses to write or edit a file hard-linked to one outside the worktree", async () => {
    linkSync(join(fixture.outside, "secret.txt"), join(fixture.worktree, "hard-link.txt"));
    const before = fixture.snapshot(fixture.outside);
    const write = await coder.call("workspace_write", { path: "hard-link.txt", content: "x" });
    const edit = await coder.call("workspace_edit", {
      path: "hard-link.txt",
      oldString: "TOP",
      newString: "x",
    });
    for (const result of [write, edit]) {
      expect(result).toMatchObject({ ok: false, error: { code: "out_of_scope" } });
      expect(!result.ok && result.error.message).toContain("hard links");
    }
    expect(fixture.snapshot(fixture.outside)).toEqual(before);
  });
});

describe("containment: a symlink that appears after the check", () => {
  for (const procFd of [true, false]) {
    describe(procFd ? "opening through /proc/self/fd" : "opening by path and verifying", () => {
      let fixture: GitFixture;
      let coder: Toolset;
      let swap: ((resolved: ResolvedPath) => void) | undefined;

      // One fixture per mode, put back after each test: fixtures cost several git processes each.
      beforeAll(async () => {
        fixture = createGitFixture({
          "README.md": "# demo\n",
          "src/app.ts": "export const app = 1; // TOP\n",
        });
        writeFileSync(join(fixture.outside, "app.ts"), `${SECRET} // TOP\n`);
        const feature = buildWorkspaceFeature(
          { root: fixture.worktree, baseRef: "main" },
          {
            files: {
              procFd,
              beforeOpen: (resolved) => {
                swap?.(resolved);
                swap = undefined;
              },
            },
          },
        );
        ({ toolset: coder } = await toolsetFor(feature));
      });
      afterAll(() => fixture.cleanup());
      beforeEach(() => {
        swap = undefined;
      });
      afterEach(() => {
        for (const path of ["src", "src/app.ts"]) {
          const at = join(fixture.worktree, path);
          if (lstatSync(at).isSymbolicLink()) {
            unlinkSync(at);
            renameSync(`${at}.moved`, at);
          }
        }
      });

      const swapFileForSymlink = () => {
        renameSync(join(fixture.worktree, "src/app.ts"), join(fixture.worktree, "src/app.ts.moved"));
        symlinkSync(join(fixture.outside, "app.ts"), join(fixture.worktree, "src/app.ts"));
      };
      const swapParentForSymlink = () => {
        renameSync(join(fixture.worktree, "src"), join(fixture.worktree, "src.moved"));
        symlinkSync(fixture.outside, join(fixture.worktree, "src"));
      };

      const cases: [string, () => void, string, unknown][] = [
        [
          "read of a file swapped for a symlink",
          swapFileForSymlink,
          "workspace_read",
          { path: "src/app.ts" },
        ],
        [
          "write of a file swapped for a symlink",
          swapFileForSymlink,
          "workspace_write",
          { path: "src/app.ts", content: "x" },
        ],
        [
          "edit of a file swapped for a symlink",
          swapFileForSymlink,
          "workspace_edit",
          { path: "src/app.ts", oldString: "TOP", newString: "x" },
        ],
        [
          "read below a parent swapped for a symlink",
          swapParentForSymlink,
          "workspace_read",
          { path: "src/app.ts" },
        ],
        [
          "write below a parent swapped for a symlink",
          swapParentForSymlink,
          "workspace_write",
          { path: "src/app.ts", content: "x" },
        ],
        [
          "new file below a parent swapped for a symlink",
          swapParentForSymlink,
          "workspace_write",
          { path: "src/new.ts", content: "x" },
        ],
        [
          "new directories below a parent swapped for a symlink",
          swapParentForSymlink,
          "workspace_write",
          { path: "src/deep/new.ts", content: "x" },
        ],
        [
          "edit below a parent swapped for a symlink",
          swapParentForSymlink,
          "workspace_edit",
          { path: "src/app.ts", oldString: "TOP", newString: "x" },
        ],
        [
          "listing of a directory swapped for a symlink",
          swapParentForSymlink,
          "workspace_list",
          { path: "src" },
        ],
      ];
      for (const [name, change, tool, input] of cases) {
        it(`refuses the ${name} and touches nothing outside`, async () => {
          const before = fixture.snapshot(fixture.outside);
          swap = change;
          const result = await coder.call(tool, input);
          expect(swap, "the swap ran between the check and the open").toBeUndefined();
          expect(result).toMatchObject({ ok: false, error: { code: "out_of_scope" } });
          expect(!result.ok && result.error.message).toContain("changed while it was being opened");
          expect(JSON.stringify(result)).not.toContain(SECRET);
          expect(fixture.snapshot(fixture.outside)).toEqual(before);
        });
      }

      it("reads and writes normally when nothing changes between check and open", async () => {
        await expectOk(coder, "workspace_write", { path: "src/deep/new.ts", content: "fresh\n" });
        const read = await expectOk(coder, "workspace_read", { path: "src/deep/new.ts" });
        expect(read.content).toBe("fresh");
      });
    });
  }
});
