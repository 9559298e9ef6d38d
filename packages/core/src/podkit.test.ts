import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RegistrationError } from "./errors.js";
import { defineFeature, unavailable } from "./feature.js";
import { createPodkit } from "./podkit.js";
import { RoleConfigError } from "./role-config.js";
import { defineTool } from "./tool.js";

const tool = (name: string, capability: string) =>
  defineTool({
    name,
    description: `The ${name} tool.`,
    capability,
    scope: { ticket: "ticketId" },
    input: z.object({ ticketId: z.string() }),
    output: z.object({ ticketId: z.string() }),
    execute: ({ ticketId }) => ({ ticketId }),
  });

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes on tickets.",
  tools: [tool("notes_list", "read"), tool("notes_add", "write"), tool("notes_purge", "admin")],
  roles: {
    coder: { capabilities: ["read"], scope: { ticket: "bound" } },
    reviewer: { capabilities: ["read"] },
  },
});

const directory = mkdtempSync(join(tmpdir(), "podkit-host-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function roleFile(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

describe("createPodkit", () => {
  it("installs features and hands out toolsets for built-in roles, bound to a scope", async () => {
    const podkit = await createPodkit({ features: [notes] });
    expect(podkit.report.installed.map((entry) => entry.featureId)).toEqual(["notes"]);
    const toolset = podkit.toolset({
      role: "coder",
      agentId: "a-1",
      podId: "p-1",
      bindings: { ticket: "T-1" },
    });
    expect(toolset.actor).toEqual({ role: "coder", agentId: "a-1", podId: "p-1" });
    expect(toolset.list().map((descriptor) => descriptor.name)).toEqual(["notes_list"]);
    expect((await toolset.call("notes_list", { ticketId: "T-1" })).ok).toBe(true);
    expect(await toolset.call("notes_list", { ticketId: "T-2" })).toMatchObject({
      ok: false,
      error: { code: "out_of_scope" },
    });
  });

  it("applies code profiles, then role files, each able to extend a built-in role in place", async () => {
    const file = roleFile(
      "widen-coder.yaml",
      "roles:\n  coder:\n    extends: coder\n    features:\n      notes:\n        capabilities: [admin]\n",
    );
    const podkit = await createPodkit({
      features: [notes],
      profiles: [{ role: "coder", extends: "coder", features: { notes: { capabilities: ["write"] } } }],
      roleFiles: [file],
    });
    const toolset = podkit.toolset({ role: "coder", agentId: "a-1", bindings: { ticket: "T-1" } });
    expect(toolset.list().map((descriptor) => descriptor.name)).toEqual([
      "notes_list",
      "notes_add",
      "notes_purge",
    ]);
    expect(podkit.roles.resolve("coder").features.notes?.scope).toEqual({ ticket: "bound" });
  });

  it("lets a role file define a new role that extends one defined in code", async () => {
    const file = roleFile(
      "auditor.json",
      JSON.stringify({ roles: { auditor: { extends: "lead", features: {} } } }),
    );
    const podkit = await createPodkit({
      features: [notes],
      profiles: [{ role: "lead", features: { notes: { capabilities: ["read", "write"] } } }],
      roleFiles: [file],
    });
    expect(podkit.roles.resolve("auditor").lineage).toEqual(["auditor", "lead"]);
  });

  it("throws a role file problem at startup, naming the file and path", async () => {
    const file = roleFile(
      "bad.yaml",
      "roles:\n  coder:\n    features:\n      notes:\n        capabilities: [fly]\n",
    );
    const attempt = createPodkit({ features: [notes], roleFiles: [file] });
    await expect(attempt).rejects.toSatisfy(RoleConfigError.isInstance);
    await expect(createPodkit({ features: [notes], roleFiles: [file] })).rejects.toThrow(
      `${file}: roles.coder.features.notes.capabilities[0]: 'fly' is not a capability of feature 'notes'.`,
    );
  });

  it("refuses an extends cycle in a role file at load, naming the file and the path", async () => {
    const file = roleFile("cycle.yaml", "roles:\n  a:\n    extends: b\n  b:\n    extends: a\n");
    const attempt = createPodkit({ features: [notes], roleFiles: [file] });
    await expect(attempt).rejects.toSatisfy(RoleConfigError.isInstance);
    await expect(createPodkit({ features: [notes], roleFiles: [file] })).rejects.toThrow(
      `${file}: roles.a.extends: extends a cycle: 'a' -> 'b' -> 'a'.`,
    );
  });

  it("refuses a cycle that a later role file closes through a built-in role", async () => {
    const first = roleFile("helper.yaml", "roles:\n  helper:\n    extends: coder\n");
    const second = roleFile("coder-cycle.yaml", "roles:\n  coder:\n    extends: helper\n");
    await expect(createPodkit({ features: [notes], roleFiles: [first, second] })).rejects.toThrow(
      `${second}: roles.coder.extends: extends a cycle: 'coder' -> 'helper' -> 'coder'.`,
    );
  });

  it("refuses an extends cycle among code profiles at startup", async () => {
    const attempt = createPodkit({
      features: [notes],
      profiles: [
        { role: "a", extends: "b", features: {} },
        { role: "b", extends: "a", features: {} },
      ],
    });
    await expect(attempt).rejects.toSatisfy(RegistrationError.isInstance);
  });

  it("refuses reserved names as roles and features in code", async () => {
    await expect(
      createPodkit({ features: [notes], profiles: [{ role: "constructor", features: {} }] }),
    ).rejects.toThrow("'constructor' is a reserved name");
    expect(() => defineFeature({ id: "prototype", version: "1.0.0", description: "P.", tools: [] })).toThrow(
      "'prototype' is a reserved name",
    );
  });

  it("throws registration problems at startup", async () => {
    await expect(createPodkit({ features: [notes, notes] })).rejects.toSatisfy(RegistrationError.isInstance);
  });

  it("keeps an unavailable feature out and says so in the report", async () => {
    const broken = defineFeature({
      ...notes,
      id: "broken",
      tools: [],
      setup: () => unavailable("no ticket root"),
    });
    const podkit = await createPodkit({ features: [notes, broken] });
    expect(podkit.report.skipped).toEqual([{ featureId: "broken", reason: "no ticket root" }]);
  });

  it("refuses a toolset for an unknown role, and disposes every feature", async () => {
    const podkit = await createPodkit({ features: [notes] });
    expect(() => podkit.toolset({ role: "janitor", agentId: "a-1" })).toThrow("Unknown role 'janitor'.");
    await podkit.dispose();
    expect([...podkit.registry.tools()]).toEqual([]);
  });
});
