import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import { formatPath, loadRoleConfig, parseRoleConfig, RoleConfigError } from "./role-config.js";
import { defineTool } from "./tool.js";

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes.",
  tools: [
    defineTool({
      name: "notes_add",
      description: "Adds a note to a ticket.",
      capability: "write",
      scope: { ticket: "ticketId" },
      input: z.object({ ticketId: z.string() }),
      output: z.object({}),
      execute: () => ({}),
    }),
    defineTool({
      name: "notes_list",
      description: "Lists notes.",
      capability: "read",
      input: z.object({}),
      output: z.object({}),
      execute: () => ({}),
    }),
  ],
});
const tickets = defineFeature({ id: "tickets", version: "1.0.0", description: "Tickets.", tools: [] });
const context = { features: [notes, tickets], knownRoles: ["coder", "reviewer"] };

const directory = mkdtempSync(join(tmpdir(), "podkit-role-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let fileCount = 0;
function writeConfig(extension: string, text: string): string {
  fileCount += 1;
  const file = join(directory, `roles-${fileCount}${extension}`);
  writeFileSync(file, text);
  return file;
}

function configError(file: string): RoleConfigError {
  try {
    loadRoleConfig(file, context);
  } catch (error) {
    if (RoleConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be rejected`);
}

/** Writes a YAML config and returns the single problem it is rejected with. */
function problemIn(yaml: string): { file: string; path: string; message: string; text: string } {
  const file = writeConfig(".yaml", yaml);
  const error = configError(file);
  expect(error.problems).toHaveLength(1);
  const [problem] = error.problems;
  return { file, path: problem!.path, message: problem!.message, text: error.message };
}

const coderWith = (grant: string) => `roles:\n  coder:\n    features:\n      notes:\n${grant}`;

describe("loadRoleConfig", () => {
  it("reads a YAML file into role profiles", () => {
    const file = writeConfig(
      ".yaml",
      [
        "roles:",
        "  coder:",
        "    extends: coder",
        "    description: Writes code for one ticket.",
        "    features:",
        "      notes:",
        "        capabilities: [read, write]",
        "        denyTools: [notes_list]",
        "        scope:",
        "          ticket: bound",
        "  auditor:",
        "    extends: reviewer",
        "    features:",
        "      notes:",
        "        capabilities: [read]",
        "        allowTools: [notes_list]",
        "        scope:",
        "          ticket: { oneOf: [T-1, T-2] }",
      ].join("\n"),
    );
    expect(loadRoleConfig(file, context)).toEqual([
      {
        role: "coder",
        extends: "coder",
        description: "Writes code for one ticket.",
        features: {
          notes: { capabilities: ["read", "write"], denyTools: ["notes_list"], scope: { ticket: "bound" } },
        },
      },
      {
        role: "auditor",
        extends: "reviewer",
        features: {
          notes: {
            capabilities: ["read"],
            allowTools: ["notes_list"],
            scope: { ticket: { oneOf: ["T-1", "T-2"] } },
          },
        },
      },
    ]);
  });

  it("reads the same configuration from JSON and from a .yml file", () => {
    const data = { roles: { reader: { features: { notes: { capabilities: ["read"] } } } } };
    const expected = [{ role: "reader", features: { notes: { capabilities: ["read"] } } }];
    expect(loadRoleConfig(writeConfig(".json", JSON.stringify(data)), context)).toEqual(expected);
    expect(
      loadRoleConfig(
        writeConfig(".yml", "roles:\n  reader:\n    features:\n      notes:\n        capabilities: [read]"),
        context,
      ),
    ).toEqual(expected);
  });

  it("gives a role without features an empty grant set", () => {
    const file = writeConfig(".yaml", "roles:\n  idle:\n    description: Does nothing.");
    expect(loadRoleConfig(file, context)).toEqual([
      { role: "idle", description: "Does nothing.", features: {} },
    ]);
  });

  it("reads instructions as text, as text to append, or from a file beside the role file", () => {
    writeFileSync(join(directory, "reviewer-prompt.md"), "\nCheck the tests first.\n");
    const file = writeConfig(
      ".yaml",
      [
        "roles:",
        "  coder:",
        "    extends: coder",
        "    instructions: Write small commits.",
        "  reviewer:",
        "    extends: reviewer",
        "    instructions: { file: reviewer-prompt.md, mode: append }",
        "  auditor:",
        "    instructions: { text: Audit only. }",
      ].join("\n"),
    );
    expect(loadRoleConfig(file, context).map(({ role, instructions }) => ({ role, instructions }))).toEqual([
      { role: "coder", instructions: "Write small commits." },
      { role: "reviewer", instructions: { text: "Check the tests first.", mode: "append" } },
      { role: "auditor", instructions: { text: "Audit only.", mode: "replace" } },
    ]);
  });

  it("lets a role extend another role defined in the same file", () => {
    const file = writeConfig(".yaml", "roles:\n  lead:\n    extends: helper\n  helper: {}");
    expect(loadRoleConfig(file, context).map((profile) => profile.extends)).toEqual(["helper", undefined]);
  });

  describe("errors name the file, the path inside it and what is allowed", () => {
    it("an unknown top-level key", () => {
      const file = writeConfig(".yaml", "roles: {}\nrole: {}");
      const error = configError(file);
      expect(error.code).toBe("invalid_role_config");
      expect(error.file).toBe(file);
      expect(error.problems).toEqual([{ path: "", message: "unknown key 'role'. Allowed: 'roles'." }]);
      expect(error.message).toBe(
        `Invalid role configuration in ${file}:\n  ${file}: (root): unknown key 'role'. Allowed: 'roles'.`,
      );
    });

    it("an unknown role key", () => {
      const { path, message, text, file } = problemIn("roles:\n  coder:\n    feature: {}");
      expect(path).toBe("roles.coder");
      expect(message).toBe(
        "unknown key 'feature'. Allowed: 'description', 'extends', 'features', 'instructions'.",
      );
      expect(text).toContain(`${file}: roles.coder: unknown key 'feature'.`);
    });

    it("reserved names as role, feature or scope keys, which would otherwise be dropped or inherited", () => {
      for (const name of ["__proto__", "constructor", "prototype"]) {
        const role = problemIn(`roles:\n  ${name}:\n    extends: coder\n`);
        expect(role.path).toBe(`roles.${name}`);
        expect(role.message).toContain(`'${name}' is a reserved name`);
        const feature = problemIn(
          `roles:\n  coder:\n    features:\n      ${name}:\n        capabilities: [read]\n`,
        );
        expect(feature.path).toBe(`roles.coder.features.${name}`);
      }
      const json = writeConfig(
        ".json",
        '{"roles": {"coder": {"features": {"__proto__": {"capabilities": []}}}}}',
      );
      expect(configError(json).problems).toEqual([
        { path: "roles.coder.features.__proto__", message: expect.stringContaining("reserved name") },
      ]);
    });

    it("an instructions file that cannot be read, relative to the role file", () => {
      const { path, message } = problemIn("roles:\n  coder:\n    instructions: { file: missing.md }");
      expect(path).toBe("roles.coder.instructions.file");
      expect(message).toContain(
        `cannot read 'missing.md' (looked for ${join(directory, "missing.md")}): ENOENT`,
      );
    });

    it("instructions that give both text and file, or neither, or an unknown key", () => {
      expect(problemIn("roles:\n  coder:\n    instructions: { text: a, file: b.md }").message).toContain(
        "give exactly one of 'text' or 'file'",
      );
      expect(problemIn("roles:\n  coder:\n    instructions: { mode: append }").message).toContain(
        "give exactly one of 'text' or 'file'",
      );
      const unknown = problemIn("roles:\n  coder:\n    instructions: { text: a, extend: true }");
      expect(unknown).toMatchObject({ path: "roles.coder.instructions" });
      expect(unknown.message).toContain("'extend'");
      expect(problemIn("roles:\n  coder:\n    instructions: 42").message).toBe(
        "expected text, or { text: TEXT } or { file: PATH } with an optional mode: replace | append",
      );
    });

    it("an unknown key in a feature grant", () => {
      const file = writeConfig(
        ".yaml",
        coderWith("        capabilities: [read]\n        allow: [notes_list]"),
      );
      expect(configError(file).problems).toEqual([
        {
          path: "roles.coder.features.notes",
          message: "unknown key 'allow'. Allowed: 'capabilities', 'allowTools', 'denyTools', 'scope'.",
        },
      ]);
    });

    it("a capability the feature does not have", () => {
      const { path, message } = problemIn(coderWith("        capabilities: [read, admin]"));
      expect(path).toBe("roles.coder.features.notes.capabilities[1]");
      expect(message).toBe("'admin' is not a capability of feature 'notes'. Allowed: 'write', 'read'.");
    });

    it("an unknown feature, listing the registered ones", () => {
      const { path, message } = problemIn(
        "roles:\n  coder:\n    features:\n      note:\n        capabilities: [read]",
      );
      expect(path).toBe("roles.coder.features.note");
      expect(message).toBe("unknown feature 'note'. Registered features: 'notes', 'tickets'.");
    });

    it.each(["allowTools", "denyTools"])("an unknown tool in %s", (list) => {
      const { path, message } = problemIn(
        coderWith(`        capabilities: [read]\n        ${list}: [notes_list, notes_remove]`),
      );
      expect(path).toBe(`roles.coder.features.notes.${list}[1]`);
      expect(message).toBe(
        "'notes_remove' is not a tool of feature 'notes'. Allowed: 'notes_add', 'notes_list'.",
      );
    });

    it("an unknown scope dimension", () => {
      const { path, message } = problemIn(
        coderWith("        capabilities: [write]\n        scope:\n          repo: bound"),
      );
      expect(path).toBe("roles.coder.features.notes.scope.repo");
      expect(message).toBe("'repo' is not a scope dimension of feature 'notes'. Allowed: 'ticket'.");
    });

    it.each([
      ["a word other than bound", "mine"],
      ["an object with the wrong key", "{ anyOf: [T-1] }"],
      ["a number", "7"],
    ])("a scope value that is %s", (_case, value) => {
      const { path, message } = problemIn(
        coderWith(`        capabilities: [write]\n        scope:\n          ticket: ${value}`),
      );
      expect(path).toBe("roles.coder.features.notes.scope.ticket");
      expect(message).toBe("expected 'bound' or { oneOf: [ids…] }");
    });

    it("an empty oneOf list", () => {
      const { path, message } = problemIn(
        coderWith("        capabilities: [write]\n        scope:\n          ticket: { oneOf: [] }"),
      );
      expect(path).toBe("roles.coder.features.notes.scope.ticket.oneOf");
      expect(message).toContain("expected array to have >=1 items");
    });

    it("an unknown role in extends, listing the known roles", () => {
      const { path, message } = problemIn("roles:\n  lead:\n    extends: boss");
      expect(path).toBe("roles.lead.extends");
      expect(message).toBe("unknown role 'boss'. Known roles: 'coder', 'reviewer', 'lead'.");
    });

    it("a missing required field", () => {
      const { path, message } = problemIn(coderWith("        denyTools: [notes_list]"));
      expect(path).toBe("roles.coder.features.notes.capabilities");
      expect(message).toBe("is required (Invalid input: expected array, received undefined)");
    });

    it("a field of the wrong type, without calling it missing", () => {
      const { path, message } = problemIn("roles: [coder]");
      expect(path).toBe("roles");
      expect(message).toBe("Invalid input: expected record, received array");
    });

    it("an empty file", () => {
      const { path, message } = problemIn("");
      expect(path).toBe("");
      expect(message).toBe("Invalid input: expected object, received null");
    });

    it("a role name that is not kebab-case", () => {
      const { path, message } = problemIn("roles:\n  Lead_Dev: {}");
      expect(path).toBe("roles.Lead_Dev");
      expect(message).toBe("invalid name 'Lead_Dev': role names are kebab-case");
    });

    it("several problems at once, each on its own line", () => {
      const file = writeConfig(
        ".yaml",
        coderWith("        capabilities: [fly, swim]\n        allowTools: [notes_fly]"),
      );
      const error = configError(file);
      expect(error.problems.map((problem) => problem.path)).toEqual([
        "roles.coder.features.notes.capabilities[0]",
        "roles.coder.features.notes.capabilities[1]",
        "roles.coder.features.notes.allowTools[0]",
      ]);
      expect(error.message.split("\n")).toHaveLength(4);
    });

    it("invalid YAML", () => {
      const { path, message } = problemIn("roles:\n  coder: {\n");
      expect(path).toBe("");
      expect(message).toMatch(/^not valid YAML: /);
    });

    it("invalid JSON", () => {
      const file = writeConfig(".json", '{ "roles": { "coder": } }');
      const error = configError(file);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]?.message).toMatch(/^not valid JSON: /);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it("a file that does not exist", () => {
      const file = join(directory, "missing.yaml");
      const error = configError(file);
      expect(error.file).toBe(file);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]?.path).toBe("");
      expect(error.problems[0]?.message).toMatch(/^cannot read the file: ENOENT/);
      expect(error.message).toContain(`${file}: (root): cannot read the file`);
    });

    it("a path that is a directory", () => {
      const folder = join(directory, "folder.yaml");
      mkdirSync(folder);
      expect(configError(folder).problems[0]?.message).toMatch(/^cannot read the file: EISDIR/);
    });
  });
});

describe("parseRoleConfig", () => {
  it("names the file it was given in messages", () => {
    expect(() =>
      parseRoleConfig("roles: {}\nextra: 1", { file: "inline.yaml", format: "yaml", features: [] }),
    ).toThrow("inline.yaml: (root): unknown key 'extra'. Allowed: 'roles'.");
  });

  it("parses JSON text as JSON", () => {
    expect(() => parseRoleConfig("roles: {}", { file: "x.json", format: "json", features: [] })).toThrow(
      /not valid JSON/,
    );
  });
});

describe("formatPath", () => {
  it("joins keys with dots and indexes in brackets", () => {
    expect(formatPath(["roles", "coder", "features", "notes", "capabilities", 1])).toBe(
      "roles.coder.features.notes.capabilities[1]",
    );
    expect(formatPath([])).toBe("");
  });
});
