import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Toolset } from "@podkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGitFixture,
  expectOk,
  type GitFixture,
  toolsetFor,
} from "../testing/git-repository.fixture.js";
import { createWorkspaceFeature } from "../workspace-feature.js";
import type { WorkspaceOptions } from "../workspace-options.js";

let fixture: GitFixture;
let coder: Toolset;
const ok = (tool: string, input: unknown) => expectOk(coder, tool, input);

async function useWorkspace(options: Partial<WorkspaceOptions> = {}): Promise<void> {
  ({ toolset: coder } = await toolsetFor(
    createWorkspaceFeature({ root: fixture.worktree, baseRef: "main", ...options }),
  ));
}

beforeEach(async () => {
  fixture = createGitFixture({
    "README.md": "# demo\n",
    "src/app.ts": "export const app = 1;\n",
    "src/old.ts": "export const old = true;\n",
  });
  await useWorkspace();
});
afterEach(() => fixture.cleanup());

describe("workspace_diff", () => {
  it("shows nothing on a fresh worktree, with the base it compares against", async () => {
    const diff = await ok("workspace_diff", {});
    const main = fixture.git(["rev-parse", "main"]);
    expect(diff).toEqual({
      baseRef: "main",
      base: main,
      head: main,
      files: [],
      filesTruncated: false,
      untracked: [],
      untrackedTruncated: false,
      patch: "",
      patchTruncated: false,
    });
  });

  it("shows committed and uncommitted changes since the base, and lists untracked files", async () => {
    fixture.write("src/app.ts", "export const app = 2;\n");
    fixture.git(["commit", "--quiet", "--all", "--message", "app 2"]);
    fixture.write("README.md", "# demo\n\nMore.\n");
    rmSync(join(fixture.worktree, "src/old.ts"));
    fixture.write("src/brand-new.ts", "export {};\n");
    const diff = await ok("workspace_diff", {});
    expect(diff.files).toEqual([
      { path: "README.md", status: "modified", additions: 2, deletions: 0 },
      { path: "src/app.ts", status: "modified", additions: 1, deletions: 1 },
      { path: "src/old.ts", status: "deleted", additions: 0, deletions: 1 },
    ]);
    expect(diff.untracked).toEqual(["src/brand-new.ts"]);
    expect(diff.head).toBe(fixture.git(["rev-parse", "HEAD"]));
    expect(diff.patch).toContain("-export const app = 1;\n+export const app = 2;");
    expect(diff.patch).toContain("+More.");
    expect(diff.patch).toContain("deleted file mode");
  });

  it("compares against where the branch left the base, so later commits on the base do not show", async () => {
    const forkPoint = fixture.git(["rev-parse", "main"]);
    fixture.write("other.txt", "someone else's work\n", fixture.repository);
    fixture.git(["add", "other.txt"], fixture.repository);
    fixture.git(["commit", "--quiet", "--message", "main moves on"], fixture.repository);
    fixture.write("src/app.ts", "export const app = 3;\n");
    const diff = await ok("workspace_diff", {});
    expect(diff.base).toBe(forkPoint);
    expect(diff.files.map((file: { path: string }) => file.path)).toEqual(["src/app.ts"]);
  });

  it("narrows to paths, including a deleted file's, and can leave the patch out", async () => {
    fixture.write("src/app.ts", "export const app = 4;\n");
    rmSync(join(fixture.worktree, "src/old.ts"));
    const deleted = await ok("workspace_diff", { paths: ["src/old.ts"] });
    expect(deleted.files).toEqual([{ path: "src/old.ts", status: "deleted", additions: 0, deletions: 1 }]);
    expect(deleted.patch).not.toContain("app = 4");
    const summary = await ok("workspace_diff", { includePatch: false });
    expect(summary.files).toHaveLength(2);
    expect(summary.patch).toBe("");
  });

  it("reports binary changes without line counts", async () => {
    fixture.write("logo.bin", Buffer.from([0, 1, 2, 3]));
    fixture.git(["add", "logo.bin"]);
    const diff = await ok("workspace_diff", { includePatch: false });
    expect(diff.files).toEqual([{ path: "logo.bin", status: "added", additions: null, deletions: null }]);
  });

  it("cuts a long patch at the limit on a whole line and says so", async () => {
    await useWorkspace({ limits: { diffChars: 1_000 } });
    fixture.write("src/app.ts", Array.from({ length: 200 }, (_, index) => `line ${index}`).join("\n"));
    const diff = await ok("workspace_diff", {});
    expect(diff.patchTruncated).toBe(true);
    expect(diff.patch.length).toBeLessThanOrEqual(1_000);
    expect(diff.patch.endsWith("\n")).toBe(true);
    expect(diff.patch).toContain("diff --git a/src/app.ts b/src/app.ts");
  });
});

