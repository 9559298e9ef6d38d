import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BranchMerger } from "./branch-merger.js";
import { MergeError } from "./merge-error.js";

let repository: string;

const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], {
    cwd: repository,
    stdio: "pipe",
  })
    .toString()
    .trim();

/** A commit on `branch` (created from `from` when missing) adding `file`. */
function commitOn(branch: string, file: string): string {
  const exists = git("branch", "--list", branch) !== "";
  git("checkout", "-q", ...(exists ? [branch] : ["-b", branch]));
  writeFileSync(join(repository, file), `${file}\n`);
  git("add", file);
  git("commit", "-q", "-m", `add ${file}`);
  const commit = git("rev-parse", "HEAD");
  git("checkout", "-q", "main");
  return commit;
}

beforeEach(() => {
  repository = mkdtempSync(join(tmpdir(), "podkit-branch-merger-"));
  git("init", "-q", "-b", "main");
  git("commit", "-q", "--allow-empty", "-m", "root");
});

afterEach(() => {
  rmSync(repository, { recursive: true, force: true });
});

const request = (branch: string) => ({ branch, baseBranch: "main", message: `Merge T-1: ${branch}` });

describe("BranchMerger", () => {
  it("finds a fast-forwarded branch merged when asked again, and names the same commit", async () => {
    const tip = commitOn("podkit/T-1-t4", "a.txt");
    const merger = new BranchMerger({ repository });
    expect(await merger.merge(request("podkit/T-1-t4"))).toEqual({
      commit: tip,
      how: "fast-forward",
      checkout: "updated",
    });
    commitOn("main", "later.txt");
    expect(await merger.merge(request("podkit/T-1-t4"))).toMatchObject({
      commit: tip,
      how: "already-merged",
    });
  });

  it("finds a branch merged by a merge commit when asked again, and names that merge commit", async () => {
    commitOn("podkit/T-1-t4", "a.txt");
    commitOn("main", "b.txt");
    const merger = new BranchMerger({ repository });
    const first = await merger.merge(request("podkit/T-1-t4"));
    expect(first.how).toBe("merge-commit");
    expect(git("log", "-1", "--format=%s", first.commit)).toBe("Merge T-1: podkit/T-1-t4");
    commitOn("main", "later.txt");
    const again = await merger.merge(request("podkit/T-1-t4"));
    expect(again).toMatchObject({ commit: first.commit, how: "already-merged" });
  });

  it("leaves the main checkout alone when it is on another branch", async () => {
    commitOn("podkit/T-1-t4", "a.txt");
    git("checkout", "-q", "-b", "elsewhere");
    const before = git("rev-parse", "HEAD");
    const result = await new BranchMerger({ repository }).merge(request("podkit/T-1-t4"));
    expect(result.checkout).toBe("not-on-base");
    expect(git("rev-parse", "HEAD")).toBe(before);
    expect(git("rev-parse", "main")).toBe(result.commit);
  });

  it("refuses a branch that does not exist with a MergeError (merge_failed)", async () => {
    const error = await new BranchMerger({ repository })
      .merge(request("podkit/T-9-t1"))
      .catch((thrown) => thrown);
    expect(MergeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "merge_failed", failure: "missing_branch" });
  });
});
