import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILT_IN_ROLES, createPodkit, type JsonSchema, toJsonSchema } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";
import { checkOpenAiStrictSchema, toOpenAiTools } from "@podkit/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, expectOk, type GitFixture } from "./testing/git-repository.fixture.js";
import { WorkspaceError } from "./workspace-error.js";
import { createWorkspaceFeature } from "./workspace-feature.js";
import type { WorkspaceOptions } from "./workspace-options.js";

const READ_TOOLS = ["workspace_list", "workspace_read", "workspace_search", "workspace_diff"];
const ALL_TOOLS = [...READ_TOOLS, "workspace_write", "workspace_edit", "workspace_commit", "workspace_run"];

let fixture: GitFixture;
let scratch: string;

beforeAll(() => {
  fixture = createGitFixture();
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "podkit-workspace-plain-")));
});
afterAll(() => {
  fixture.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe("createWorkspaceFeature", () => {
  it("installs its eight tools for a git worktree", async () => {
    const { report, toolset } = await createTestToolset(
      createWorkspaceFeature({
        root: fixture.worktree,
        baseRef: "main",
        commands: { test: ["pnpm", "test"] },
      }),
      "coder",
    );
    expect(report.installed).toEqual([{ featureId: "workspace", version: "0.1.0", tools: ALL_TOOLS }]);
    expect(toolset.list().map((tool) => tool.name)).toEqual(ALL_TOOLS);
  });

  it("grants the coder read, write and exec, the reviewer read, and every other role nothing", async () => {
    const feature = createWorkspaceFeature({ root: fixture.worktree, baseRef: "main" });
    for (const role of BUILT_IN_ROLES) {
      const { toolset } = await createTestToolset(feature, role);
      const expected = role === "coder" ? ALL_TOOLS : role === "reviewer" ? READ_TOOLS : [];
      expect(
        toolset.list().map((tool) => tool.name),
        role,
      ).toEqual(expected);
      if (expected.length === 0) {
        const refused = await toolset.call("workspace_read", { path: "README.md" });
        expect(refused, role).toMatchObject({ ok: false, error: { code: "unknown_tool" } });
      }
    }
    const { toolset: reviewer } = await createTestToolset(feature, "reviewer");
    expect(await reviewer.call("workspace_write", { path: "x.txt", content: "x" })).toMatchObject({
      ok: false,
      error: { code: "unknown_tool" },
    });
  });

  it("works on a repository's main working tree as well as on a worktree", async () => {
    const { toolset } = await createTestToolset(
      createWorkspaceFeature({ root: fixture.repository, baseRef: "main" }),
      "reviewer",
    );
    expect((await expectOk(toolset, "workspace_read", { path: "README.md" })).content).toBe("# demo");
  });

  it("says in the run tool's description when no command is configured", async () => {
    const { toolset } = await createTestToolset(
      createWorkspaceFeature({ root: fixture.worktree, baseRef: "main" }),
      "coder",
    );
    expect(toolset.list().find((tool) => tool.name === "workspace_run")?.description).toContain(
      "none are configured",
    );
    expect(await toolset.call("workspace_run", { command: "test" })).toMatchObject({
      ok: false,
      error: {
        code: "unknown_command",
        message: "'test' is not a configured command. Commands this worktree may run: (none).",
      },
    });
  });
});

describe("role files", () => {
  it("narrow the coder as the README shows: no workspace_run, everything else kept", async () => {
    const file = join(scratch, "roles.yaml");
    writeFileSync(
      file,
      [
        "roles:",
        "  coder:",
        "    extends: coder",
        "    features:",
        "      workspace: { capabilities: [read, write], denyTools: [workspace_run] }",
        "",
      ].join("\n"),
    );
    const podkit = await createPodkit({
      features: [
        createWorkspaceFeature({ root: fixture.worktree, baseRef: "main", commands: { test: ["true"] } }),
      ],
      roleFiles: [file],
    });
    try {
      const coder = podkit.toolset({ role: "coder", agentId: "coder-1" });
      expect(coder.list().map((tool) => tool.name)).toEqual(
        ALL_TOOLS.filter((name) => name !== "workspace_run"),
      );
      expect(await coder.call("workspace_run", { command: "test" })).toMatchObject({
        ok: false,
        error: { code: "unknown_tool" },
      });
    } finally {
      await podkit.dispose();
    }
  });
});

describe("an unusable environment installs no tools and says why", () => {
  const cases: [string, () => Partial<WorkspaceOptions>, string][] = [
    ["a root that does not exist", () => ({ root: join(scratch, "missing") }), "cannot be opened"],
    [
      "a root that is a file",
      () => {
        writeFileSync(join(scratch, "file.txt"), "x");
        return { root: join(scratch, "file.txt") };
      },
      "is not a directory",
    ],
    [
      "a directory outside any git repository",
      () => {
        mkdirSync(join(scratch, "plain"), { recursive: true });
        return { root: join(scratch, "plain") };
      },
      "is not inside a git worktree or repository",
    ],
    [
      "a subdirectory of a worktree",
      () => {
        mkdirSync(join(fixture.worktree, "sub"), { recursive: true });
        return { root: join(fixture.worktree, "sub") };
      },
      "is a subdirectory of the git worktree",
    ],
    [
      "a base ref that names no commit",
      () => ({ baseRef: "no-such-branch" }),
      "the base ref 'no-such-branch' does not name a commit",
    ],
  ];
  for (const [name, options, reason] of cases) {
    it(name, async () => {
      const { report, registry, toolset } = await createTestToolset(
        createWorkspaceFeature({ root: fixture.worktree, baseRef: "main", ...options() }),
        "coder",
      );
      expect(report.installed).toEqual([]);
      expect(report.skipped).toEqual([{ featureId: "workspace", reason: expect.stringContaining(reason) }]);
      expect([...registry.tools()]).toEqual([]);
      expect(await toolset.call("workspace_list", {})).toMatchObject({
        ok: false,
        error: { code: "unknown_tool" },
      });
    });
  }
});

describe("options", () => {
  it("rejects options it cannot use, naming each field and what is allowed", () => {
    const attempts: [unknown, string][] = [
      [{ root: "", baseRef: "main" }, "root must name the worktree directory"],
      [{ root: ".", baseRef: "--upload-pack=evil" }, "baseRef must not start with '-'"],
      [{ root: ".", baseRef: "main branch" }, "baseRef must not contain whitespace"],
      [{ root: ".", baseRef: "main", commands: { "run tests": ["pnpm"] } }, "a command name is a letter"],
      [{ root: ".", baseRef: "main", commands: { test: [] } }, "a command is a non-empty argv array"],
      [
        { root: ".", baseRef: "main", commands: { test: ["pnpm", "a\0b"] } },
        "an argument cannot contain a NUL byte",
      ],
      [
        { root: ".", baseRef: "main", commands: { test: "pnpm test" } },
        "expected array, received string\n  → at commands.test",
      ],
      [{ root: ".", baseRef: "main", limits: { readChars: 0 } }, "limits.readChars"],
      [{ root: ".", baseRef: "main", limits: { readChars: 10, speed: 3 } }, 'Unrecognized key: "speed"'],
      [{ root: ".", baseRef: "main", shell: true }, 'Unrecognized key: "shell"'],
    ];
    for (const [options, expected] of attempts) {
      let caught: unknown;
      try {
        createWorkspaceFeature(options as WorkspaceOptions);
      } catch (error) {
        caught = error;
      }
      expect(WorkspaceError.isInstance(caught), JSON.stringify(options)).toBe(true);
      expect((caught as WorkspaceError).code).toBe("invalid_options");
      expect((caught as WorkspaceError).message, JSON.stringify(options)).toContain(expected);
    }
  });
});

describe("schemas", () => {
  it("describes every field of every input and output", () => {
    const feature = createWorkspaceFeature({ root: fixture.worktree, baseRef: "main" });
    const undescribed: string[] = [];
    for (const tool of feature.tools) {
      for (const io of ["input", "output"] as const) {
        visitProperties(toJsonSchema(tool[io], io), `${tool.name}.${io}`, (path, property) => {
          if (typeof property.description !== "string" || property.description === "") undescribed.push(path);
        });
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("renders as OpenAI strict-mode function tools", async () => {
    const { toolset } = await createTestToolset(
      createWorkspaceFeature({ root: fixture.worktree, baseRef: "main" }),
      "coder",
    );
    const tools = toOpenAiTools(toolset);
    expect(tools).toHaveLength(8);
    for (const tool of tools)
      expect(checkOpenAiStrictSchema(tool.function.parameters), tool.function.name).toEqual([]);
  });
});

function visitProperties(
  schema: JsonSchema,
  path: string,
  visit: (path: string, property: JsonSchema) => void,
): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    visit(`${path}.${name}`, property);
    visitProperties(property, `${path}.${name}`, visit);
  }
  if (typeof schema.items === "object" && schema.items !== null)
    visitProperties(schema.items as JsonSchema, `${path}[]`, visit);
  for (const branch of (schema.anyOf ?? []) as JsonSchema[]) visitProperties(branch, path, visit);
}