describe("workspace_commit", () => {
  it("stages new, modified and deleted files and commits them on the ticket branch", async () => {
    await ok("workspace_write", { path: "src/retry.ts", content: "export const retries = 3;\n" });
    await ok("workspace_edit", { path: "src/app.ts", oldString: "app = 1", newString: "app = 5" });
    rmSync(join(fixture.worktree, "src/old.ts"));
    fixture.write(".podkit/scratch.txt", "ignored, never committed\n");
    const committed = await ok("workspace_commit", {
      message: "Add retries\n\nThree attempts with backoff.",
    });
    expect(committed).toEqual({
      commit: fixture.git(["rev-parse", "HEAD"]),
      branch: "podkit/T-1-t4",
      subject: "Add retries",
      files: [
        { path: "src/app.ts", additions: 1, deletions: 1 },
        { path: "src/old.ts", additions: 0, deletions: 1 },
        { path: "src/retry.ts", additions: 1, deletions: 0 },
      ],
      filesChanged: 3,
      filesTruncated: false,
    });
    expect(fixture.git(["log", "-1", "--format=%B"])).toBe("Add retries\n\nThree attempts with backoff.");
    expect(fixture.git(["status", "--porcelain"])).toBe("");
    expect(fixture.git(["rev-parse", "main"])).not.toBe(committed.commit);
    expect(fixture.git(["show", "--name-only", "--format=", "HEAD"])).not.toContain(".podkit");
  });

  it("refuses when there is nothing to commit, and makes no commit", async () => {
    const head = fixture.git(["rev-parse", "HEAD"]);
    const result = await coder.call("workspace_commit", { message: "Nothing" });
    expect(result).toMatchObject({ ok: false, error: { code: "nothing_to_commit" } });
    expect(!result.ok && result.error.message).toContain("no changes since its last commit");
    expect(fixture.git(["rev-parse", "HEAD"])).toBe(head);
  });

  it("refuses an empty message as invalid input", async () => {
    fixture.write("a.txt", "a\n");
    const result = await coder.call("workspace_commit", { message: "  \n " });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(fixture.git(["status", "--porcelain"])).toBe("?? a.txt");
  });

  it("runs no git hooks, even ones the worktree itself provides", async () => {
    const marker = join(fixture.directory, "hook-ran");
    mkdirSync(join(fixture.worktree, ".hooks"));
    for (const hook of ["pre-commit", "commit-msg", "post-commit"]) {
      writeFileSync(join(fixture.worktree, ".hooks", hook), `#!/bin/sh\necho ${hook} >> "${marker}"\n`, {
        mode: 0o755,
      });
    }
    fixture.git(["config", "core.hooksPath", ".hooks"]);
    fixture.write("change.txt", "change\n");
    await ok("workspace_commit", { message: "With hooks present" });
    expect(existsSync(marker)).toBe(false);
    // The same hooks do run for a plain git commit: the test above could have failed.
    fixture.git(["commit", "--quiet", "--allow-empty", "--message", "plain"]);
    expect(existsSync(marker)).toBe(true);
  });

  it("records the configured author", async () => {
    await useWorkspace({ author: { name: "Coder Pod", email: "coder@podkit.invalid" } });
    fixture.write("by-pod.txt", "x\n");
    await ok("workspace_commit", { message: "By the pod" });
    expect(fixture.git(["log", "-1", "--format=%an <%ae> / %cn <%ce>"])).toBe(
      "Coder Pod <coder@podkit.invalid> / Coder Pod <coder@podkit.invalid>",
    );
  });
});
