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
let reviewer: Toolset;
const ok = (tool: string, input: unknown) => expectOk(reviewer, tool, input);

beforeAll(async () => {
  fixture = createGitFixture({
    "README.md": "# demo\nfetchWithRetry is documented here\n",
    "src/fetch.ts": "export function fetchWithRetry() {}\n// TODO: backoff\n",
    "src/other.ts": "const FETCHWITHRETRY = 1;\n",
  });
  fixture.write("src/new-file.ts", "fetchWithRetry(); // untracked but not ignored\n");
  fixture.write(".podkit/ignored.ts", "fetchWithRetry(); // ignored by .gitignore\n");
  fixture.write("many.txt", Array.from({ length: 40 }, (_, index) => `hit ${index}`).join("\n"));
  // The reviewer holds `read`: search is one of its tools.
  ({ toolset: reviewer } = await toolsetFor(
    createWorkspaceFeature({ root: fixture.worktree, baseRef: "main", limits: { searchMatches: 25 } }),
    "reviewer",
  ));
});
afterAll(() => fixture.cleanup());

describe("workspace_search", () => {
  it("finds a literal string in tracked and untracked files, not in ignored ones", async () => {
    const found = await ok("workspace_search", { pattern: "fetchWithRetry" });
    expect(found.matches).toEqual([
      { path: "README.md", line: 2, text: "fetchWithRetry is documented here" },
      { path: "src/fetch.ts", line: 1, text: "export function fetchWithRetry() {}" },
      { path: "src/new-file.ts", line: 1, text: "fetchWithRetry(); // untracked but not ignored" },
    ]);
    expect(found).toMatchObject({ returned: 3, truncated: false });
  });

  it("searches below a path, ignoring case when asked", async () => {
    const found = await ok("workspace_search", { pattern: "fetchwithretry", path: "src", ignoreCase: true });
    expect(found.matches.map((match: { path: string }) => match.path)).toEqual([
      "src/fetch.ts",
      "src/new-file.ts",
      "src/other.ts",
    ]);
  });

  it("treats the pattern literally unless regex is set", async () => {
    expect((await ok("workspace_search", { pattern: "fetch.*Retry()" })).matches).toEqual([]);
    const regex = await ok("workspace_search", { pattern: "TODO: [a-z]+", regex: true });
    expect(regex.matches).toEqual([{ path: "src/fetch.ts", line: 2, text: "// TODO: backoff" }]);
  });

  it("stops at the limit and says the result was cut", async () => {
    const found = await ok("workspace_search", { pattern: "hit", limit: 10 });
    expect(found).toMatchObject({ returned: 10, truncated: true });
    expect(found.matches[9]).toEqual({ path: "many.txt", line: 10, text: "hit 9" });
    const capped = await ok("workspace_search", { pattern: "hit", limit: 1000 });
    expect(capped).toMatchObject({ returned: 25, truncated: true });
  });

  it("returns no matches as an empty list", async () => {
    expect(await ok("workspace_search", { pattern: "no such text anywhere" })).toEqual({
      matches: [],
      returned: 0,
      truncated: false,
    });
  });

  it("refuses a regular expression that does not parse, with git's reason", async () => {
    const result = await reviewer.call("workspace_search", { pattern: "fetch(", regex: true });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_pattern" } });
    expect(!result.ok && result.error.message).toContain("not valid POSIX extended syntax");
  });

  it("refuses a path that does not exist", async () => {
    expect(await reviewer.call("workspace_search", { pattern: "x", path: "nope" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});
