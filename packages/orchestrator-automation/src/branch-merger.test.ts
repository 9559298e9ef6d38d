import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** Thrown by the `onBaseMoved` hook: the merge stops as a kill between its two git steps would. */
class KilledAfterUpdateRef extends Error {}

/** Merges `branch` but stops after the base moved and before the checkout followed. */
async function mergeKilledAfterUpdateRef(branch: string): Promise<void> {
  const merger = new BranchMerger({
    repository,
    onBaseMoved: () => {
      throw new KilledAfterUpdateRef();
    },
  });
  await expect(merger.merge(request(branch))).rejects.toBeInstanceOf(KilledAfterUpdateRef);
}

const status = () => git("status", "--porcelain", "--untracked-files=no");
const read = (file: string) =>
  existsSync(join(repository, file)) ? readFileSync(join(repository, file), "utf8") : "absent";

describe("BranchMerger after a kill between moving the base and moving the checkout", () => {
  it("finishes moving the checkout when the merge is found already merged: clean, at the merge commit, files present", async () => {
    commitOn("podkit/T-1-t4", "a.txt");
    commitOn("main", "b.txt");
    await mergeKilledAfterUpdateRef("podkit/T-1-t4");
    // HEAD names the merge commit, index and files are the old commit's: the merge shows reversed.
    expect(status()).toBe("D  a.txt");
    expect(read("a.txt")).toBe("absent");

    const again = await new BranchMerger({ repository }).merge(request("podkit/T-1-t4"));
    expect(again).toMatchObject({
      how: "already-merged",
      checkout: "updated",
      commit: git("rev-parse", "main"),
    });
    expect(again.checkoutNote).toMatch(
      /^finished moving the main checkout from \w{12} to \w{12}, which the interrupted merge podkit\/T-1-t4 had left behind$/,
    );
    expect(git("log", "-1", "--format=%s", again.commit)).toBe("Merge T-1: podkit/T-1-t4");
    expect(status()).toBe("");
    expect([read("a.txt"), read("b.txt")]).toEqual(["a.txt\n", "b.txt\n"]);
  });

  it("finishes it before merging the next branch, which would otherwise find the checkout dirty", async () => {
    const first = commitOn("podkit/T-1-t4", "a.txt");
    // Made beforehand: the helper's `git checkout` would carry the interrupted state along.
    commitOn("podkit/T-2-t1", "c.txt");
    await mergeKilledAfterUpdateRef("podkit/T-1-t4");
    const next = await new BranchMerger({ repository }).merge(request("podkit/T-2-t1"));
    expect(next).toMatchObject({ how: "merge-commit", checkout: "updated" });
    expect(next.checkoutNote).toContain(
      `from ${git("rev-parse", `${first}^`).slice(0, 12)} to ${first.slice(0, 12)}`,
    );
    expect(status()).toBe("");
    expect([read("a.txt"), read("c.txt")]).toEqual(["a.txt\n", "c.txt\n"]);
  });

  it.each([
    [
      "an edited file",
      () => writeFileSync(join(repository, "b.txt"), "mine\n"),
      /its files differ from its index \(local changes\)/,
    ],
    [
      "a staged edit",
      () => {
        writeFileSync(join(repository, "b.txt"), "mine\n");
        git("add", "b.txt");
      },
      /its index differs from 'main' and from the commit before merge podkit\/T-1-t4 \(staged changes\)/,
    ],
    [
      "an untracked file the merge would overwrite",
      () => writeFileSync(join(repository, "a.txt"), "mine\n"),
      /git read-tree -m -u refused to move it/,
    ],
  ])("leaves the checkout as it is when a person made %s meanwhile, and says why", async (_, change, why) => {
    commitOn("main", "b.txt");
    const tip = commitOn("podkit/T-1-t4", "a.txt");
    await mergeKilledAfterUpdateRef("podkit/T-1-t4");
    change();
    const before = { status: git("status", "--porcelain"), a: read("a.txt"), b: read("b.txt") };

    const again = await new BranchMerger({ repository }).merge(request("podkit/T-1-t4"));
    expect(again).toMatchObject({ commit: tip, how: "already-merged", checkout: "left-as-is" });
    expect(again.checkoutNote).toMatch(why);
    expect(again.checkoutNote).toMatch(
      /^the main checkout of 'main' was left as it is: .*; run 'git status' there$/,
    );
    expect({ status: git("status", "--porcelain"), a: read("a.txt"), b: read("b.txt") }).toEqual(before);
  });

  it("leaves a checkout alone whose staged changes are a person's, with no interrupted move behind them", async () => {
    const tip = commitOn("podkit/T-1-t4", "a.txt");
    await new BranchMerger({ repository }).merge(request("podkit/T-1-t4"));
    writeFileSync(join(repository, "a.txt"), "mine\n");
    git("add", "a.txt");
    const again = await new BranchMerger({ repository }).merge(request("podkit/T-1-t4"));
    expect(again).toMatchObject({ commit: tip, how: "already-merged", checkout: "left-as-is" });
    expect(read("a.txt")).toBe("mine\n");
    expect(status()).toBe("M  a.txt");
  });
});
