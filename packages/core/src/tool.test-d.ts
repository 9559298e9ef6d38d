import { expectTypeOf, test } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import { defineRoleProfile } from "./role-profile.js";
import { defineTool } from "./tool.js";

const add = defineTool({
  name: "notes_add",
  description: "Adds a note.",
  capability: "write",
  input: z.object({ title: z.string(), tags: z.array(z.string()).default([]) }),
  output: z.object({ id: z.string() }),
  execute: (input) => {
    expectTypeOf(input).toEqualTypeOf<{ title: string; tags: string[] }>();
    return { id: input.title };
  },
});
const notes = defineFeature({ id: "notes", version: "1.0.0", description: "Notes.", tools: [add] });

test("a static profile naming an unknown tool fails to type-check", () => {
  defineRoleProfile<typeof notes>({
    role: "writer",
    features: { notes: { capabilities: ["write"], allowTools: ["notes_add"] } },
  });
  const unknownTool = { capabilities: ["write"], allowTools: ["notes_remove"] } as const;
  // @ts-expect-error 'notes_remove' is not a tool of feature 'notes'
  defineRoleProfile<typeof notes>({ role: "writer", features: { notes: unknownTool } });
  expectTypeOf(add.name).toEqualTypeOf<"notes_add">();
});
