import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature, unavailable } from "../feature.js";
import { defineTool } from "../tool.js";
import { createTestToolset } from "./create-test-toolset.js";

const store = defineFeature({
  id: "store",
  version: "1.0.0",
  description: "A key-value store.",
  tools: [
    defineTool({
      name: "store_get",
      description: "Reads a key.",
      capability: "read",
      input: z.object({ key: z.string() }),
      output: z.object({ value: z.string().nullable() }),
      execute: ({ key }) => ({ value: key === "hello" ? "world" : null }),
    }),
  ],
});

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes.",
  requires: ["store"],
  tools: [
    defineTool({
      name: "notes_add",
      description: "Adds a note.",
      capability: "write",
      input: z.object({ title: z.string() }),
      output: z.object({ id: z.string() }),
      execute: ({ title }) => ({ id: title }),
    }),
    defineTool({
      name: "notes_list",
      description: "Lists notes.",
      capability: "read",
      input: z.object({}),
      output: z.object({ ids: z.array(z.string()) }),
      execute: (_input, context) => ({ ids: [context.actor.agentId, context.bindings.ticket ?? "unbound"] }),
    }),
  ],
  roles: { reviewer: { capabilities: ["read"] }, coder: { capabilities: ["read", "write"] } },
});

describe("createTestToolset", () => {
  it("gives a built-in role the grants the feature ships for it", async () => {
    const { toolset, report } = await createTestToolset(notes, "reviewer", { requires: [store] });
    expect(toolset.list().map((tool) => tool.name)).toEqual(["notes_list"]);
    expect(report.installed.map((entry) => entry.featureId)).toEqual(["store", "notes"]);
    expect(toolset.actor).toEqual({ role: "reviewer", agentId: "test-agent" });
  });

  it("takes a profile object, which may extend a built-in role", async () => {
    const { toolset } = await createTestToolset(
      notes,
      {
        role: "archivist",
        extends: "reviewer",
        features: { notes: { capabilities: ["write"] }, store: { capabilities: ["read"] } },
      },
      { requires: [store], agentId: "agent-9", bindings: { ticket: "T-4" } },
    );
    expect(toolset.list().map((tool) => tool.name)).toEqual(["store_get", "notes_add", "notes_list"]);
    expect(await toolset.call("notes_list", {})).toEqual({ ok: true, output: { ids: ["agent-9", "T-4"] } });
  });

  it("records tool-call and tool-denied events in order", async () => {
    const { toolset, events } = await createTestToolset(notes, "reviewer", { requires: [store] });
    await toolset.call("notes_list", {});
    await toolset.call("notes_add", { title: "x" });
    expect(events.map((event) => [event.name, event.payload.tool, event.payload.rule])).toEqual([
      ["tool-call", "notes_list", "capability:read"],
      ["tool-denied", "notes_add", "capability-not-granted:write"],
    ]);
  });

  it("reports a feature that could not install, with no tools", async () => {
    const broken = defineFeature({ ...store, id: "broken", tools: [], setup: () => unavailable("no disk") });
    const { report, toolset } = await createTestToolset(broken, "human");
    expect(report.skipped).toEqual([{ featureId: "broken", reason: "no disk" }]);
    expect(toolset.list()).toEqual([]);
  });

  it("refuses an unknown role name", async () => {
    await expect(createTestToolset(notes, "janitor", { requires: [store] })).rejects.toThrow(
      "Unknown role 'janitor'.",
    );
  });

  it("can be imported on its own, before anything else loads reflect-metadata", () => {
    const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
    const output = execFileSync(
      process.execPath,
      [
        "--conditions=@podkit/source",
        "--import",
        "tsx",
        "--input-type=module",
        "--eval",
        'const testing = await import("@podkit/core/testing"); console.log(typeof testing.createTestToolset);',
      ],
      { cwd: packageRoot, encoding: "utf8" },
    );
    expect(output.trim()).toBe("function");
  });
});
