import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import { createPodkit } from "./podkit.js";
import { BUILT_IN_ROLE_INSTRUCTIONS } from "./role-instructions.js";
import { BUILT_IN_ROLES } from "./role-profile.js";
import { defineTool } from "./tool.js";

const tool = (name: string, capability: string) =>
  defineTool({
    name,
    description: `The ${name} tool.`,
    capability,
    input: z.object({}),
    output: z.object({}),
    execute: () => ({}),
  });

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes.",
  tools: [tool("notes_read", "read"), tool("notes_write", "write")],
  roles: { coder: { capabilities: ["read", "write"] }, reviewer: { capabilities: ["read"] } },
  instructions: {
    coder: "Write a note for every change with notes_write.",
    reviewer: "Read the coder's notes with notes_read.",
  },
});

const silent = defineFeature({
  id: "silent",
  version: "1.0.0",
  description: "A feature with tools and no instructions.",
  tools: [tool("silent_ping", "read")],
  roles: { coder: { capabilities: ["read"] } },
});

const hidden = defineFeature({
  id: "hidden",
  version: "1.0.0",
  description: "A feature whose instructions mention a tool the role is not granted.",
  tools: [tool("hidden_tool", "admin")],
  instructions: { coder: "Use hidden_tool." },
});

describe("role instructions", () => {
  it("gives every built-in role its default instructions", async () => {
    const podkit = await createPodkit({ features: [] });
    for (const role of BUILT_IN_ROLES) {
      const text = podkit.toolset({ role, agentId: "a" }).instructions();
      expect(text).toBe(BUILT_IN_ROLE_INSTRUCTIONS[role]);
      expect(text.length).toBeGreaterThan(80);
    }
  });

  it("adds what each feature says for the role, only for features whose tools the role holds", async () => {
    const podkit = await createPodkit({ features: [notes, silent, hidden] });
    const coder = podkit.toolset({ role: "coder", agentId: "c" }).instructions();
    expect(coder).toBe(
      `${BUILT_IN_ROLE_INSTRUCTIONS.coder}\n\nWrite a note for every change with notes_write.`,
    );
    expect(coder).not.toContain("hidden_tool");
    expect(podkit.toolset({ role: "reviewer", agentId: "r" }).instructions()).toBe(
      `${BUILT_IN_ROLE_INSTRUCTIONS.reviewer}\n\nRead the coder's notes with notes_read.`,
    );
    expect(podkit.toolset({ role: "intake", agentId: "i" }).instructions()).toBe(
      BUILT_IN_ROLE_INSTRUCTIONS.intake,
    );
  });

  it("drops a feature's part when the role is denied all of its tools", async () => {
    const podkit = await createPodkit({
      features: [notes],
      profiles: [
        {
          role: "coder",
          extends: "coder",
          features: { notes: { capabilities: [], denyTools: ["notes_read", "notes_write"] } },
        },
      ],
    });
    expect(podkit.toolset({ role: "coder", agentId: "c" }).instructions()).toBe(
      BUILT_IN_ROLE_INSTRUCTIONS.coder,
    );
  });

  it("lets a profile replace or extend the instructions it inherits; features follow the lineage", async () => {
    const podkit = await createPodkit({
      features: [notes],
      profiles: [
        {
          role: "coder",
          extends: "coder",
          features: {},
          instructions: { text: "Keep commits small.", mode: "append" },
        },
        { role: "pair", extends: "coder", features: {}, instructions: "You pair with a person." },
        { role: "bare", features: { notes: { capabilities: ["read"] } } },
      ],
    });
    expect(podkit.toolset({ role: "coder", agentId: "c" }).instructions()).toBe(
      `${BUILT_IN_ROLE_INSTRUCTIONS.coder}\n\nKeep commits small.\n\nWrite a note for every change with notes_write.`,
    );
    // Replaced text, but the feature's part for 'coder' still applies: 'pair' extends it.
    expect(podkit.toolset({ role: "pair", agentId: "p" }).instructions()).toBe(
      "You pair with a person.\n\nWrite a note for every change with notes_write.",
    );
    // A role outside every built-in lineage gets no default and no feature text.
    expect(podkit.toolset({ role: "bare", agentId: "b" }).instructions()).toBe("");
  });

  it("follows the registry: a feature disposed later takes its part with it", async () => {
    const podkit = await createPodkit({ features: [notes] });
    const coder = podkit.toolset({ role: "coder", agentId: "c" });
    expect(coder.instructions()).toContain("notes_write");
    await podkit.registry.dispose("notes");
    expect(coder.instructions()).toBe(BUILT_IN_ROLE_INSTRUCTIONS.coder);
  });
});
