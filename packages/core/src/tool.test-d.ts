import { expectTypeOf, test } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { type CapabilityOf, defineFeature, type ToolNameOf } from "./feature.js";
import { defineRoleProfile } from "./role-profile.js";
import { defineTool, type ToolContext } from "./tool.js";

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
const list = defineTool({
  name: "notes_list",
  description: "Lists notes.",
  capability: ["read", "write"],
  input: z.object({ limit: z.number().optional() }),
  output: z.object({ ids: z.array(z.string()) }),
  execute: () => ({ ids: [] }),
});
const notes = defineFeature({ id: "notes", version: "1.0.0", description: "Notes.", tools: [add, list] });

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

test("a static profile naming an unknown capability or feature fails to type-check", () => {
  const unknownCapability = { capabilities: ["admin"] } as const;
  // @ts-expect-error 'admin' is not a capability of feature 'notes'
  defineRoleProfile<typeof notes>({ role: "writer", features: { notes: unknownCapability } });
  const unknownFeature = { tickets: { capabilities: ["read"] } } as const;
  // @ts-expect-error 'tickets' is not a registered feature
  defineRoleProfile<typeof notes>({ role: "writer", features: unknownFeature });
});

test("execute receives the parsed input and context, and must return the output shape", () => {
  defineTool({
    name: "notes_get",
    description: "Gets a note.",
    capability: "read",
    input: z.object({ id: z.string(), verbose: z.boolean().default(false), note: z.string().optional() }),
    output: z.object({ title: z.string() }),
    execute: (input, context) => {
      expectTypeOf(input).toEqualTypeOf<{ id: string; verbose: boolean; note?: string | undefined }>();
      expectTypeOf(context).toEqualTypeOf<ToolContext>();
      return { title: input.id };
    },
  });
  defineTool({
    name: "notes_bad",
    description: "Returns the wrong shape.",
    capability: "read",
    input: z.object({}),
    output: z.object({ title: z.string() }),
    // @ts-expect-error the output schema needs a string 'title'
    execute: () => ({ title: 42 }),
  });
});

test("a zod 3 schema infers execute's input too", () => {
  defineTool({
    name: "legacy_echo",
    description: "Echoes.",
    capability: "read",
    input: z3.object({ text: z3.string(), times: z3.number().default(1) }),
    output: z3.object({ text: z3.string() }),
    execute: (input) => {
      expectTypeOf(input).toEqualTypeOf<{ text: string; times: number }>();
      return { text: input.text.repeat(input.times) };
    },
  });
});

test("feature helpers keep tool names and capabilities as literal unions", () => {
  expectTypeOf<ToolNameOf<typeof notes>>().toEqualTypeOf<"notes_add" | "notes_list">();
  expectTypeOf<CapabilityOf<typeof notes>>().toEqualTypeOf<"write" | "read">();
});
