import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import { featureToolset } from "./feature-toolset.js";
import { createTestToolset } from "./testing/create-test-toolset.js";
import { defineTool } from "./tool.js";

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes.",
  tools: [
    defineTool({
      name: "notes_add",
      description: "Adds a note.",
      capability: "write",
      input: z.object({ title: z.string(), tags: z.array(z.string()).default([]) }),
      output: z.object({ id: z.string(), tags: z.array(z.string()) }),
      execute: (input) => ({ id: input.title, tags: input.tags }),
    }),
  ],
  roles: { coder: { capabilities: ["write"] }, reviewer: { capabilities: [] } },
});

describe("featureToolset", () => {
  it("calls through the toolset: parsed output on success, the toolset's refusal otherwise", async () => {
    const { toolset, events } = await createTestToolset(notes, "coder");
    const typed = featureToolset<typeof notes>(toolset);
    expect(typed.toolset).toBe(toolset);
    expect(await typed.call("notes_add", { title: "n-1" })).toEqual({
      ok: true,
      output: { id: "n-1", tags: [] },
    });
    expect(events.map((event) => event.name)).toEqual(["tool-call"]);
    const reviewer = featureToolset<typeof notes>((await createTestToolset(notes, "reviewer")).toolset);
    expect(await reviewer.call("notes_add", { title: "n-2" })).toMatchObject({
      ok: false,
      error: { code: "unknown_tool" },
    });
  });
});
